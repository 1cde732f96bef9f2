// Rekor v1 (`/api/v1/log/entries`). Like real Rekor it verifies the signature before logging
// (rekor-entries.ts), appends the canonicalized body to one append-only Merkle tree, returns an
// inclusion proof with a signed checkpoint and a SET, answers a duplicate with 409 and a Location,
// and serves entries by UUID. @sigstore/mock's Rekor logs anything, each entry alone in a
// one-leaf tree at a random index.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
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
import { canonicalEntry, invalid, RekorError } from './rekor-entries.js';
import { toPem } from './x509.js';

const ENTRIES_PATH = '/api/v1/log/entries';

interface StoredEntry {
  body: Buffer;
  integratedTime: number;
  logIndex: number;
  /** Hex leaf hash: Rekor's entry UUID within a tree. */
  leafHash: string;
}

export class RekorV1 {
  readonly publicKey: KeyObject;
  /** SHA-256 of the DER public key. */
  readonly logId: Buffer;
  private readonly privateKey: KeyObject;
  private readonly tree = new MerkleTree();
  private readonly entries: StoredEntry[] = [];
  private readonly byLeafHash = new Map<string, StoredEntry>();
  /** Rekor prefixes entry UUIDs with the 8-byte id of the tree (shard) holding them. */
  private readonly treeId = randomBytes(8);

  /**
   * @param baseUrl where the service is mounted (for Location headers)
   * @param origin checkpoint origin / signer name, which must appear in the trusted root's
   *   tlog baseUrl (@sigstore/verify checks `baseUrl.includes(name)`): `host:port`, as real
   *   Rekor v1 uses its host name.
   */
  constructor(
    private readonly baseUrl: string,
    private readonly origin: string,
  ) {
    this.treeId[0] &= 0x7f;
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.logId = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest();
  }

  handle(req: StackRequest): StackResponse {
    try {
      return this.route(req);
    } catch (err) {
      if (err instanceof RekorError)
        return json(err.status, { code: err.status, message: err.message });
      throw err;
    }
  }

  private route(req: StackRequest): StackResponse {
    if (req.path === ENTRIES_PATH) {
      if (req.method !== 'POST') return methodNotAllowed(req.method, req.path);
      return this.createEntry(req.body);
    }
    if (req.path.startsWith(`${ENTRIES_PATH}/`)) {
      if (req.method !== 'GET') return methodNotAllowed(req.method, req.path);
      const uuid = req.path.slice(ENTRIES_PATH.length + 1).toLowerCase();
      // Accept both forms Rekor hands out: 64 hex (leaf hash) or 80 hex (tree id + leaf hash).
      const entry = /^([0-9a-f]{16})?[0-9a-f]{64}$/.test(uuid)
        ? this.byLeafHash.get(uuid.slice(-64))
        : undefined;
      if (!entry) throw new RekorError(404, `no entry with UUID ${uuid} in this log`);
      return json(200, this.entryResponse(entry));
    }
    if (req.path === '/api/v1/log') {
      const size = this.tree.size;
      return json(200, {
        rootHash: this.tree.root().toString('hex'),
        treeSize: size,
        signedTreeHead: this.checkpoint(size),
        treeID: BigInt(`0x${this.treeId.toString('hex')}`).toString(),
        inactiveShards: [],
      });
    }
    if (req.path === '/api/v1/log/publicKey') {
      return {
        status: 200,
        headers: { 'content-type': 'application/x-pem-file' },
        body: toPem(this.publicKey.export({ type: 'spki', format: 'der' }), 'PUBLIC KEY'),
      };
    }
    return notFound(req.path);
  }

  private createEntry(requestBody: Buffer): StackResponse {
    let proposed: Record<string, unknown>;
    try {
      proposed = parseJsonObject(requestBody);
    } catch (err) {
      throw invalid((err as Error).message);
    }
    const body = Buffer.from(canonicalJson.canonicalize(canonicalEntry(proposed)));
    const leafHash = createHash('sha256')
      .update(Buffer.from([0]))
      .update(body)
      .digest('hex');
    const existing = this.byLeafHash.get(leafHash);
    if (existing) return this.alreadyExists(existing);
    const logIndex = this.tree.append(body);
    const entry: StoredEntry = {
      body,
      integratedTime: Math.floor(Date.now() / 1000),
      logIndex,
      leafHash,
    };
    this.entries.push(entry);
    this.byLeafHash.set(leafHash, entry);
    const uuid = this.entryUuid(entry);
    return json(201, this.entryResponse(entry), {
      location: `${this.baseUrl}${ENTRIES_PATH}/${uuid}`,
    });
  }

  /**
   * The `conflict` fault (faults.ts) on `POST /api/v1/log/entries`: logs the entry for real, then
   * answers as if an earlier attempt, whose answer the client lost, had logged it: 409 and the
   * entry's Location. Any other answer (a refused entry, a real duplicate) is returned as is.
   * Undefined for other requests, which get the generic injected 409.
   */
  handleAsConflict(req: StackRequest): StackResponse | undefined {
    if (req.path !== ENTRIES_PATH || req.method !== 'POST') return undefined;
    const created = this.handle(req);
    // Synchronous: the entry just created is the last one.
    return created.status === 201
      ? this.alreadyExists(this.entries[this.entries.length - 1])
      : created;
  }

  /** Rekor's answer to a duplicate, word for word. */
  private alreadyExists(entry: StoredEntry): StackResponse {
    const uuid = this.entryUuid(entry);
    return json(
      409,
      {
        code: 409,
        message: `An equivalent entry already exists in the transparency log with UUID ${uuid}`,
      },
      { location: `${this.baseUrl}${ENTRIES_PATH}/${uuid}` },
    );
  }

  private entryUuid(entry: StoredEntry): string {
    return `${this.treeId.toString('hex')}${entry.leafHash}`;
  }

  /** The entry with a fresh inclusion proof against the current tree, as Rekor returns it. */
  private entryResponse(entry: StoredEntry): Record<string, unknown> {
    const treeSize = this.tree.size;
    const logID = this.logId.toString('hex');
    const set = sign(
      'sha256',
      Buffer.from(
        canonicalJson.canonicalize({
          body: entry.body.toString('base64'),
          integratedTime: entry.integratedTime,
          logIndex: entry.logIndex,
          logID,
        }),
      ),
      this.privateKey,
    );
    return {
      [this.entryUuid(entry)]: {
        body: entry.body.toString('base64'),
        integratedTime: entry.integratedTime,
        logID,
        logIndex: entry.logIndex,
        verification: {
          inclusionProof: {
            checkpoint: this.checkpoint(treeSize),
            hashes: this.tree
              .inclusionProof(entry.logIndex, treeSize)
              .map((h) => h.toString('hex')),
            logIndex: entry.logIndex,
            rootHash: this.tree.root(treeSize).toString('hex'),
            treeSize,
          },
          signedEntryTimestamp: set.toString('base64'),
        },
      },
    };
  }

  private checkpoint(size: number): string {
    const treeId = BigInt(`0x${this.treeId.toString('hex')}`).toString();
    const body = checkpointBody(`${this.origin} - ${treeId}`, size, this.tree.root(size));
    const signature = sign('sha256', Buffer.from(body), this.privateKey);
    return signNote(body, this.origin, this.logId, signature);
  }
}
