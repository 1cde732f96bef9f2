import crypto from 'node:crypto';
import {
  bundleFromJSON,
  ValidationError,
  type Bundle,
  type TransparencyLogEntry,
} from '@sigstore/bundle';
import { crypto as sigstoreCrypto, RFC3161Timestamp, X509Certificate } from '@sigstore/core';
import { HashAlgorithm, type TrustedRoot } from '@sigstore/protobuf-specs';
import {
  toSignedEntity,
  toTrustMaterial,
  Verifier,
  VerificationError,
  type SignedEntity,
  type Signer,
} from '@sigstore/verify';
import type { DigestAlgorithm } from '../artifact/digest.js';
import { ActionError, printable, type ErrorCode } from '../errors.js';
import { certificateClaims, type CertificateClaims } from '../sigstore/claims.js';
import { verifyDigestSignature } from '../sigstore/prehashed.js';
import { envelopeStatement, IN_TOTO_PAYLOAD_TYPE, predicateTypeOf } from '../attest/statement.js';
import { checkBundleShape } from './bundle-json.js';
import { checkPolicy, type IdentityPolicy } from './policy.js';
import { withMemoizedCertificates } from './trust-cache.js';

/** What is known about the file a bundle claims to sign. */
export interface ArtifactEvidence {
  /** Digests of the file, at least those `requiredDigests` asked for. */
  readonly digests: Partial<Record<DigestAlgorithm, Buffer>>;
  /** The whole file when it is small: its signature is then checked by OpenSSL, from the bytes. */
  readonly content?: Buffer;
  /** The file's bytes, for the rare signatures that cannot be checked from a digest. */
  readonly readBytes?: () => Buffer;
}

/** Who must have signed: an identity policy (Fulcio certificates) or a managed public key. */
export type SignerRequirement =
  { readonly kind: 'identity'; readonly policy: IdentityPolicy } | { readonly kind: 'key' };

export interface VerifiedBundle {
  readonly claims: CertificateClaims;
  /** The first transparency log entry's index, when there is one. */
  readonly logIndex?: string;
  /** The in-toto statement's predicate type, when the bundle is an attestation. */
  readonly predicateType?: string;
}

/** What the bundle must be besides a valid signature of the file by the right signer. */
export interface BundleExpectations {
  /** An in-toto attestation of exactly this predicate type. */
  readonly predicateType?: string;
  /**
   * A plain signature of the file (a message signature), not an attestation: a DSSE statement
   * says something ABOUT the file (any predicate: "do not ship" too), and does not pass for its
   * signature. Verify mode asks this whenever no predicate type is given.
   */
  readonly plainSignature?: boolean;
}

const DIGEST_ALGORITHMS: Partial<Record<HashAlgorithm, DigestAlgorithm>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};
const DIGEST_LENGTHS: Record<DigestAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** A bundle that does not verify, with the cause in words a user can act on. */
export class VerificationFailure extends ActionError {}

/**
 * Parses a bundle's JSON, reporting where it is malformed. Accepts bundles v0.1, v0.2 and v0.3.
 */
export function parseBundle(json: unknown): Bundle {
  // @sigstore/bundle reads any JSON leniently (see bundle-json.ts): its shape is checked first.
  const shape = checkBundleShape(json);
  if (shape) {
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      `the bundle is malformed at ${shape.path || 'its top level'}: ${printable(shape.problem, 400)}; no Sigstore client wrote it like this: check that it is the right file, or sign the file again`,
    );
  }
  try {
    return bundleFromJSON(json);
  } catch (err) {
    if (err instanceof ValidationError) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `the bundle is malformed at ${err.fields.join(', ') || 'its top level'} (${err.message})`,
      );
    }
    // A field of the wrong type (a number where base64 goes): the protobuf decoder's own words.
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      `the bundle is malformed, a field cannot be decoded (${printable((err as Error).message)}); no Sigstore client wrote it like this: check that it is the right file, or sign the file again`,
    );
  }
}

/** The digests of the file that checking this bundle needs. */
export function requiredDigests(bundle: Bundle): DigestAlgorithm[] {
  if (bundle.content.$case === 'messageSignature') {
    const algorithm = DIGEST_ALGORITHMS[bundle.content.messageSignature.messageDigest.algorithm];
    if (!algorithm) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `the bundle's message digest uses an unsupported hash algorithm (${HashAlgorithm[bundle.content.messageSignature.messageDigest.algorithm]})`,
      );
    }
    const length = bundle.content.messageSignature.messageDigest.digest.length;
    if (length !== DIGEST_LENGTHS[algorithm]) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `the bundle's message digest is ${length} bytes long; a ${algorithm} digest is ${DIGEST_LENGTHS[algorithm]}`,
      );
    }
    return [algorithm];
  }
  const subjects = inTotoSubjects(bundle.content.dsseEnvelope);
  const available = new Set(subjects.flatMap((s) => Object.keys(s.digest)));
  const usable = (['sha256', 'sha512', 'sha384'] as const).filter((a) => available.has(a));
  // One is enough; sha256 when the statement has it.
  return usable.length > 0 ? [usable[0]] : ['sha256'];
}

/**
 * Verifies bundles against one trusted root: signature, certificate chain at the signing time,
 * SCTs, transparency log inclusion and timestamps (all by @sigstore/verify), then that the
 * bundle is for THIS file and that the signer is who the policy requires.
 */
export class BundleVerifier {
  private readonly verifier: Verifier;
  /** Leaf certificates already chained to the trusted root, and for which times. */
  private readonly verifiedCertificates = new Map<
    string,
    { lo: number; hi: number; signer: Signer }
  >();
  /** The certificate of the bundle being verified now (Verifier.verify is synchronous). */
  private currentCertificate?: string;
  /** False for a root without transparency logs (GitHub's instance publishes one). */
  private readonly hasLogs: boolean;

  /** The managed public key a bundle may be signed with instead of a certificate. */
  private readonly managedKey?: crypto.KeyObject;

  constructor(trustedRoot: TrustedRoot, managedKeyPEM?: string) {
    const key = managedKeyPEM ? parsePublicKey(managedKeyPEM) : undefined;
    this.managedKey = key;
    const keyFinder = (hint: string): { publicKey: crypto.KeyObject; validFor: () => boolean } => {
      if (!key) {
        throw new VerificationError({
          code: 'PUBLIC_KEY_ERROR',
          message: `the bundle is signed by a key (hint "${hint}"), not a Sigstore certificate; pass the public key to verify it`,
        });
      }
      return { publicKey: key, validFor: () => true };
    };
    // A root without logs cannot require a log entry (its bundles have none: their time comes
    // from a TSA); a bundle that has one is refused in verify(), saying why.
    this.hasLogs = trustedRoot.tlogs.length > 0;
    this.verifier = new Verifier(
      withMemoizedCertificates(toTrustMaterial(trustedRoot, keyFinder)),
      this.hasLogs ? {} : { tlogThreshold: 0 },
    );
    this.cacheSigningKeyChecks(trustedRoot);
  }

  /**
   * @sigstore/verify checks a leaf certificate's chain (and its SCTs) from scratch for every
   * bundle, at every timestamp: two thirds of its time per bundle, although every bundle of a
   * signing run shares one certificate. The chain check at a time t depends on t only through
   * validity windows: the leaf's own, and those of the trusted CAs and their certificates. So
   * between two times at which the chain verified, with no CA boundary (a start or end of a CA's
   * validFor, a notBefore or notAfter of a CA certificate) strictly between them, every time
   * verifies: nothing the check depends on changes, and the leaf's window is an interval. A
   * certificate verified for [lo, hi] is accepted for times inside [lo, hi] without redoing the
   * work; anything else goes through @sigstore/verify. If its internals change shape, no cache.
   */
  private cacheSigningKeyChecks(trustedRoot: TrustedRoot): void {
    type SigningKeyCheck = (entity: SignedEntity, timestamps: Date[]) => Signer;
    const internals = this.verifier as unknown as { verifySigningKey?: SigningKeyCheck };
    if (typeof internals.verifySigningKey !== 'function') return;
    const check = internals.verifySigningKey.bind(this.verifier);
    const boundaries = caBoundaries(trustedRoot);
    const boundaryFree = (lo: number, hi: number): boolean =>
      !boundaries.some((b) => lo < b && b < hi);
    internals.verifySigningKey = (entity, timestamps) => {
      const key = this.currentCertificate;
      if (!key || entity.key.$case !== 'certificate' || timestamps.length === 0) {
        return check(entity, timestamps);
      }
      const times = timestamps.map((t) => t.getTime());
      const lo = Math.min(...times);
      const hi = Math.max(...times);
      const known = this.verifiedCertificates.get(key);
      if (known && lo >= known.lo && hi <= known.hi) return known.signer;
      const signer = check(entity, timestamps);
      if (known && boundaryFree(Math.min(lo, known.lo), Math.max(hi, known.hi))) {
        this.verifiedCertificates.set(key, {
          lo: Math.min(lo, known.lo),
          hi: Math.max(hi, known.hi),
          signer,
        });
      } else if (boundaryFree(lo, hi)) {
        this.verifiedCertificates.set(key, { lo, hi, signer });
      }
      return signer;
    };
  }

  verify(
    bundle: Bundle,
    artifact: ArtifactEvidence,
    signer: SignerRequirement,
    expected: BundleExpectations = {},
  ): VerifiedBundle {
    const keyMaterial = bundle.verificationMaterial.content.$case;
    if (signer.kind === 'key' && keyMaterial !== 'publicKey') {
      throw new VerificationFailure(
        'POLICY_MISMATCH',
        'the bundle is signed with a Sigstore certificate, not with the given public key',
      );
    }
    if (!this.hasLogs && bundle.verificationMaterial.tlogEntries.length > 0) {
      throw new VerificationFailure(
        'TLOG_INVALID',
        'the bundle has a transparency log entry, but the trusted root lists no transparency logs (its "tlogs" is empty), so the entry cannot be checked; verify with the trusted root of the instance that signed the bundle',
      );
    }
    let entity: SignedEntity | undefined;
    try {
      entity = this.signedEntity(bundle, artifact);
      this.currentCertificate = certificateKey(bundle);
      this.verifier.verify(entity);
      checkLogEntries(bundle);
    } catch (err) {
      throw this.signatureMismatch(err, bundle, entity) ?? explainVerificationError(err, bundle);
    } finally {
      this.currentCertificate = undefined;
    }
    let claims: CertificateClaims = {};
    if (entity.key.$case === 'certificate') claims = certificateClaims(entity.key.certificate);
    if (signer.kind === 'identity') {
      const mismatches = checkPolicy(signer.policy, claims);
      if (mismatches.length > 0) {
        throw new VerificationFailure(
          'POLICY_MISMATCH',
          mismatches.map((m) => m.message).join('; '),
        );
      }
    }
    // Read only now: the statement is trusted once its signature has verified.
    const predicateType =
      bundle.content.$case === 'dsseEnvelope'
        ? predicateTypeOf(envelopeStatement(bundle.content.dsseEnvelope))
        : undefined;
    if (expected.predicateType !== undefined) {
      checkPredicate(bundle.content.$case, predicateType, expected.predicateType);
    } else if (expected.plainSignature && bundle.content.$case === 'dsseEnvelope') {
      throw notASignature(predicateType);
    }
    return {
      claims,
      logIndex: authenticatedLogIndex(bundle.verificationMaterial.tlogEntries[0]),
      predicateType,
    };
  }

  /**
   * @sigstore/verify checks the signature last (Verifier.verify: timestamps, signing key, log
   * entries, then the signature), and the earlier checks cover the signature bytes too: a TSA
   * timestamp is a signature over them, a log entry's body holds them. So a signature altered
   * after signing fails as "timestamp could not be verified" or "the log entry is for a different
   * signature", which sends the user after the timestamp authority. When the verifier fails for
   * any reason but the signature, this checks the signature against the bundle's own key (its
   * certificate's, untrusted yet) and the file: if they do not match, that is the cause to report.
   */
  private signatureMismatch(
    err: unknown,
    bundle: Bundle,
    entity: SignedEntity | undefined,
  ): VerificationFailure | undefined {
    if (!(err instanceof VerificationError) || !entity) return undefined;
    let key: crypto.KeyObject | undefined;
    try {
      key =
        entity.key.$case === 'certificate'
          ? sigstoreCrypto.createPublicKey(entity.key.certificate.publicKey)
          : this.managedKey;
    } catch {
      // A key that cannot be read: the verifier's own error says more.
    }
    if (!key) return undefined;
    let matches: boolean;
    try {
      matches = entity.signature.verifySignature(key);
    } catch (check) {
      // A signature that cannot be parsed does not match; one that cannot be checked here (a
      // key type that needs the whole file) says nothing.
      if (check instanceof VerificationFailure) return undefined;
      matches = false;
    }
    if (matches) return undefined;
    return new VerificationFailure('SIGNATURE_INVALID', signatureMismatchText(bundle), {
      cause: err,
    });
  }

  private signedEntity(bundle: Bundle, artifact: ArtifactEvidence): SignedEntity {
    if (bundle.content.$case === 'dsseEnvelope') {
      checkSubject(bundle.content.dsseEnvelope, artifact);
      return toSignedEntity(bundle);
    }
    const { messageDigest, signature } = bundle.content.messageSignature;
    const algorithm = requiredDigests(bundle)[0];
    const digest = artifact.digests[algorithm];
    if (!digest) throw new Error(`internal: the file's ${algorithm} digest was not computed`);
    if (!sigstoreCrypto.bufferEqual(digest, messageDigest.digest)) {
      throw new VerificationFailure(
        'BUNDLE_MISMATCH',
        `the bundle is for a different file: it signs ${algorithm}:${messageDigest.digest.toString('hex')}, the file is ${algorithm}:${digest.toString('hex')}`,
      );
    }
    // @sigstore/verify's own message content needs the whole file in memory; this one checks
    // the signature over the digest we streamed, and falls back to the bytes only for key
    // types that cannot be verified from a digest.
    const content: SignedEntity['signature'] = {
      signature,
      compareSignature: (other) => sigstoreCrypto.bufferEqual(other, signature),
      compareDigest: (other) => sigstoreCrypto.bufferEqual(other, messageDigest.digest),
      compareSignedDigest: (other) => sigstoreCrypto.bufferEqual(other, messageDigest.digest),
      verifySignature: (key) => {
        if (artifact.content) {
          return sigstoreCrypto.verify(artifact.content, key, signature, algorithm);
        }
        const result = verifyDigestSignature(key, algorithm, digest, signature);
        if (result !== undefined) return result;
        if (!artifact.readBytes) {
          throw new VerificationFailure(
            'SIGNATURE_INVALID',
            `a ${key.asymmetricKeyType ?? 'non-ECDSA'} signature cannot be checked from a digest alone; verify the file itself`,
          );
        }
        return sigstoreCrypto.verify(artifact.readBytes(), key, signature, algorithm);
      },
    };
    return { ...toSignedEntity(bundle), signature: content };
  }
}

/**
 * What @sigstore/verify leaves unchecked in a log entry, although the bundle states it:
 * - an inclusion proof's rootHash and treeSize: the proof is checked against the root and size
 *   of its signed checkpoint, and these two fields are never read. A proof that contradicts its
 *   own checkpoint is corrupt; sigstore-go rejects it too.
 * - the logIndex of a Rekor v2 entry: there is no signed entry timestamp to cover it, and a
 *   Rekor v2 log has no shards, so it must be the index the inclusion proof proves.
 * Runs after @sigstore/verify accepted the entries, so every checkpoint here has been parsed
 * and its signature verified.
 */
function checkLogEntries(bundle: Bundle): void {
  for (const [i, entry] of bundle.verificationMaterial.tlogEntries.entries()) {
    const proof = entry.inclusionProof;
    if (!proof?.checkpoint) continue;
    const checkpoint = parseCheckpointNote(proof.checkpoint.envelope);
    const where = `transparency log entry ${i}`;
    if (
      checkpoint &&
      (checkpoint.size !== proof.treeSize || !checkpoint.rootHash.equals(proof.rootHash))
    ) {
      throw new VerificationFailure(
        'TLOG_INVALID',
        `${where} contradicts itself: its inclusion proof gives tree size ${printable(proof.treeSize, 40)} and root hash ${shortHex(proof.rootHash)}, its signed checkpoint tree size ${printable(checkpoint.size, 40)} and root hash ${shortHex(checkpoint.rootHash)}`,
      );
    }
    if (isRekorV2(entry) && !entry.inclusionPromise && entry.logIndex !== proof.logIndex) {
      throw new VerificationFailure(
        'TLOG_INVALID',
        `${where} claims log index ${printable(entry.logIndex, 40)}, but its inclusion proof is for index ${printable(proof.logIndex, 40)}`,
      );
    }
  }
}

/** The tree size (as a decimal string) and root hash of a checkpoint's signed note. */
function parseCheckpointNote(envelope: string): { size: string; rootHash: Buffer } | undefined {
  const end = envelope.indexOf('\n\n');
  if (end < 0) return undefined;
  const lines = envelope.slice(0, end).split('\n');
  if (lines.length < 3 || !/^[0-9]+$/.test(lines[1])) return undefined;
  return { size: BigInt(lines[1]).toString(), rootHash: Buffer.from(lines[2], 'base64') };
}

/** A hash for a message: in hex, and not more than a hash's worth of it. */
function shortHex(bytes: Buffer): string {
  if (bytes.length === 0) return '(none)';
  return bytes.length > 64
    ? `${bytes.subarray(0, 32).toString('hex')}… (${bytes.length} bytes)`
    : bytes.toString('hex');
}

function isRekorV2(entry: { kindVersion?: { kind: string; version: string } }): boolean {
  const { kind, version } = entry.kindVersion ?? {};
  return version === '0.0.2' && (kind === 'hashedrekord' || kind === 'dsse');
}

/**
 * The entry's log index, when verification authenticated it: covered by the signed entry
 * timestamp, or equal to the index the inclusion proof proves. A Rekor v1 entry without a
 * promise has a global index that nothing signs (its proof is for an index within a shard).
 */
function authenticatedLogIndex(entry: TransparencyLogEntry | undefined): string | undefined {
  if (!entry) return undefined;
  if (entry.inclusionPromise || entry.logIndex === entry.inclusionProof?.logIndex) {
    return entry.logIndex;
  }
  return undefined;
}

/**
 * @sigstore/verify decodes the certificate and the RFC 3161 timestamps (DER) deep inside its
 * checks, where a broken one surfaces as a bare "invalid length" or "Cannot read properties of
 * undefined", and reads a v0.1 bundle's inclusion proof checkpoint without checking it is there.
 * When it fails with such an error, this finds the part that is broken, for the message. (Only
 * then: decoding a certificate twice for every bundle that verifies would cost time for nothing.)
 */
function structureProblem(bundle: Bundle): VerificationFailure | undefined {
  try {
    checkStructures(bundle);
    return undefined;
  } catch (err) {
    return err instanceof VerificationFailure ? err : undefined;
  }
}

function checkStructures(bundle: Bundle): void {
  const raw = certificateBytes(bundle);
  if (raw) {
    try {
      const cert = X509Certificate.parse(Buffer.from(raw));
      for (const read of [
        () => cert.notBefore,
        () => cert.notAfter,
        () => cert.publicKey,
        () => cert.issuer,
        () => cert.extensions,
        () => cert.signatureValue,
      ])
        read();
    } catch (err) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `the bundle's signing certificate is not a well-formed X.509 certificate (${printable((err as Error).message)})`,
        { cause: err },
      );
    }
  }
  const timestamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
  for (const [i, { signedTimestamp }] of timestamps.entries()) {
    try {
      const ts = RFC3161Timestamp.parse(Buffer.from(signedTimestamp));
      for (const read of [
        () => ts.contentType,
        () => ts.eContentType,
        () => ts.signingTime,
        () => ts.signerIssuer,
        () => ts.signerSerialNumber,
        () => ts.signerDigestAlgorithm,
        () => ts.signatureValue,
        () => ts.tstInfo.messageImprintHashedMessage,
        () => ts.tstInfo.messageImprintHashAlgorithm,
      ])
        read();
    } catch (err) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `the bundle's RFC 3161 timestamp ${i} is not well-formed (${printable((err as Error).message)})`,
        { cause: err },
      );
    }
  }
  for (const [i, entry] of bundle.verificationMaterial.tlogEntries.entries()) {
    if (entry.inclusionProof && !entry.inclusionProof.checkpoint) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `transparency log entry ${i} has an inclusion proof without its checkpoint`,
      );
    }
  }
}

/** Every time at which the trusted root's CAs, or their certificates, become valid or expire. */
function caBoundaries(root: TrustedRoot): number[] {
  const times: number[] = [];
  for (const ca of root.certificateAuthorities) {
    if (ca.validFor?.start) times.push(ca.validFor.start.getTime());
    if (ca.validFor?.end) times.push(ca.validFor.end.getTime());
    for (const cert of ca.certChain?.certificates ?? []) {
      const parsed = X509Certificate.parse(Buffer.from(cert.rawBytes));
      times.push(parsed.notBefore.getTime(), parsed.notAfter.getTime());
    }
  }
  return times;
}

/** The leaf certificate's bytes, as a cache key. */
function certificateKey(bundle: Bundle): string | undefined {
  const raw = certificateBytes(bundle);
  return raw ? Buffer.from(raw).toString('base64') : undefined;
}

function certificateBytes(bundle: Bundle): Uint8Array | undefined {
  const material = bundle.verificationMaterial.content;
  return material.$case === 'certificate'
    ? material.certificate.rawBytes
    : material.$case === 'x509CertificateChain'
      ? material.x509CertificateChain.certificates[0]?.rawBytes
      : undefined;
}

interface InTotoSubject {
  name?: string;
  digest: Record<string, string>;
}

/**
 * The subjects of the bundle's in-toto statement. This runs before the envelope's signature is
 * checked (it says which digest of the file to compute), so the payload is untrusted here.
 */
function inTotoSubjects(envelope: { payloadType: string; payload: Buffer }): InTotoSubject[] {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerificationFailure(
      'BUNDLE_MISMATCH',
      `the bundle's DSSE envelope holds "${printable(envelope.payloadType, 100)}", not an in-toto statement, so it says nothing about a file`,
    );
  }
  let statement: unknown;
  try {
    statement = envelopeStatement(envelope);
  } catch {
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      'the in-toto statement in the bundle is not JSON',
    );
  }
  const subjects =
    typeof statement === 'object' && statement !== null
      ? (statement as { subject?: unknown }).subject
      : undefined;
  if (!Array.isArray(subjects)) {
    throw new VerificationFailure(
      'BUNDLE_MALFORMED',
      'the in-toto statement in the bundle has no subject list',
    );
  }
  // Subjects without a digest object say nothing about any file; they are skipped.
  return subjects.filter(
    (s): s is InTotoSubject =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as InTotoSubject).digest === 'object' &&
      (s as InTotoSubject).digest !== null &&
      !Array.isArray((s as InTotoSubject).digest),
  );
}

function checkPredicate(
  content: Bundle['content']['$case'],
  actual: string | undefined,
  expected: string,
): void {
  if (actual === expected) return;
  throw new VerificationFailure(
    'PREDICATE_MISMATCH',
    content === 'messageSignature'
      ? `the bundle is a plain signature, not an in-toto attestation of type "${printable(expected, 200)}"; attestations are the <file>.intoto.sigstore.json bundles that sign mode writes with predicate-type`
      : actual === undefined
        ? `the attestation's statement has no predicate type, expected "${printable(expected, 200)}"; it was not made as an attestation of that type`
        : `the attestation's predicate type is "${printable(actual, 200)}", expected "${printable(expected, 200)}": it is another kind of statement about the file`,
  );
}

/**
 * An attestation where a signature was required. Its predicate type is named (read from the
 * statement after the envelope's signature and signer verified: it is the signer's word, and
 * is never what makes a bundle pass), so the user can ask for it.
 */
function notASignature(predicateType: string | undefined): VerificationFailure {
  const type = predicateType === undefined ? undefined : printable(predicateType, 200);
  return new VerificationFailure(
    'PREDICATE_MISMATCH',
    `the bundle is an in-toto attestation (${type === undefined ? 'a statement without a predicate type' : `predicate type "${type}"`}), not a plain signature of the file: an attestation is a statement about the file, whatever it says, and does not pass as its signature. ` +
      (type === undefined
        ? 'Sign the file (sign mode without predicate-type) to verify a signature.'
        : `To verify this attestation, set predicate-type: ${type}; to verify a signature, sign the file (sign mode without predicate-type).`),
  );
}

/** At most this many subject names are quoted in a message. */
const SUBJECTS_SHOWN = 5;

function checkSubject(
  envelope: { payloadType: string; payload: Buffer },
  artifact: ArtifactEvidence,
): void {
  const subjects = inTotoSubjects(envelope);
  const matches = subjects.some((subject) =>
    Object.entries(artifact.digests).some(
      ([algorithm, digest]) =>
        typeof subject.digest[algorithm] === 'string' &&
        subject.digest[algorithm].toLowerCase() === digest.toString('hex'),
    ),
  );
  if (!matches) {
    const names = subjects
      .slice(0, SUBJECTS_SHOWN)
      .map((s) => (typeof s.name === 'string' ? printable(s.name, 80) : '(unnamed)'));
    if (subjects.length > SUBJECTS_SHOWN)
      names.push(`and ${subjects.length - SUBJECTS_SHOWN} more`);
    throw new VerificationFailure(
      'BUNDLE_MISMATCH',
      `the bundle is for a different file: the file is not a subject of its in-toto statement (subjects: ${names.join(', ') || 'none'})`,
    );
  }
}

const EXPLANATIONS: Record<string, { code: ErrorCode; text: string }> = {
  TLOG_ERROR: { code: 'TLOG_INVALID', text: 'not in the transparency log' },
  TLOG_INCLUSION_PROOF_ERROR: {
    code: 'TLOG_INVALID',
    text: 'not in the transparency log (its inclusion proof does not verify)',
  },
  TLOG_INCLUSION_PROMISE_ERROR: {
    code: 'TLOG_INVALID',
    text: 'not in the transparency log (its signed entry timestamp does not verify)',
  },
  TLOG_MISSING_INCLUSION_ERROR: {
    code: 'TLOG_INVALID',
    text: 'not in the transparency log (no inclusion proof or promise)',
  },
  TLOG_BODY_ERROR: {
    code: 'TLOG_INVALID',
    text: 'the transparency log entry is for a different signature',
  },
  CERTIFICATE_ERROR: {
    code: 'CERTIFICATE_INVALID',
    text: 'the signing certificate is not trusted',
  },
  PUBLIC_KEY_ERROR: { code: 'CERTIFICATE_INVALID', text: 'the signing key is not trusted' },
  TIMESTAMP_ERROR: { code: 'TIMESTAMP_INVALID', text: 'no trusted time of signing' },
};

/**
 * A signature that is not of these bytes by this key: the bytes are the file's (its digest was
 * compared first) or the attestation's envelope, so the signature or the certificate changed.
 */
function signatureMismatchText(bundle: Bundle): string {
  const signed =
    bundle.content.$case === 'dsseEnvelope'
      ? "the bundle's certificate did not sign its attestation (the DSSE envelope) with this signature"
      : "the bundle's certificate did not sign this file with this signature";
  return `the signature does not match: ${signed}, so the signature or the certificate was changed after signing, or they come from different bundles (a timestamp or log entry for the original signature cannot vouch for this one); get the bundle again from where the file came from, or sign the file again`;
}

function explainVerificationError(err: unknown, bundle: Bundle): VerificationFailure {
  if (err instanceof VerificationFailure) return err;
  if (err instanceof VerificationError) {
    if (err.code === 'SIGNATURE_ERROR') {
      return new VerificationFailure('SIGNATURE_INVALID', signatureMismatchText(bundle), {
        cause: err,
      });
    }
    const explanation = EXPLANATIONS[err.code];
    if (explanation) {
      return new VerificationFailure(
        explanation.code,
        `${explanation.text}: ${printable(err.message)}`,
        { cause: err },
      );
    }
  }
  // Anything else thrown while checking (a truncated proof, a bad certificate encoding) is a
  // bundle that cannot be what it claims to be.
  const broken = structureProblem(bundle);
  if (broken) return broken;
  return new VerificationFailure(
    'BUNDLE_MALFORMED',
    `the bundle is malformed: ${printable(err instanceof Error ? err.message : String(err))}`,
    { cause: err },
  );
}

function parsePublicKey(pem: string): crypto.KeyObject {
  try {
    return crypto.createPublicKey(pem);
  } catch (err) {
    throw new ActionError(
      'INPUT_INVALID',
      `the public key is not a PEM public key: ${(err as Error).message}`,
    );
  }
}
