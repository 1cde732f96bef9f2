/**
 * The release notes' "Verify these files" section, written after the bundles are attached, and
 * only with what this run verified. Whoever can upload a release asset (another workflow, a
 * leaked token, a compromised job) can attach a `<name>.sigstore.json` or an attestation that
 * claims any predicate type; the notes say "signed by <this identity>", so a bundle is listed
 * only once it VERIFIES, against the instance's trusted root, as signed by the identity and
 * issuer this run signed as (another leg of the same matrix does). An attestation's predicate
 * type is taken from the verification's result, never from the unverified statement. A bundle
 * that does not verify is left out of the notes, and named in a warning.
 */
import * as core from '@actions/core';
import { HashAlgorithm, type TrustedRoot } from '@sigstore/protobuf-specs';
import type { Bundle } from '@sigstore/bundle';
import { envelopeStatement } from '../attest/statement.js';
import { ATTESTATION_SUFFIX, BUNDLE_SUFFIX } from '../plan/sign-plan.js';
import { printable, printableName } from '../report/log-text.js';
import { BundleVerifier, parseBundle } from '../verify/bundle-verifier.js';
import { GITHUB_ACTIONS_ISSUER, type IdentityPolicy } from '../verify/policy.js';
import {
  verificationSection,
  withVerificationSection,
  type AttestedFiles,
  type NotesInput,
} from './release-notes.js';
import type { Release, ReleaseAsset, ReleasesAPI } from './releases.js';
import { counted } from '../report/wording.js';

/** How many times the notes are rewritten when another job attached bundles meanwhile. */
const NOTES_ATTEMPTS = 3;

/** Who signed, and where: everything in the section but its lists of files and its release. */
export type NotesSigner = Omit<NotesInput, 'files' | 'attestations' | 'release'>;

/** What a bundle asset was found to be: a signature, or an attestation of a predicate type. */
type Vouched =
  { readonly kind: 'signature' } | { readonly kind: 'attestation'; readonly predicateType: string };

export interface NotesEvidence {
  /**
   * The instance's trusted root, to verify the release's bundles with. Without one (a private
   * instance named by its signing config alone), only this run's own bundles are listed.
   */
  readonly trustedRoot?: TrustedRoot;
  /** This run's bundles, by asset name: what this run signed and attached. */
  readonly own: ReadonlyMap<string, Vouched>;
}

/**
 * Writes the section, listing every bundle in the release that verifies (so matrix jobs that
 * attach to one release end up with one section naming all their files). If other bundles
 * appeared while writing, the section is written again.
 */
export async function writeNotes(
  api: ReleasesAPI,
  release: Release,
  signer: NotesSigner,
  evidence: NotesEvidence,
): Promise<void> {
  const policy: IdentityPolicy = {
    identity: signer.identity,
    issuer: signer.issuer,
    claims: {},
    // The same workflow run from another repository (a reusable workflow's caller) is not us.
    ...(signer.issuer === GITHUB_ACTIONS_ISSUER && signer.repository
      ? { sourceRepository: { repository: signer.repository, origin: 'cert-identity' as const } }
      : {}),
  };
  const verifier = evidence.trustedRoot && new BundleVerifier(evidence.trustedRoot);
  // Each bundle is downloaded and verified once (by asset id, which a replaced asset changes).
  const checked = new Map<number, Promise<Vouched | undefined>>();
  const vouch = (asset: ReleaseAsset): Promise<Vouched | undefined> => {
    if (!verifier) return Promise.resolve(evidence.own.get(asset.name));
    if (!checked.has(asset.id)) checked.set(asset.id, verifiedBundle(api, asset, verifier, policy));
    return checked.get(asset.id)!;
  };
  for (let attempt = 1; attempt <= NOTES_ATTEMPTS; attempt++) {
    const before = await bundlesIn(api, release);
    const listed = await listable(before, vouch);
    const current = await api.get(release.id);
    const section = verificationSection({
      ...signer,
      ...listed,
      release: { tag: release.tagName, repository: api.repository },
    });
    const body = withVerificationSection(current.body, section);
    if (body !== current.body) await api.updateBody(release.id, body);
    const after = await bundlesIn(api, release);
    if (after.key === before.key || attempt === NOTES_ATTEMPTS) {
      const attested = listed.attestations.reduce((n, group) => n + group.files.length, 0);
      core.info(
        `Release ${printableName(release.tagName)}: notes list ${counted(listed.files.length, 'signed file')}` +
          (attested ? ` and ${counted(attested, 'attestation')}` : ''),
      );
      if (listed.leftOut.length > 0) {
        core.warning(
          `the release notes leave out ${counted(listed.leftOut.length, 'bundle')} of ${printableName(release.tagName)} that ` +
            (verifier
              ? `do not verify as signed by ${printable(signer.identity)}`
              : 'this run did not attach (without a trusted root, nothing else can be verified)') +
            `: ${listed.leftOut.map(printableName).join(', ')}`,
        );
      }
      return;
    }
  }
}

interface ReleaseBundles {
  /** The bundle assets (signatures and attestations), by name. */
  readonly bundles: ReleaseAsset[];
  /** The names of all the release's assets. */
  readonly names: ReadonlySet<string>;
  /** Changes when a bundle is added or replaced. */
  readonly key: string;
}

async function bundlesIn(api: ReleasesAPI, release: Release): Promise<ReleaseBundles> {
  const assets = await api.listAssets(release.id);
  const bundles = assets
    .filter((a) => a.name.endsWith(BUNDLE_SUFFIX))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    bundles,
    names: new Set(assets.map((a) => a.name)),
    key: bundles.map((a) => `${a.id} ${a.name}`).join('\n'),
  };
}

/**
 * What the section may list: the files whose signatures verified, the attested files by their
 * verified predicate type, and the names of the bundles left out. `x.intoto.sigstore.json` is
 * the attestation of `x`, unless it is the signature of a file named `x.intoto` in the release;
 * either way, its content must be that kind of bundle.
 */
async function listable(
  { bundles, names }: ReleaseBundles,
  vouch: (asset: ReleaseAsset) => Promise<Vouched | undefined>,
): Promise<{ files: string[]; attestations: AttestedFiles[]; leftOut: string[] }> {
  const files: string[] = [];
  const groups = new Map<string, string[]>();
  const leftOut: string[] = [];
  for (const asset of bundles) {
    const isAttestation =
      asset.name.endsWith(ATTESTATION_SUFFIX) &&
      !names.has(asset.name.slice(0, -BUNDLE_SUFFIX.length));
    const found = await vouch(asset);
    if (found?.kind === 'attestation' && isAttestation) {
      const file = asset.name.slice(0, -ATTESTATION_SUFFIX.length);
      groups.set(found.predicateType, [...(groups.get(found.predicateType) ?? []), file]);
    } else if (found?.kind === 'signature' && !isAttestation) {
      files.push(asset.name.slice(0, -BUNDLE_SUFFIX.length));
    } else {
      leftOut.push(asset.name);
    }
  }
  const attestations = [...groups].map(([predicateType, attested]) => ({
    predicateType,
    files: attested,
  }));
  return { files, attestations, leftOut };
}

/** Downloads a bundle asset and verifies it for the policy; undefined when it does not verify. */
async function verifiedBundle(
  api: ReleasesAPI,
  asset: ReleaseAsset,
  verifier: BundleVerifier,
  policy: IdentityPolicy,
): Promise<Vouched | undefined> {
  try {
    const bundle = parseBundle(JSON.parse((await api.download(asset)).toString('utf8')));
    const claimed = claimedContent(bundle);
    if (!claimed) return undefined;
    const verified = verifier.verify(
      bundle,
      { digests: { sha256: claimed.sha256 } },
      { kind: 'identity', policy },
      { predicateType: claimed.predicateType },
    );
    if (bundle.content.$case === 'messageSignature') return { kind: 'signature' };
    return verified.predicateType
      ? { kind: 'attestation', predicateType: verified.predicateType }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a bundle says it signs, read BEFORE verification only to ask the verifier to check
 * exactly that: the SHA-256 digest (of the message, or of the statement's first subject), and an
 * attestation's predicate type. The verifier passes the bundle only if its signature covers them.
 */
function claimedContent(bundle: Bundle): { sha256: Buffer; predicateType?: string } | undefined {
  if (bundle.content.$case === 'messageSignature') {
    const digest = bundle.content.messageSignature.messageDigest;
    return digest?.algorithm === HashAlgorithm.SHA2_256 ? { sha256: digest.digest } : undefined;
  }
  const statement = envelopeStatement(bundle.content.dsseEnvelope) as {
    subject?: { digest?: { sha256?: unknown } }[];
    predicateType?: unknown;
  };
  const sha256 = statement.subject?.[0]?.digest?.sha256;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256)) return undefined;
  if (typeof statement.predicateType !== 'string') return undefined;
  return { sha256: Buffer.from(sha256, 'hex'), predicateType: statement.predicateType };
}
