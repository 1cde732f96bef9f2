import { promises as fs, readFileSync } from 'node:fs';
import { digestFile } from '../artifact/digest.js';
import { ActionError, printable } from '../errors.js';
import {
  parseBundle,
  requiredDigests,
  VerificationFailure,
  type ArtifactEvidence,
  type BundleExpectations,
  type BundleVerifier,
  type SignerRequirement,
  type VerifiedBundle,
} from './bundle-verifier.js';

/** Bundles are a few kilobytes; one this large is not a bundle, and is not read whole. */
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;
/** Files up to this size are kept readable for signatures that cannot be checked from a digest. */
const MAX_IN_MEMORY_ARTIFACT_BYTES = 64 * 1024 * 1024;

/** The thing a bundle is checked against: a file, or only its digest (CLI `sha256:<hex>`). */
export type Artifact =
  | { readonly kind: 'file'; readonly path: string; readonly displayPath: string }
  | { readonly kind: 'digest'; readonly sha256: Buffer; readonly displayPath: string };

/** Reads and parses a bundle file, with errors that name it. */
export async function readBundle(bundlePath: string, displayPath: string): Promise<unknown> {
  let text: string;
  try {
    const stat = await fs.stat(bundlePath);
    if (stat.size > MAX_BUNDLE_BYTES) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `${displayPath} is ${stat.size} bytes, far too large for a Sigstore bundle (a few kilobytes); check that it is the bundle, not the signed file itself`,
      );
    }
    text = await fs.readFile(bundlePath, 'utf8');
  } catch (err) {
    if (err instanceof ActionError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new VerificationFailure(
      code === 'ENOENT' ? 'BUNDLE_NOT_FOUND' : 'BUNDLE_MALFORMED',
      code === 'ENOENT'
        ? `no bundle: ${displayPath} does not exist`
        : `cannot read ${displayPath} (${code ?? String(err)})`,
    );
  }
  return parseBundleText(text, displayPath);
}

/** Parses the text of a bundle file (what readBundle read), with errors that name it. */
export function parseBundleText(text: string, displayPath: string): unknown {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BUNDLE_BYTES) {
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      `${displayPath} is ${bytes} bytes, far too large for a Sigstore bundle`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (err) {
    // V8 quotes the text around the error, which may hold anything: a newline, a terminal escape.
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      `the bundle ${displayPath} is not valid JSON (${printable((err as Error).message)}); it may be truncated: download it again, or sign the file again`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      `the bundle ${displayPath} is not a Sigstore bundle (it is JSON ${json === null ? 'null' : Array.isArray(json) ? 'array' : typeof json}, not an object); check that it is the right file, or sign the file again`,
    );
  }
  return json;
}

/**
 * Verifies one bundle against one artifact: reads the bundle, streams the file's digest (in the
 * algorithm the bundle uses), then checks everything the verifier checks.
 */
export async function verifyArtifact(
  verifier: BundleVerifier,
  artifact: Artifact,
  bundleJSON: unknown,
  signer: SignerRequirement,
  expected: BundleExpectations = {},
): Promise<VerifiedBundle> {
  const bundle = parseBundle(bundleJSON);
  const algorithms = requiredDigests(bundle);
  let evidence: ArtifactEvidence;
  if (artifact.kind === 'digest') {
    if (!algorithms.includes('sha256')) {
      throw new VerificationFailure(
        'BUNDLE_MISMATCH',
        `the bundle needs a ${algorithms[0]} digest of the file; a sha256 digest cannot be checked against it`,
      );
    }
    evidence = { digests: { sha256: artifact.sha256 } };
  } else {
    const { digests, size, content } = await digestFile(artifact.path, artifact.displayPath, {
      algorithms,
    });
    evidence = {
      digests,
      content,
      readBytes:
        size <= MAX_IN_MEMORY_ARTIFACT_BYTES ? () => readFileSync(artifact.path) : undefined,
    };
  }
  return verifier.verify(bundle, evidence, signer, expected);
}
