import { createHash } from 'node:crypto';
import type { TransparencyLogEntry } from '@sigstore/bundle';
import { RFC3161Timestamp } from '@sigstore/core';
import { TransparencyLogEntry as TransparencyLogEntryJSON } from '@sigstore/protobuf-specs';
import { CreateEntryRequest } from '@sigstore/protobuf-specs/rekor/v2';
import type { SignatureBundle, VerificationMaterial, Witness } from '@sigstore/sign';
// Rekor v1's request bodies are sigstore-js's own (how a signature becomes a hashedrekord or
// DSSE entry); only the transport is ours. The package has no exports map, so this deep import
// is the same module @sigstore/sign's RekorWitness uses. Rekor v2's body is ours: see
// rekor-v2-request.ts.
import { toProposedEntry } from '@sigstore/sign/dist/witness/tlog/entry.js';
import { ActionError } from '../errors.js';
import { ServiceClient, type ServiceClientOptions } from '../net/service-client.js';
import { rekorV2Request } from './rekor-v2-request.js';

/**
 * Rekor (v1 and v2) and RFC 3161 timestamp witnesses: @sigstore/sign's RekorWitness and
 * TSAWitness, with requests made by ServiceClient (timeouts, jittered retries, Retry-After, the
 * run's deadline) instead of sigstore-js's fetch. A Rekor v1 "409 already exists" (a retry of a
 * request whose first answer was lost) fetches the existing entry, as sigstore-js does. Rekor v2
 * has no way to read an entry back: its 409 is TlogEntryExists, and the signer signs again.
 */

type ClientOptions = Omit<ServiceClientOptions, 'service' | 'errorCode'>;

function rekorClient(options: ClientOptions): ServiceClient {
  return new ServiceClient({ ...options, service: 'Rekor', errorCode: 'TLOG_FAILED' });
}

export class RekorV1Witness implements Witness {
  private readonly client: ServiceClient;

  constructor(
    private readonly baseURL: string,
    options: ClientOptions,
  ) {
    this.client = rekorClient(options);
  }

  async testify(content: SignatureBundle, publicKey: string): Promise<VerificationMaterial> {
    const created = await this.client.send({
      method: 'POST',
      url: `${this.baseURL}/api/v1/log/entries`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(toProposedEntry(content, publicKey)),
      passStatuses: [409],
      json: true,
    });
    let answer = created.json;
    if (created.status === 409) {
      const location = created.headers.get('location');
      if (!location) {
        throw new ActionError(
          'TLOG_FAILED',
          'Rekor answered 409 (entry already exists) without the Location of that entry.',
        );
      }
      // Real Rekor's Location is a bare path (`/api/v1/log/entries/<uuid>`, openapi.yaml): only
      // its UUID is used, against the log's base URL, as sigstore-js does (witness/tlog/client.js).
      // A path resolved against the host would miss a log served below a path prefix.
      const uuid = new URL(location, 'http://rekor.invalid').pathname.split('/').pop() ?? '';
      if (!/^[0-9a-f]{64,80}$/i.test(uuid)) {
        throw new ActionError(
          'TLOG_FAILED',
          `Rekor answered 409 (entry already exists) with a Location that names no entry (${JSON.stringify(location.slice(0, 200))}).`,
        );
      }
      const existing = await this.client.send({
        method: 'GET',
        url: `${this.baseURL}/api/v1/log/entries/${uuid}`,
        headers: { accept: 'application/json' },
        json: true,
      });
      answer = existing.json;
    }
    return { tlogEntries: [rekorV1Entry(answer)] };
  }
}

/**
 * Rekor v2 (rekor-tiles) answered 409 AlreadyExists: it already holds this very entry (an earlier
 * attempt whose answer was lost landed it, or the same signature was logged twice). It returns
 * neither the entry nor its inclusion proof, and serves no API to read them back, so this
 * signature cannot get a bundle: the caller signs again (fresh randomness, a new entry).
 */
export class TlogEntryExists extends ActionError {
  constructor(
    readonly logURL: string,
    readonly logIndex: string | undefined,
  ) {
    super(
      'TLOG_FAILED',
      `Rekor v2 (${logURL}) already holds this signature${logIndex ? ` at log index ${logIndex}` : ''} and returns no copy of its entry; sign it again.`,
    );
  }
}

export class RekorV2Witness implements Witness {
  private readonly client: ServiceClient;

  constructor(
    private readonly baseURL: string,
    options: ClientOptions,
  ) {
    this.client = rekorClient(options);
  }

  async testify(content: SignatureBundle, publicKey: string): Promise<VerificationMaterial> {
    const request = rekorV2Request(content, publicKey);
    const answer = await this.client.send({
      method: 'POST',
      url: `${this.baseURL}/api/v2/log/entries`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(CreateEntryRequest.toJSON(request)),
      // rekor-tiles internal/server/service.go: a duplicate is codes.AlreadyExists (HTTP 409)
      // with the existing entry's index in the x-log-index header.
      passStatuses: [409],
      json: true,
    });
    if (answer.status === 409) {
      const index = answer.headers.get('x-log-index');
      throw new TlogEntryExists(this.baseURL, index && /^\d+$/.test(index) ? index : undefined);
    }
    let entry: TransparencyLogEntryJSON;
    try {
      entry = TransparencyLogEntryJSON.fromJSON(answer.json);
    } catch (err) {
      throw malformed(`the entry is not a TransparencyLogEntry: ${(err as Error).message}`);
    }
    if (!entry.logId || !entry.kindVersion)
      throw malformed('the entry has no logId or kindVersion');
    return { tlogEntries: [entry as TransparencyLogEntry] };
  }
}

export class TimestampWitness implements Witness {
  private readonly client: ServiceClient;
  private readonly url: string;

  constructor(tsaURL: string, options: ClientOptions) {
    this.client = new ServiceClient({
      ...options,
      service: 'the timestamp authority',
      errorCode: 'TSA_FAILED',
    });
    // A signing config lists the full endpoint; a bare base URL gets the standard path.
    this.url =
      new URL(tsaURL).pathname === '/' ? `${tsaURL.replace(/\/$/, '')}/api/v1/timestamp` : tsaURL;
  }

  async testify(content: SignatureBundle): Promise<VerificationMaterial> {
    const signature =
      content.$case === 'dsseEnvelope'
        ? content.dsseEnvelope.signatures[0]?.sig
        : content.messageSignature.signature;
    if (!signature) throw new ActionError('SIGNING_FAILED', 'there is no signature to timestamp.');
    const { body } = await this.client.send({
      method: 'POST',
      url: this.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        artifactHash: createHash('sha256').update(signature).digest('base64'),
        hashAlgorithm: 'sha256',
      }),
      validate: timestampProblem,
    });
    return { rfc3161Timestamps: [{ signedTimestamp: body }] };
  }
}

/** Why a TSA answer is not an RFC 3161 timestamp token, or undefined when it is one. */
function timestampProblem(body: Buffer): string | undefined {
  try {
    RFC3161Timestamp.parse(Buffer.from(body));
    return undefined;
  } catch (err) {
    return `a body that is not an RFC 3161 timestamp (${(err as Error).message})`;
  }
}

/** Rekor v1's `{uuid: entry}` answer as a bundle's TransparencyLogEntry (as sigstore-js maps it). */
function rekorV1Entry(answer: unknown): TransparencyLogEntry {
  if (typeof answer !== 'object' || answer === null) throw malformed('the answer is not an object');
  const values = Object.values(answer);
  if (values.length !== 1) throw malformed(`the answer has ${values.length} entries, not 1`);
  const entry = values[0] as RekorV1Entry;
  try {
    const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8')) as {
      kind: string;
      apiVersion: string;
    };
    const proof = entry.verification?.inclusionProof;
    const set = entry.verification?.signedEntryTimestamp;
    return {
      logIndex: entry.logIndex.toString(),
      logId: { keyId: Buffer.from(entry.logID, 'hex') },
      integratedTime: entry.integratedTime.toString(),
      kindVersion: { kind: body.kind, version: body.apiVersion },
      inclusionPromise: set ? { signedEntryTimestamp: Buffer.from(set, 'base64') } : undefined,
      inclusionProof: proof
        ? {
            logIndex: proof.logIndex.toString(),
            treeSize: proof.treeSize.toString(),
            rootHash: Buffer.from(proof.rootHash, 'hex'),
            hashes: proof.hashes.map((h) => Buffer.from(h, 'hex')),
            checkpoint: { envelope: proof.checkpoint },
          }
        : undefined,
      canonicalizedBody: Buffer.from(entry.body, 'base64'),
    };
  } catch (err) {
    throw malformed(`the entry cannot be read: ${(err as Error).message}`);
  }
}

interface RekorV1Entry {
  body: string;
  logID: string;
  logIndex: number;
  integratedTime: number;
  verification?: {
    signedEntryTimestamp?: string;
    inclusionProof?: {
      logIndex: number;
      treeSize: number;
      rootHash: string;
      hashes: string[];
      checkpoint: string;
    };
  };
}

function malformed(detail: string): ActionError {
  return new ActionError('TLOG_FAILED', `Rekor's answer is malformed: ${detail}.`);
}
