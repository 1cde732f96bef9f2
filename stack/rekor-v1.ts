// Rekor v1 (`/api/v1/log/entries`). Like real Rekor it verifies the signature before logging
// (rekor-entries.ts), appends the canonicalized body to one append-only Merkle tree, returns an
// inclusion proof with a signed checkpoint and a SET, answers a duplicate with 409 and a Location,
// and serves entries by UUID. @sigstore/mock's Rekor logs anything, each entry alone in a
// one-leaf tree at a random index.
// Requests are refused as sigstore/rekor eee7d8d644f5713e3c1ace419425aa3ceadc46d7 refuses them:
// its go-swagger front (stack/go-openapi.ts), the ProposedEntry model
// (pkg/generated/models/proposed_entry.go, hashedrekord.go...), then pkg/api/entries.go with
// `{code, message}` bodies (pkg/api/error.go). Location headers are what getEntryURL makes of the
// request's URL: a bare path, `/api/v1/log/entries/<uuid>`, as real Rekor sends it.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { json as canonicalJson } from '@sigstore/core';
import {
  frontDoor,
  responderError,
  serveError,
  ValidationCode,
  type SwaggerRoute,
} from './go-openapi.js';
import { goJsonType, goStructFields, readFirstValue } from './go-json.js';
import { json, type StackRequest, type StackResponse } from './http.js';
import { checkpointBody, MerkleTree, signNote } from './merkle.js';
import { API_VERSION_PATTERN, ENTRY_KINDS } from './contracts/rekor-v1.js';
import { canonicalEntry, RekorError } from './rekor-entries.js';
import { toPem } from './x509.js';

const ENTRIES_PATH = '/api/v1/log/entries';
const UUID_PATTERN = '^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$';
/** The kinds the ProposedEntry discriminator knows (proposed_entry.go); others are 422. */
const KINDS = ['ProposedEntry', ...ENTRY_KINDS];

const JSON_API = { consumes: ['application/json'], produces: ['application/json'] };
/** openapi.yaml's operations. */
const ROUTES: SwaggerRoute[] = [
  { method: 'POST', path: '/api/v1/index/retrieve', ...JSON_API },
  { method: 'GET', path: '/api/v1/log', ...JSON_API },
  {
    method: 'GET',
    path: '/api/v1/log/publicKey',
    ...JSON_API,
    produces: ['application/x-pem-file'],
  },
  { method: 'GET', path: '/api/v1/log/proof', ...JSON_API },
  { method: 'POST', path: ENTRIES_PATH, ...JSON_API },
  { method: 'GET', path: ENTRIES_PATH, ...JSON_API },
  { method: 'GET', path: /^\/api\/v1\/log\/entries\/[^/]+$/, ...JSON_API },
  { method: 'POST', path: '/api/v1/log/entries/retrieve', ...JSON_API },
];

/** What pkg/api answers for an API it does not serve (the *NotImplementedHandler functions). */
const NOT_ENABLED: Record<string, string> = {
  'POST /api/v1/index/retrieve': 'Search Index API not enabled in this Rekor instance',
  'GET /api/v1/log/proof': 'Get Log Proof API not enabled in this Rekor instance',
  'POST /api/v1/log/entries/retrieve': 'Search Log Query API not enabled in this Rekor instance',
};

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
   * @param origin checkpoint origin / signer name, which must appear in the trusted root's
   *   tlog baseUrl (@sigstore/verify checks `baseUrl.includes(name)`): `host:port`, as real
   *   Rekor v1 uses its host name.
   */
  constructor(private readonly origin: string) {
    this.treeId[0] &= 0x7f;
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.logId = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest();
  }

  handle(req: StackRequest): StackResponse {
    const front = frontDoor(ROUTES, req);
    if ('answer' in front) return front.answer;
    try {
      return this.route(req, front.format);
    } catch (err) {
      if (!(err instanceof RekorError)) throw err;
      return responderError(err.status, err.message, front.format);
    }
  }

  private route(req: StackRequest, format: string): StackResponse {
    const disabled = NOT_ENABLED[`${req.method} ${req.path}`];
    if (disabled) return responderError(501, disabled, format);
    if (req.path === ENTRIES_PATH) {
      return req.method === 'POST'
        ? this.createEntry(req, format)
        : this.entryByIndex(req.query.get('logIndex'));
    }
    if (req.path.startsWith(`${ENTRIES_PATH}/`)) {
      const uuid = decodeURIComponent(req.path.slice(ENTRIES_PATH.length + 1));
      if (!new RegExp(UUID_PATTERN).test(uuid)) {
        return serveError(
          ValidationCode.Pattern,
          `entryUUID in path should match '${UUID_PATTERN}'`,
        );
      }
      // 64 hex (leaf hash) or 80 hex (tree id + leaf hash).
      const entry = this.byLeafHash.get(uuid.toLowerCase().slice(-64));
      return entry ? json(200, this.entryResponse(entry)) : notFound();
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
    // GET /api/v1/log/publicKey
    return {
      status: 200,
      headers: { 'content-type': format },
      body: toPem(this.publicKey.export({ type: 'spki', format: 'der' }), 'PUBLIC KEY'),
    };
  }

  /** getLogEntryByIndex: `logIndex` required, an integer, at least 0. */
  private entryByIndex(logIndex: string | null): StackResponse {
    if (logIndex === null) {
      return serveError(ValidationCode.Required, 'logIndex in query is required');
    }
    if (!/^[-+]?\d+$/.test(logIndex)) {
      return serveError(
        ValidationCode.InvalidType,
        `logIndex in query must be of type int64: ${JSON.stringify(logIndex)}`,
      );
    }
    if (BigInt(logIndex) < 0n) {
      return serveError(609, 'logIndex in query should be greater than or equal to 0');
    }
    const entry = this.entries[Number(logIndex)];
    return entry ? json(200, this.entryResponse(entry)) : notFound();
  }

  private createEntry(req: StackRequest, format: string): StackResponse {
    const parsed = parseProposedEntry(req.body);
    if ('answer' in parsed) return parsed.answer;
    let canonical: Record<string, unknown>;
    try {
      canonical = canonicalEntry(parsed.entry);
    } catch (err) {
      if (!(err instanceof RekorError)) throw err;
      // createLogEntry: validationError = "error processing entry: %v".
      return responderError(400, `error processing entry: ${err.message}`, format);
    }
    const body = Buffer.from(canonicalJson.canonicalize(canonical));
    const leafHash = createHash('sha256')
      .update(Buffer.from([0]))
      .update(body)
      .digest('hex');
    const existing = this.byLeafHash.get(leafHash);
    if (existing) return this.alreadyExists(existing, req);
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
      location: entryUrl(req, uuid),
      etag: uuid,
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
      ? this.alreadyExists(this.entries[this.entries.length - 1], req)
      : created;
  }

  /** Rekor's answer to a duplicate: pkg/api/error.go entryAlreadyExists, word for word. */
  private alreadyExists(entry: StoredEntry, req: StackRequest): StackResponse {
    const uuid = this.entryUuid(entry);
    return json(
      409,
      {
        code: 409,
        message: `an equivalent entry already exists in the transparency log with UUID ${uuid}`,
      },
      { location: entryUrl(req, uuid) },
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

/**
 * getEntryURL (pkg/api/entries.go): the request's URL as the server saw it, a path and a query
 * without `apiKey`, with `/<uuid>` appended to the path. No scheme, no host.
 */
function entryUrl(req: StackRequest, uuid: string): string {
  const query = new URLSearchParams([...req.query].filter(([k]) => k !== 'apiKey'));
  query.sort();
  const search = query.toString();
  return `${req.path}/${uuid}${search ? `?${search}` : ''}`;
}

/** A 404 of pkg/api: no body, and no Content-Type ("Remove Content-Type on empty responses"). */
function notFound(): StackResponse {
  return { status: 404, headers: {}, body: '' };
}

type ProposedEntry = Record<string, unknown> & { kind: string };

/**
 * CreateLogEntryParams.BindRequest: the body is required; fastUnmarshalTargetedProposedEntry
 * decodes the first JSON value into {kind, apiVersion, spec} (a Go error there is not a
 * go-openapi error, so ServeError makes it a 500 with Go's text); `kind` is required and must be
 * a known kind (422); then Hashedrekord.Validate & co: apiVersion required and a semantic
 * version, spec required (422, the first failure served).
 */
function parseProposedEntry(body: Buffer): { entry: ProposedEntry } | { answer: StackResponse } {
  const required = (name: string): { answer: StackResponse } => ({
    answer: serveError(ValidationCode.Required, `${name} in body is required`),
  });
  if (body.length === 0) return required('proposedEntry');
  const first = readFirstValue(body);
  if ('eof' in first) return required('proposedEntry');
  if ('error' in first) return { answer: serveError(500, first.error) };
  const value = JSON.parse(first.value.toString('utf8')) as unknown;
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    return {
      answer: serveError(
        500,
        `json: cannot unmarshal ${goJsonType(value)} into Go value of type models.targetedProposedEntry`,
      ),
    };
  }
  const fields = goStructFields((value ?? {}) as Record<string, unknown>, [
    'kind',
    'apiVersion',
    'spec',
  ]);
  for (const [name, got] of Object.entries(fields)) {
    if (name !== 'spec' && got !== null && typeof got !== 'string') {
      return {
        answer: serveError(
          500,
          `json: cannot unmarshal ${goJsonType(got)} into Go struct field targetedProposedEntry.${name} of type ${name === 'kind' ? 'string' : '*string'}`,
        ),
      };
    }
  }
  const kind = (fields.kind as string | null | undefined) ?? '';
  if (kind === '') return required('kind');
  if (!KINDS.includes(kind)) {
    return { answer: serveError(422, `invalid kind value: ${JSON.stringify(kind)}`) };
  }
  if (kind !== 'ProposedEntry') {
    const apiVersion = fields.apiVersion as string | null | undefined;
    if (apiVersion === undefined || apiVersion === null) return required('apiVersion');
    if (!new RegExp(API_VERSION_PATTERN).test(apiVersion)) {
      return {
        answer: serveError(
          ValidationCode.Pattern,
          `apiVersion in body should match '${API_VERSION_PATTERN}'`,
        ),
      };
    }
    if (fields.spec === undefined || fields.spec === null) return required('spec');
  }
  return { entry: { ...fields, kind } };
}
