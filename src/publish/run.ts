import * as core from '@actions/core';
import { ActionError } from '../errors.js';
import { envelopeStatement, predicateTypeOf, sameAttestation } from '../attest/statement.js';
import { ATTESTATION_SUFFIX, BUNDLE_SUFFIX } from '../plan/sign-plan.js';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { SignReport } from '../sign/run.js';
import type { SignedFile } from '../sign/sign-files.js';
import { BundleVerifier, parseBundle } from '../verify/bundle-verifier.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';
import type { ArtifactUploader } from './artifact.js';
import { commonDirectory } from './artifact-name.js';
import { attachBundles, type AttachedAsset } from './attach.js';
import {
  verificationSection,
  withVerificationSection,
  type AttestedFiles,
  type NotesInput,
} from './release-notes.js';
import type { Release, ReleaseAsset, ReleasesAPI } from './releases.js';

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

/** How many times the notes are rewritten when another job attached bundles meanwhile. */
const NOTES_ATTEMPTS = 3;

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
    core.info(`Uploaded ${files.length} files as the artifact ${artifact.name} (${artifact.url})`);
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
      await writeNotes(api, target, {
        identity: signed[0].identity,
        issuer: signed[0].issuer ?? GITHUB_ACTIONS_ISSUER,
        instance: report.instance.kind,
        repository: api.repository,
        action: deps.action,
      });
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
 * Writes the "Verify these files" section, listing every bundle in the release (so matrix jobs
 * that attach to one release end up with one section naming all files). If other bundles
 * appeared while writing, the section is written again.
 */
async function writeNotes(
  api: ReleasesAPI,
  release: Release,
  signer: Omit<NotesInput, 'files' | 'attestations'>,
): Promise<void> {
  // Each attestation is downloaded once (by asset id, which a replaced asset changes), not on
  // every attempt.
  const types = new Map<number, Promise<string | undefined>>();
  for (let attempt = 1; attempt <= NOTES_ATTEMPTS; attempt++) {
    const before = await bundlesIn(api, release);
    const current = await api.get(release.id);
    const section = verificationSection({
      ...signer,
      files: before.files,
      attestations: await attestationsByType(before.attestations, (asset) => {
        if (!types.has(asset.id)) types.set(asset.id, attestedType(api, asset));
        return types.get(asset.id)!;
      }),
    });
    const body = withVerificationSection(current.body, section);
    if (body !== current.body) await api.updateBody(release.id, body);
    const after = await bundlesIn(api, release);
    if (after.key === before.key) {
      core.info(
        `Release ${release.tagName}: notes list ${before.files.length} signed files` +
          (before.attestations.length ? ` and ${before.attestations.length} attestations` : ''),
      );
      return;
    }
  }
}

/** The release's signature bundles and attestations, by the name of the file each is for. */
async function bundlesIn(
  api: ReleasesAPI,
  release: Release,
): Promise<{ files: string[]; attestations: ReleaseAsset[]; key: string }> {
  const assets = await api.listAssets(release.id);
  const names = new Set(assets.map((a) => a.name));
  // `x.intoto.sigstore.json` is the signature of a file named `x.intoto` when there is one.
  const isAttestation = (name: string): boolean =>
    name.endsWith(ATTESTATION_SUFFIX) && !names.has(name.slice(0, -BUNDLE_SUFFIX.length));
  const files = assets
    .filter((a) => a.name.endsWith(BUNDLE_SUFFIX) && !isAttestation(a.name))
    .map((a) => a.name.slice(0, -BUNDLE_SUFFIX.length))
    .sort();
  const attestations = assets
    .filter((a) => isAttestation(a.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, attestations, key: [...files, ...attestations.map((a) => a.name)].join('\n') };
}

/**
 * The attestations in the release grouped by predicate type, read from each statement (only to
 * write the right `--predicate-type` in the commands; the commands are what verify them).
 */
async function attestationsByType(
  assets: readonly ReleaseAsset[],
  typeOf: (asset: ReleaseAsset) => Promise<string | undefined>,
): Promise<AttestedFiles[]> {
  const groups = new Map<string, string[]>();
  for (const asset of assets) {
    const type = await typeOf(asset);
    if (!type) continue;
    groups.set(type, [
      ...(groups.get(type) ?? []),
      asset.name.slice(0, -ATTESTATION_SUFFIX.length),
    ]);
  }
  return [...groups].map(([predicateType, files]) => ({ predicateType, files }));
}

async function attestedType(api: ReleasesAPI, asset: ReleaseAsset): Promise<string | undefined> {
  try {
    const bundle = parseBundle(JSON.parse((await api.download(asset)).toString('utf8')));
    if (bundle.content.$case !== 'dsseEnvelope') return undefined;
    return predicateTypeOf(envelopeStatement(bundle.content.dsseEnvelope));
  } catch {
    // Not an attestation this action can describe: left out of the notes, not fatal.
    return undefined;
  }
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
