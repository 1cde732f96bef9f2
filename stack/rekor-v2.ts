// Rekor v2 (rekor-tiles' `POST /api/v2/log/entries`): takes the CreateEntryRequest sigstore-js
// sends, verifies the signature, appends the canonicalized Entry to its own Merkle tree and
// answers with a TransparencyLogEntry carrying an inclusion proof and an Ed25519-signed
// checkpoint. No SET and no integrated time: that is what Rekor v2 is, so bundles need a TSA
// timestamp. @sigstore/mock's v2 handler logs the request instead of an Entry and claims a random
// index in a one-leaf tree, so nothing it returns verifies.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { HashAlgorithm, TransparencyLogEntry } from '@sigstore/protobuf-specs';
import {
  CreateEntryRequest,
  Entry,
  type Signature,
  type Verifier,
} from '@sigstore/protobuf-specs/rekor/v2';
import { json as canonicalJson } from '@sigstore/core';
import {
  json,
  methodNotAllowed,
  notFound,
  parseJsonObject,
  type StackRequest,
  type StackResponse,
} from './http.js';
import { checkpointBody, MerkleTree, signNote } from './merkle.js';
import {
  preAuthEncoding,
  verifierKey,
  verifyDigestSignature,
  verifyMessageSignature,
} from './signatures.js';

const ENTRIES_PATH = '/api/v2/log/entries';
const SHA256_LENGTH = 32;

// grpc-gateway status for bad requests.
const invalidArgument = (message: string): StackResponse =>
  json(400, { code: 3, message, details: [] });

class InvalidEntry extends Error {}

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
    if (req.path !== ENTRIES_PATH) return notFound(req.path);
    if (req.method !== 'POST') return methodNotAllowed(req.method, req.path);
    let entry: Entry;
    try {
      const request = CreateEntryRequest.fromJSON(parseJsonObject(req.body));
      entry = toEntry(request);
    } catch (err) {
      return invalidArgument(err instanceof Error ? err.message : String(err));
    }
    const body = Buffer.from(canonicalJson.canonicalize(Entry.toJSON(entry)));
    const logIndex = this.tree.append(body);
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
    return json(201, TransparencyLogEntry.toJSON(tle));
  }

  private checkpoint(size: number): string {
    const body = checkpointBody(this.origin, size, this.tree.root(size));
    const signature = sign(null, Buffer.from(body), this.privateKey);
    return signNote(body, this.origin, this.logId, signature);
  }
}

function toEntry(request: CreateEntryRequest): Entry {
  const spec = request.spec;
  switch (spec?.$case) {
    case 'hashedRekordRequestV002': {
      const { digest, signature } = spec.hashedRekordRequestV002;
      if (digest.length !== SHA256_LENGTH)
        throw new InvalidEntry(`digest must be ${SHA256_LENGTH} bytes (SHA-256)`);
      const checked = checkSignature(signature, (key, sig) =>
        verifyDigestSignature(key, digest, sig),
      );
      return {
        kind: 'hashedrekord',
        apiVersion: '0.0.2',
        spec: {
          spec: {
            $case: 'hashedRekordV002',
            hashedRekordV002: {
              data: { algorithm: HashAlgorithm.SHA2_256, digest },
              signature: checked,
            },
          },
        },
      };
    }
    case 'dsseRequestV002': {
      const { envelope, verifiers } = spec.dsseRequestV002;
      if (!envelope || envelope.signatures.length === 0)
        throw new InvalidEntry('dsseRequestV002 needs a signed envelope');
      if (verifiers.length === 0)
        throw new InvalidEntry('dsseRequestV002 needs at least one verifier');
      const pae = preAuthEncoding(envelope.payloadType, envelope.payload);
      const signatures = envelope.signatures.map(({ sig }) => {
        const verifier = verifiers.find((v) => verifyMessageSignature(keyOf(v), pae, sig));
        if (!verifier)
          throw new InvalidEntry(
            'could not verify envelope: every signature needs a verifier that verifies it',
          );
        return { content: sig, verifier };
      });
      return {
        kind: 'dsse',
        apiVersion: '0.0.2',
        spec: {
          spec: {
            $case: 'dsseV002',
            dsseV002: {
              payloadHash: {
                algorithm: HashAlgorithm.SHA2_256,
                digest: createHash('sha256').update(envelope.payload).digest(),
              },
              signatures,
            },
          },
        },
      };
    }
    default:
      throw new InvalidEntry('request must have hashedRekordRequestV002 or dsseRequestV002');
  }
}

function keyOf(verifier: Verifier): KeyObject {
  const v = verifier.verifier;
  if (!v) throw new InvalidEntry('verifier has neither publicKey nor x509Certificate');
  const bytes = v.$case === 'x509Certificate' ? v.x509Certificate.rawBytes : v.publicKey.rawBytes;
  try {
    return verifierKey(bytes);
  } catch {
    throw new InvalidEntry(`the ${v.$case} in the verifier could not be parsed`);
  }
}

function checkSignature(
  signature: Signature | undefined,
  check: (key: KeyObject, sig: Buffer) => boolean,
): Signature {
  if (!signature?.verifier || signature.content.length === 0)
    throw new InvalidEntry('signature with content and verifier is required');
  if (!check(keyOf(signature.verifier), signature.content)) {
    throw new InvalidEntry(
      'the signature does not verify against the verifier for the given digest',
    );
  }
  return signature;
}
