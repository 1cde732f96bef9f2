// Rekor v2 (rekor-tiles' `POST /api/v2/log/entries`), following sigstore/rekor-tiles at
// 74e3eb0e9b4203ee30912eb35c3467c551ef37c9: only hashedrekord entries (internal/server/service.go
// CreateEntry: anything else is 400 "invalid type, must be hashedrekord", since v2.3.0), validated
// and verified as pkg/types/hashedrekord/hashedrekord.go ToLogEntry does (any failure: 400
// "invalid hashedrekord request"), de-duplicated as Tessera does (409 AlreadyExists with the
// existing index in `x-log-index`, and no entry in the answer), appended to its own Merkle tree and
// answered with a TransparencyLogEntry carrying an inclusion proof and an Ed25519-signed
// checkpoint. No SET and no integrated time: that is what Rekor v2 is, so bundles need a TSA
// timestamp. @sigstore/mock's v2 handler logs the request instead of an Entry and claims a random
// index in a one-leaf tree, so nothing it returns verifies.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { HashAlgorithm, PublicKeyDetails, TransparencyLogEntry } from '@sigstore/protobuf-specs';
import {
  type CreateEntryRequest,
  Entry,
  type HashedRekordRequestV002,
  type Verifier,
} from '@sigstore/protobuf-specs/rekor/v2';
import { json as canonicalJson } from '@sigstore/core';
import { json, type StackRequest, type StackResponse } from './http.js';
import { checkpointBody, MerkleTree, signNote } from './merkle.js';
import { readCreateEntryRequest, transparencyLogEntryAnswer } from './rekor-v2-gateway.js';
import { verifierKey, verifyDigestSignature } from './signatures.js';

const ENTRIES_PATH = '/api/v2/log/entries';
/** internal/server/service.go: `duplicateEntryHeader`, forwarded by http.go's header matcher. */
export const DUPLICATE_ENTRY_HEADER = 'x-log-index';

// grpc-gateway's error body `{code, message, details}`, with the gRPC code's HTTP status.
const grpcError = (status: number, code: number, message: string): StackResponse =>
  json(status, { code, message, details: [] });
const invalidArgument = (message: string): StackResponse => grpcError(400, 3, message);

/** service.go answers every hashedrekord validation failure with this one message. */
const INVALID_HASHEDREKORD = 'invalid hashedrekord request';

class InvalidEntry extends Error {}

/**
 * rekor-tiles internal/algorithmregistry AllowedClientSigningAlgorithms (the server's default
 * `--client-signing-algorithms`), each as the key it needs and the digest its details name. Pure
 * Ed25519 (PKIX_ED25519) has no digest and was removed (74e3eb0 "Remove pure Ed25519").
 */
const ALLOWED_ALGORITHMS = new Map<
  PublicKeyDetails,
  { key: 'ec' | 'rsa' | 'ed25519'; curve?: string; bits?: number; digestLength: number }
>([
  [PublicKeyDetails.PKIX_RSA_PKCS1V15_2048_SHA256, { key: 'rsa', bits: 2048, digestLength: 32 }],
  [PublicKeyDetails.PKIX_RSA_PKCS1V15_3072_SHA256, { key: 'rsa', bits: 3072, digestLength: 32 }],
  [PublicKeyDetails.PKIX_RSA_PKCS1V15_4096_SHA256, { key: 'rsa', bits: 4096, digestLength: 32 }],
  [PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, { key: 'ec', curve: 'P-256', digestLength: 32 }],
  [PublicKeyDetails.PKIX_ECDSA_P384_SHA_384, { key: 'ec', curve: 'P-384', digestLength: 48 }],
  [PublicKeyDetails.PKIX_ECDSA_P521_SHA_512, { key: 'ec', curve: 'P-521', digestLength: 64 }],
  [PublicKeyDetails.PKIX_ED25519_PH, { key: 'ed25519', digestLength: 64 }],
]);

export class RekorV2 {
  readonly publicKey: KeyObject;
  /**
   * The signed-note key id: SHA-256(origin || "\n" || 0x01 || raw Ed25519 key). Production's
   * trusted root uses exactly this as the Rekor v2 log id (not the hash of the DER key), and its
   * first four bytes are the checkpoint signature's key hint.
   */
  readonly logId: Buffer;
  private readonly privateKey: KeyObject;
  private readonly tree = new MerkleTree();
  /** Entry identity (SHA-256 of the canonicalized body) -> log index. */
  private readonly byIdentity = new Map<string, number>();
  private lastIndex = 0;

  /**
   * @param origin checkpoint origin and signer name: the tlog baseUrl without its scheme, e.g.
   *   `127.0.0.1:PORT/rekor2`, as production's origin is its baseUrl's host.
   */
  constructor(readonly origin: string) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
    this.logId = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${origin}\n`), Buffer.from([0x01]), raw]))
      .digest();
  }

  handle(req: StackRequest): StackResponse {
    // The gateway (rekor-v2-gateway.ts): routing and grpc-gateway's strict protojson parsing.
    const read = readCreateEntryRequest(req);
    if ('answer' in read) return read.answer;
    const request: CreateEntryRequest = read.request;
    if (request.spec?.$case !== 'hashedRekordRequestV002') {
      return invalidArgument('invalid type, must be hashedrekord');
    }
    let entry: Entry;
    try {
      entry = toLogEntry(request.spec.hashedRekordRequestV002);
    } catch (err) {
      if (err instanceof InvalidEntry) return invalidArgument(INVALID_HASHEDREKORD);
      throw err;
    }
    const body = Buffer.from(canonicalJson.canonicalize(Entry.toJSON(entry)));
    // Tessera de-duplicates by the entry's identity, the hash of its canonicalized bytes.
    const identity = createHash('sha256').update(body).digest('hex');
    const existing = this.byIdentity.get(identity);
    if (existing !== undefined) return alreadyExists(existing);
    const logIndex = this.tree.append(body);
    this.byIdentity.set(identity, logIndex);
    this.lastIndex = logIndex;
    const treeSize = this.tree.size;
    const tle: TransparencyLogEntry = {
      logIndex: String(logIndex),
      logId: { keyId: this.logId },
      kindVersion: { kind: entry.kind, version: entry.apiVersion },
      integratedTime: '0',
      inclusionPromise: undefined,
      inclusionProof: {
        logIndex: String(logIndex),
        rootHash: this.tree.root(treeSize),
        treeSize: String(treeSize),
        hashes: this.tree.inclusionProof(logIndex, treeSize),
        checkpoint: { envelope: this.checkpoint(treeSize) },
      },
      canonicalizedBody: body,
    };
    // Marshalled as grpc-gateway does, unpopulated fields included (logIndex "0").
    return transparencyLogEntryAnswer(201, tle);
  }

  /**
   * The `conflict` fault (faults.ts) on `POST /api/v2/log/entries`: logs the entry for real, then
   * answers as the log answers the retry of a request whose first answer was lost: 409 with the
   * index. Refusals are returned as they are. Undefined for other requests.
   */
  handleAsConflict(req: StackRequest): StackResponse | undefined {
    if (req.path !== ENTRIES_PATH || req.method !== 'POST') return undefined;
    const created = this.handle(req);
    // Synchronous: the entry just created is the last one.
    return created.status === 201 ? alreadyExists(this.lastIndex) : created;
  }

  private checkpoint(size: number): string {
    const body = checkpointBody(this.origin, size, this.tree.root(size));
    const signature = sign(null, Buffer.from(body), this.privateKey);
    return signNote(body, this.origin, this.logId, signature);
  }
}

/** internal/server/service.go: a duplicate is codes.AlreadyExists, the index in a header. */
function alreadyExists(index: number): StackResponse {
  return {
    ...grpcError(
      409,
      6,
      `an equivalent entry already exists in the transparency log with index ${index}`,
    ),
    headers: { 'content-type': 'application/json', [DUPLICATE_ENTRY_HEADER]: String(index) },
  };
}

/** pkg/types/hashedrekord/hashedrekord.go ToLogEntry, step by step. */
function toLogEntry(hr: HashedRekordRequestV002): Entry {
  // validate(): signature content, a verifier, a digest, and the verifier's raw bytes.
  const signature = hr.signature;
  if (!signature || signature.content.length === 0) throw new InvalidEntry('missing signature');
  if (!signature.verifier) throw new InvalidEntry('missing verifier');
  if (hr.digest.length === 0) throw new InvalidEntry('missing digest');
  // extractVerifier(): x509.ParsePKIXPublicKey / x509.ParseCertificate of the raw bytes: DER only.
  const key = verifierKeyDER(signature.verifier);
  // verifySupportedAlgorithm(): key details known and allowed, and matching the key.
  const algorithm = ALLOWED_ALGORITHMS.get(signature.verifier.keyDetails);
  if (!algorithm || !keyMatches(key, algorithm)) {
    throw new InvalidEntry('unsupported entry algorithm for this key');
  }
  if (hr.digest.length !== algorithm.digestLength) {
    throw new InvalidEntry('digest length does not match expected size for algorithm');
  }
  // verifySignature()
  let verified: boolean;
  try {
    verified = verifyDigestSignature(key, hr.digest, signature.content);
  } catch {
    // RSA and Ed25519ph pass upstream's algorithm check, but this stand-in cannot verify them from
    // a digest: it refuses them (no client of this project signs with them).
    verified = false;
  }
  if (!verified) throw new InvalidEntry('verifying signature');
  return {
    kind: 'hashedrekord',
    apiVersion: '0.0.2',
    spec: {
      spec: {
        $case: 'hashedRekordV002',
        hashedRekordV002: {
          data: { algorithm: digestAlgorithm(algorithm.digestLength), digest: hr.digest },
          signature,
        },
      },
    },
  };
}

function digestAlgorithm(length: number): HashAlgorithm {
  return length === 64
    ? HashAlgorithm.SHA2_512
    : length === 48
      ? HashAlgorithm.SHA2_384
      : HashAlgorithm.SHA2_256;
}

function verifierKeyDER(verifier: Verifier): KeyObject {
  const v = verifier.verifier;
  if (!v) throw new InvalidEntry('missing signature public key or X.509 certificate');
  const bytes = v.$case === 'x509Certificate' ? v.x509Certificate.rawBytes : v.publicKey.rawBytes;
  if (bytes.length === 0) throw new InvalidEntry('missing raw bytes');
  // Go's parsers take DER; PEM text is not DER (it starts with "-----", not a SEQUENCE tag).
  if (bytes[0] !== 0x30) throw new InvalidEntry('parsing verifier: not DER');
  try {
    return verifierKey(bytes);
  } catch {
    throw new InvalidEntry('parsing verifier');
  }
}

function keyMatches(
  key: KeyObject,
  algorithm: { key: string; curve?: string; bits?: number },
): boolean {
  if (key.asymmetricKeyType !== algorithm.key) return false;
  if (algorithm.curve) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const names: Record<string, string> = {
      'P-256': 'prime256v1',
      'P-384': 'secp384r1',
      'P-521': 'secp521r1',
    };
    return curve === names[algorithm.curve];
  }
  if (algorithm.bits) return key.asymmetricKeyDetails?.modulusLength === algorithm.bits;
  return true;
}
