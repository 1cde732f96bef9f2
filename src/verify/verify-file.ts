import { promises as fs, readFileSync } from 'node:fs';
import { digestFile } from '../artifact/digest.js';
import { ActionError } from '../errors.js';
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
import { MAX_BUNDLE_BYTES } from './bundle-json.js';

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
    if (!stat.isFile()) {
      // A FIFO would block the read forever, a device would never end.
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `${displayPath} is not a regular file, so it is not a Sigstore bundle; check that it is the bundle`,
      );
    }
    if (stat.size > MAX_BUNDLE_BYTES) throw tooLarge(displayPath, stat.size);
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

export function tooLarge(displayPath: string, bytes: number): VerificationFailure {
  return new VerificationFailure(
    'BUNDLE_MALFORMED',
    `${displayPath} is ${bytes} bytes, far too large for a Sigstore bundle (a few kilobytes); check that it is the bundle, not the signed file itself`,
  );
}

/**
 * Parses the text of a bundle file (what readBundle read), with errors that name it. A file that
 * is not a bundle is never quoted: it may be anything (a link to the runner's environment, a
 * credentials file), so its messages say where it breaks, never what it holds.
 */
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
    // V8's message quotes the text around the error: only the position is kept.
    const position = /at position (\d+)/.exec((err as Error).message)?.[1];
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      text.trim() === ''
        ? `the bundle ${displayPath} is empty; download it again, or sign the file again`
        : text.trimStart().startsWith('{')
          ? `the bundle ${displayPath} is not valid JSON${position ? ` (at character ${position})` : ''}; it may be truncated: download it again, or sign the file again`
          : `${displayPath} is not a Sigstore bundle: it is not a JSON object; check that it is the bundle of the file, not another file`,
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

/** A verified bundle, and the file's SHA-256 and size as they were read to check it. */
export interface VerifiedArtifact extends VerifiedBundle {
  /** Hex; of the bytes checked (for a digest artifact, the digest given). */
  readonly sha256: string;
  /** Absent for a digest artifact. */
  readonly size?: number;
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
): Promise<VerifiedArtifact> {
  const bundle = parseBundle(bundleJSON);
  const algorithms = requiredDigests(bundle);
  let evidence: ArtifactEvidence;
  let size: number | undefined;
  if (artifact.kind === 'digest') {
    if (!algorithms.includes('sha256')) {
      throw new VerificationFailure(
        'BUNDLE_MISMATCH',
        `the bundle needs a ${algorithms[0]} digest of the file; a sha256 digest cannot be checked against it`,
      );
    }
    evidence = { digests: { sha256: artifact.sha256 } };
  } else {
    // SHA-256 always, in the same pass: the outputs pin the bytes that were checked.
    const file = await digestFile(artifact.path, artifact.displayPath, {
      algorithms: algorithms.includes('sha256') ? algorithms : [...algorithms, 'sha256'],
    });
    size = file.size;
    evidence = {
      digests: file.digests,
      content: file.content,
      readBytes:
        file.size <= MAX_IN_MEMORY_ARTIFACT_BYTES ? () => readFileSync(artifact.path) : undefined,
    };
  }
  const verified = verifier.verify(bundle, evidence, signer, expected);
  const sha256 = evidence.digests.sha256;
  if (!sha256) throw new Error("internal: the file's sha256 digest was not computed");
  return { ...verified, sha256: sha256.toString('hex'), size };
}
