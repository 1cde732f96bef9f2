import type { ErrorCode } from '../errors.js';
import { outboundFetch } from './outbound.js';
import {
  Deadline,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  NO_DEADLINE,
  parseRetryAfter,
  seconds,
  withRetries,
  type AttemptFailure,
  type RetryPolicy,
} from './retry.js';
import { NetworkStats, type ServiceCounters } from './stats.js';

export { NetworkStats } from './stats.js';

/**
 * HTTP for the services a run talks to (the runner's token service, Fulcio, Rekor, the TSA), on
 * outboundFetch (our User-Agent, the runner's proxy decision): every attempt bounded by a timeout
 * (body included, so a slow body cannot stall a run), retried with jittered backoff on
 * 408/429/5xx, network errors and unreadable answers, Retry-After honoured, nothing started past
 * the run's deadline, and the service's own error message in the final error. sigstore-js's
 * clients (make-fetch-happen + promise-retry) do none of the jitter, Retry-After or deadline
 * parts; see retry.ts.
 */

/** What every client of one run shares: the retry policy, the run's deadline, the counters. */
export interface NetworkOptions {
  readonly policy: RetryPolicy;
  readonly deadline: Deadline;
  readonly stats: NetworkStats;
}

/** Fresh options for one run: the default policy, a deadline `minutes` from now (none if absent). */
export function networkOptions(minutes?: number): NetworkOptions {
  return {
    policy: DEFAULT_RETRY_POLICY,
    deadline: minutes === undefined ? NO_DEADLINE : new Deadline(minutes * 60_000),
    stats: new NetworkStats(),
  };
}

export interface ServiceClientOptions {
  /** As users know it: "Fulcio", "Rekor", "the timestamp authority", ... */
  readonly service: string;
  /** The code of the error when the service cannot be reached or refuses. */
  readonly errorCode: ErrorCode;
  readonly policy?: RetryPolicy;
  readonly deadline?: Deadline;
  readonly stats?: NetworkStats;
  /** Injected for tests of the retry schedule. */
  readonly random?: () => number;
}

export interface ServiceRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Statuses (besides 2xx) returned to the caller instead of failing, e.g. Rekor's 409. */
  readonly passStatuses?: readonly number[];
  /** Parse the body as JSON (and retry an unreadable one). */
  readonly json?: boolean;
  /** What is wrong with a 2xx body (then retried as a malformed answer), or undefined. */
  readonly validate?: (body: Buffer) => string | undefined;
}

export interface ServiceResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  /** The parsed body, when the request asked for JSON. */
  readonly json?: unknown;
}

export class ServiceClient {
  readonly service: string;
  private readonly policy: RetryPolicy;
  private readonly deadline: Deadline;
  private readonly counters: ServiceCounters;
  private readonly random: () => number;

  constructor(private readonly options: ServiceClientOptions) {
    this.service = options.service;
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.deadline = options.deadline ?? NO_DEADLINE;
    this.counters = (options.stats ?? new NetworkStats()).for(options.service);
    this.random = options.random ?? Math.random;
  }

  send(request: ServiceRequest): Promise<ServiceResponse> {
    return withRetries(
      {
        service: this.service,
        errorCode: this.options.errorCode,
        what: `${request.method} ${request.url}`,
        policy: this.policy,
        deadline: this.deadline,
        counters: this.counters,
        random: this.random,
      },
      (timeoutMs) => this.attempt(request, timeoutMs),
    );
  }

  private async attempt(
    request: ServiceRequest,
    timeoutMs: number,
  ): Promise<ServiceResponse | AttemptFailure> {
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let body: Buffer;
    try {
      response = await outboundFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
      // Inside the same timeout: a body that trickles in is as stuck as no answer.
      body = Buffer.from(await response.arrayBuffer());
    } catch (err) {
      if (signal.aborted) {
        return {
          failed: true,
          reason: 'timeout',
          detail: `no complete answer within ${seconds(timeoutMs)}`,
          retryable: true,
        };
      }
      return { failed: true, reason: 'network', detail: networkDetail(err), retryable: true };
    }
    const { status } = response;
    if ((status >= 200 && status < 300) || request.passStatuses?.includes(status)) {
      const problem = status < 300 ? request.validate?.(body) : undefined;
      if (problem) {
        // A proxy or a failing instance can answer 200 with a cut-off or foreign body.
        return {
          failed: true,
          reason: 'malformed answer',
          detail: `HTTP ${status} with ${problem}`,
          retryable: true,
        };
      }
      if (!request.json) return { status, headers: response.headers, body };
      try {
        return { status, headers: response.headers, body, json: JSON.parse(body.toString('utf8')) };
      } catch {
        // A proxy or a failing instance can answer 200 with a cut-off page: worth another try.
        return {
          failed: true,
          reason: 'malformed answer',
          detail: `HTTP ${status} with a body that is not JSON (${snippet(body)})`,
          retryable: true,
        };
      }
    }
    return {
      failed: true,
      reason: String(status),
      detail: `HTTP ${status}${serviceMessage(body)}`,
      retryable: isRetryableStatus(status),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  }
}

/** The message a service put in its error body: `message`, `msg` (Twirp), `error`, or text. */
function serviceMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  if (!text) return '';
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      for (const key of ['message', 'msg', 'error', 'detail']) {
        if (typeof record[key] === 'string' && record[key]) return `: ${clip(record[key])}`;
      }
    }
  } catch {
    // not JSON: the text itself
  }
  return `: ${snippet(body)}`;
}

function networkDetail(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const message = cause instanceof Error ? cause.message : String(cause);
  return `network error${code ? ` ${code}` : ''}: ${clip(message)}`;
}

function snippet(body: Buffer): string {
  return JSON.stringify(clip(body.toString('utf8').replace(/\s+/g, ' ').trim(), 120));
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
