import * as core from '@actions/core';
import { ActionError } from '../errors.js';
import { envelopeStatement, sameAttestation } from '../attest/statement.js';
import { printableName } from '../report/log-text.js';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { SignReport } from '../sign/run.js';
import type { SignedFile } from '../sign/sign-files.js';
import { BundleVerifier, parseBundle } from '../verify/bundle-verifier.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';
import type { ArtifactUploader } from './artifact.js';
import { commonDirectory } from './artifact-name.js';
import { attachBundles, type AttachedAsset } from './attach.js';
import { writeNotes } from './notes-update.js';
import type { NotesInput } from './release-notes.js';
import type { Release, ReleasesAPI } from './releases.js';
import { counted } from '../report/wording.js';

export interface PublishConfig {
  /** Upload the bundles (and optionally the files) as one workflow artifact. */
  readonly artifact?: { readonly name: string; readonly includeFiles: boolean };
  /** Attach the bundles to the release of this tag, and maybe add verification notes. */
  readonly release?: { readonly tag: string; readonly notes: boolean };
  readonly overwrite: boolean;
}

export interface PublishDeps {
  readonly artifacts?: ArtifactUploader;
  /** The instance's trusted root, to recognise an equivalent bundle already in the release. */
  readonly trustedRoot?: TrustedRoot;
  readonly releases?: ReleasesAPI;
  /** Builds the artifact's web URL from its id. */
  readonly artifactURL: (id: number) => string;
  readonly action?: NotesInput['action'];
}

export interface PublishReport {
  readonly artifact?: { readonly id: number; readonly name: string; readonly url: string };
  readonly release?: {
    readonly tag: string;
    readonly url: string;
    readonly assets: readonly AttachedAsset[];
    readonly notes: boolean;
  };
}

/**
 * Hands the bundles over where users look: a workflow artifact, the GitHub Release, its notes.
 * Runs only after every file was signed: a release is never left half signed by this step.
 */
export async function publishSigned(
  report: SignReport,
  config: PublishConfig,
  deps: PublishDeps,
): Promise<PublishReport> {
  const signed = report.outcome.signed;
  const bundles = signed.map((s) => s.target.bundlePath);
  let artifact: PublishReport['artifact'];
  let release: PublishReport['release'];

  if (config.artifact && deps.artifacts) {
    const files = config.artifact.includeFiles
      ? signed.flatMap((s) => [s.target.path, s.target.bundlePath])
      : bundles;
    const uploaded = await deps.artifacts.upload(
      config.artifact.name,
      files,
      commonDirectory(files),
    );
    artifact = { id: uploaded.id, name: config.artifact.name, url: deps.artifactURL(uploaded.id) };
    core.info(
      `Uploaded ${counted(files.length, 'file')} as the artifact ${printableName(artifact.name)} (${printableName(artifact.url)})`,
    );
  }

  if (config.release && deps.releases) {
    const api = deps.releases;
    const target = await findRelease(api, config.release.tag);
    const assets = await attachBundles(api, target, bundles, {
      overwrite: config.overwrite,
      equivalent: deps.trustedRoot
        ? equivalentBundle(deps.trustedRoot, signed, report.attestation?.predicateType)
        : undefined,
    });
    if (config.release.notes && signed[0]) {
      const attestation = report.attestation;
      await writeNotes(
        api,
        target,
        {
          identity: signed[0].identity,
          issuer: signed[0].issuer ?? GITHUB_ACTIONS_ISSUER,
          instance: report.instance.kind,
          // The run that signed; the release's repository when the certificate names none.
          repository: signed[0].sourceRepository ?? api.repository,
          action: deps.action,
        },
        {
          trustedRoot: deps.trustedRoot,
          own: new Map(
            assets.map((a) => [
              a.name,
              attestation
                ? { kind: 'attestation', predicateType: attestation.predicateType }
                : { kind: 'signature' },
            ]),
          ),
        },
      );
    }
    release = { tag: target.tagName, url: target.htmlURL, assets, notes: config.release.notes };
  }
  return { artifact, release };
}

/**
 * The release of a tag, drafts included when the token can see them. `purpose` only changes the
 * advice: a signing job should create the release first; a verifying one has the wrong tag,
 * repository, or a token that cannot see a draft.
 */
export async function findRelease(
  api: ReleasesAPI,
  tag: string,
  purpose: 'attach' | 'verify' = 'attach',
): Promise<Release> {
  const release = await api.findByTag(tag);
  if (!release) {
    throw new ActionError(
      'RELEASE_NOT_FOUND',
      purpose === 'attach'
        ? `${api.repository} has no release for the tag ${tag} (drafts included); create it before this step ` +
            `(e.g. \`gh release create ${tag} --draft\`), or set release-tag. A draft is only visible to a token with contents: write.`
        : `${api.repository} has no release for the tag ${tag} that this token can see; check release-tag and repository. ` +
            'A draft release is only visible to a token with contents: write: verify it once it is published, or pass such a github-token.',
    );
  }
  return release;
}

/**
 * An existing release bundle is equivalent to ours when it signs the same file digest and
 * verifies, against the instance's trusted root, for the identity and issuer we signed as (and,
 * for attestations, is one of the same predicate type: a re-run's provenance differs in its
 * run attempt, and is as good).
 */
function equivalentBundle(
  trustedRoot: TrustedRoot,
  signed: readonly SignedFile[],
  predicateType: string | undefined,
): (existing: Buffer, ours: Buffer) => boolean {
  const verifier = new BundleVerifier(trustedRoot);
  return (existing, ours) => {
    try {
      const mine = parseBundle(JSON.parse(ours.toString('utf8')));
      const theirs = parseBundle(JSON.parse(existing.toString('utf8')));
      if (mine.content.$case !== theirs.content.$case) return false;
      // Our own bundle says which file it is for: its digest, or its statement's one subject.
      const statement =
        mine.content.$case === 'dsseEnvelope'
          ? (envelopeStatement(mine.content.dsseEnvelope) as {
              subject: { digest: { sha256: string } }[];
            })
          : undefined;
      const digest =
        mine.content.$case === 'messageSignature'
          ? mine.content.messageSignature.messageDigest.digest.toString('hex')
          : statement?.subject[0].digest.sha256;
      const file = signed.find((s) => s.sha256 === digest);
      if (!file) return false;
      const sha256 = Buffer.from(file.sha256, 'hex');
      verifier.verify(
        theirs,
        { digests: { sha256 } },
        {
          kind: 'identity',
          policy: {
            identity: file.identity,
            issuer: file.issuer ?? GITHUB_ACTIONS_ISSUER,
            claims: {},
            // Ours only if signed in the repository of our own run.
            ...(file.sourceRepository
              ? { sourceRepository: { repository: file.sourceRepository, origin: 'cert-identity' } }
              : {}),
          },
        },
        { predicateType },
      );
      // An attestation must also say the same: a changed predicate (a new scan of the same
      // file) is new content, not a re-run's copy. Read only now that theirs has verified.
      if (theirs.content.$case === 'dsseEnvelope') {
        return sameAttestation(statement, envelopeStatement(theirs.content.dsseEnvelope));
      }
      return true;
    } catch {
      return false;
    }
  };
}
