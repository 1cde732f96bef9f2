// Fault injection, so that clients' retries can be tested end to end: `--faults SPEC [--seed N]`
// on the command line, or `POST /__faults` at run time. SPEC is comma-separated entries
// `service=kind@rate` (a fraction of that service's requests fails that way) or `service=down`
// (no request is ever answered). Decisions come from one seeded PRNG stream per service, so a
// seed replays the same sequence of faults, and traffic to one service never shifts another's.
// Kinds: 500, 502, 503 and 429 answer a JSON error `{code, message}` without asking the service
// (429 and 503 with `Retry-After: 1` on a seeded half); `timeout` holds the request unanswered
// until the client gives up (the socket is destroyed after 120 s); `reset` destroys the socket;
// `slow` trickles the real answer's body over about 2 s; `badjson` answers 200 with JSON cut in
// half; `conflict` answers 409, except that Rekor v1 and v2 log a new entry first and answer as
// if an earlier attempt had logged it (rekor-v1.ts: a Location; rekor-v2.ts: x-log-index). server.ts asks `decide` per request of a
// service route (never the /__ admin routes) and applies the answer with `injectFault` and
// `trickle`; the stack's latency still applies to what is answered.
import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  json,
  methodNotAllowed,
  parseJsonObject,
  type StackRequest,
  type StackResponse,
} from './http.js';

export const FAULT_SERVICES = [
  'oidc',
  'fulcio',
  /** Rekor v1 (`/rekor`) and Rekor v2 (`/rekor2`). */
  'rekor',
  'tsa',
  'tuf',
  /** The Actions results (artifact) service, `/twirp`. */
  'results',
  /** Artifact blobs in Azurite, through the stack's `/blob` route. */
  'blob',
  /** The GitHub REST stand-in: `/api`, `/uploads` and `/download`. */
  'github',
] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];

export const FAULT_KINDS = [
  '500',
  '502',
  '503',
  '429',
  'timeout',
  'reset',
  'slow',
  'badjson',
  'conflict',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_SYNTAX =
  `expected comma-separated service=kind@rate or service=down entries` +
  ` (services: ${FAULT_SERVICES.join(' ')}; kinds: ${FAULT_KINDS.join(' ')}; rate from 0 to 1),` +
  ` e.g. rekor=503@0.05,rekor=timeout@0.02,tuf=down`;

/** Per service: `down`, or faults whose rates add up to at most 1. */
export type FaultSpec = Partial<Record<FaultService, 'down' | { kind: FaultKind; rate: number }[]>>;

/** What happens to one request. */
export interface Fault {
  kind: FaultKind | 'down';
  /** 429 and 503: whether the answer carries `Retry-After: 1` (half of them). */
  retryAfter: boolean;
}

/** Injected faults so far, by service and kind (only those that happened). */
export type FaultCounts = Partial<Record<FaultService, Partial<Record<Fault['kind'], number>>>>;

/** `timeout` and `down`: how long a request is held before its socket is destroyed. */
export const HOLD_MS = 120_000;
/** `slow`: how long a body takes to trickle out, and in how many pieces. */
export const SLOW_MS = 2_000;
const SLOW_PIECES = 20;
const MAX_SEED = 0xffffffff;

export class FaultSpecError extends Error {}

function invalidEntry(entry: string, why: string): FaultSpecError {
  return new FaultSpecError(`invalid fault entry "${entry}": ${why}; ${FAULT_SYNTAX}`);
}

/** Parses SPEC; throws a FaultSpecError naming the bad entry and the valid syntax. */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = {};
  if (text.trim() === '') return spec;
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') throw invalidEntry(entry, 'empty entry');
    const eq = entry.indexOf('=');
    if (eq < 0) throw invalidEntry(entry, 'no "="');
    const service = entry.slice(0, eq) as FaultService;
    const value = entry.slice(eq + 1);
    if (!FAULT_SERVICES.includes(service))
      throw invalidEntry(entry, `unknown service "${service}"`);
    const existing = spec[service];
    if (value === 'down') {
      if (existing !== undefined) throw invalidEntry(entry, `${service} has other entries`);
      spec[service] = 'down';
      continue;
    }
    const at = value.indexOf('@');
    if (at < 0) throw invalidEntry(entry, 'no "@rate"');
    const kind = value.slice(0, at) as FaultKind;
    const rateText = value.slice(at + 1);
    if (!FAULT_KINDS.includes(kind)) throw invalidEntry(entry, `unknown kind "${kind}"`);
    const rate = Number(rateText);
    if (!/^(\d+\.?\d*|\.\d+)$/.test(rateText) || rate > 1) {
      throw invalidEntry(entry, `rate "${rateText}" is not a number from 0 to 1`);
    }
    if (existing === 'down') throw invalidEntry(entry, `${service} is already down`);
    const faults = existing ?? [];
    if (faults.some((f) => f.kind === kind))
      throw invalidEntry(entry, `a second ${service}=${kind} entry`);
    const total = faults.reduce((sum, f) => sum + f.rate, rate);
    if (total > 1 + 1e-9)
      throw invalidEntry(entry, `the rates of ${service} add up to ${total}, more than 1`);
    spec[service] = [...faults, { kind, rate }];
  }
  return spec;
}

/** The spec written back canonically (`GET /__faults`). */
export function formatFaultSpec(spec: FaultSpec): string {
  return Object.entries(spec)
    .flatMap(([service, faults]) =>
      faults === 'down'
        ? [`${service}=down`]
        : faults.map((f) => `${service}=${f.kind}@${String(f.rate)}`),
    )
    .join(',');
}

/** A seed: an integer from 0 to 2^32 - 1. */
export function parseSeed(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_SEED) {
    throw new FaultSpecError(`seed must be an integer from 0 to ${MAX_SEED}, got ${String(value)}`);
  }
  return n;
}

/** mulberry32: a tiny 32-bit PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to give each service its own stream from one seed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(text)) h = Math.imul(h ^ c, 0x01000193) >>> 0;
  return h;
}

export class FaultInjector {
  readonly counts: FaultCounts = {};
  private spec: FaultSpec = {};
  private seed = 0;
  private streams = new Map<FaultService, () => number>();

  /**
   * @param defaultSeed the seed when `configure` is given none (`--seed`); without it, each
   *   `configure` picks a random seed (reported by `current`, so a run can be replayed)
   */
  constructor(private readonly defaultSeed?: number) {
    this.configure('');
  }

  /** Replaces the spec (throws FaultSpecError) and restarts every service's stream. */
  configure(text: string, seed?: number): void {
    this.spec = parseFaultSpec(text);
    this.seed = seed ?? this.defaultSeed ?? randomInt(MAX_SEED);
    this.streams = new Map();
  }

  current(): { spec: string; seed: number } {
    return { spec: formatFaultSpec(this.spec), seed: this.seed };
  }

  /** `GET /__faults`: the spec and seed; `POST /__faults {spec, seed?}` replaces them. */
  handle(req: StackRequest): StackResponse {
    if (req.method === 'GET') return json(200, this.current());
    if (req.method !== 'POST') return methodNotAllowed(req.method, '/__faults');
    try {
      const body = parseJsonObject(req.body);
      if (typeof body.spec !== 'string') {
        throw new FaultSpecError('the body must be {"spec": string, "seed"?: number}');
      }
      this.configure(body.spec, body.seed === undefined ? undefined : parseSeed(body.seed));
    } catch (err) {
      return json(400, { code: 400, message: (err as Error).message });
    }
    return json(200, this.current());
  }

  /** The fault for the next request to `service`, if any; counted as injected. */
  decide(service: FaultService): Fault | undefined {
    const faults = this.spec[service];
    if (faults === undefined) return undefined;
    let fault: Fault | undefined;
    if (faults === 'down') {
      fault = { kind: 'down', retryAfter: false };
    } else {
      const random = this.stream(service);
      let u = random();
      const hit = faults.find((f) => (u -= f.rate) < 0);
      if (hit === undefined) return undefined;
      const retryAfter = (hit.kind === '429' || hit.kind === '503') && random() < 0.5;
      fault = { kind: hit.kind, retryAfter };
    }
    const counts = (this.counts[service] ??= {});
    counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
    return fault;
  }

  private stream(service: FaultService): () => number {
    let random = this.streams.get(service);
    if (!random) {
      random = mulberry32((this.seed ^ fnv1a(service)) >>> 0);
      this.streams.set(service, random);
    }
    return random;
  }
}

const REASONS: Record<string, string> = {
  '409': 'Conflict',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
};

/**
 * The answer of a fault that answers without asking the service: 500/502/503/429 and
 * `conflict` as JSON errors, `badjson` as a 200 whose JSON body breaks off.
 */
export function faultResponse(service: FaultService, fault: Fault): StackResponse {
  if (fault.kind === 'badjson') {
    const whole = JSON.stringify({ injected: 'badjson', service, message: 'a truncated body' });
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: whole.slice(0, Math.floor(whole.length / 2)),
    };
  }
  const status = fault.kind === 'conflict' ? 409 : Number(fault.kind);
  return json(
    status,
    {
      code: status,
      message: `injected fault: ${status} ${REASONS[status]} from ${service} (--faults)`,
    },
    fault.retryAfter ? { 'retry-after': '1' } : {},
  );
}

/**
 * Applies a fault in place of the service: `timeout` and `down` hold the request, `reset`
 * destroys the socket, the answering kinds answer after `latency`. False for `slow`, and for a
 * `conflict` the service answers itself (`ownConflict`): the request goes on to the service.
 */
export async function injectFault(
  req: IncomingMessage,
  res: ServerResponse,
  service: FaultService,
  fault: Fault,
  latency: () => Promise<void>,
  ownConflict: boolean,
): Promise<boolean> {
  switch (fault.kind) {
    case 'slow':
      return false;
    case 'timeout':
    case 'down':
      holdUnanswered(req);
      return true;
    case 'reset':
      await latency();
      req.socket.destroy();
      return true;
    case 'conflict':
      if (ownConflict) return false;
      break;
    default:
      break;
  }
  const response = faultResponse(service, fault);
  try {
    await drain(req); // the client may still be sending; it reads the answer once it is done
  } catch {
    return true; // it went away
  }
  await latency();
  res.writeHead(response.status, response.headers);
  res.end(req.method === 'HEAD' ? undefined : response.body);
  return true;
}

/** Never answers; destroys the socket after HOLD_MS if the client is still waiting. */
function holdUnanswered(req: IncomingMessage): void {
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), HOLD_MS);
  socket.once('close', () => clearTimeout(timer));
}

/** Discards a request body that is not going to be used. */
async function drain(req: IncomingMessage): Promise<void> {
  req.resume();
  await finished(req);
}

/**
 * `slow`: writes an answer's body (headers already sent) in pieces spread over about SLOW_MS:
 * 20 pieces when the length is known, else each chunk after a pause; a short body still ends
 * only after SLOW_MS. Stops when the client goes away.
 */
export async function trickle(
  res: ServerResponse,
  body: Buffer | AsyncIterable<Buffer>,
  length: number | undefined,
): Promise<void> {
  const start = performance.now();
  const step = SLOW_MS / SLOW_PIECES;
  const piece = length ? Math.max(1, Math.ceil(length / SLOW_PIECES)) : Infinity;
  let sent = 0;
  const write = async (bytes: Buffer): Promise<void> => {
    sent += bytes.length;
    await sleep(Math.max(0, length ? start + (sent / length) * SLOW_MS - performance.now() : step));
    if (res.destroyed) throw new Error('the client went away');
    if (!res.write(bytes)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  };
  try {
    for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
      for (let off = 0; off < chunk.length; off += piece) {
        await write(chunk.subarray(off, off + piece));
      }
    }
    await sleep(Math.max(0, start + SLOW_MS - performance.now()));
  } catch {
    res.destroy();
    return;
  }
  res.end();
}
