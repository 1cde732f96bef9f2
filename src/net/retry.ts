import * as core from '@actions/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActionError, type ErrorCode } from '../errors.js';
import type { ServiceCounters } from './stats.js';
import { counted } from '../report/wording.js';

/**
 * When to try a request again and how long to wait first. sigstore-js retries with a fixed
 * exponential backoff and no jitter, ignores Retry-After and has no notion of a run deadline;
 * a release job with hundreds of files hitting a rate-limited log needs all three, so the
 * action's service clients (service-client.ts) use this policy instead.
 */

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /** The backoff before retry n (0-based) is a random delay in [0, min(max, base * 2^n)]. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Each attempt, headers and body, must finish within this. */
  readonly timeoutMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  timeoutMs: 15_000,
  maxRetryAfterMs: 60_000,
};

/** 408, 429 and 5xx: the service may answer differently next time. Nothing else is retried. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** "Full jitter" exponential backoff: spreads the retries of many concurrent requests. */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(random() * ceiling);
}

/**
 * A Retry-After header in milliseconds (RFC 9110: delay-seconds or an HTTP-date), or undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The end of the whole run's network work (input `timeout-minutes`): every request is bounded by
 * what is left of it, and no retry starts after it.
 */
export class Deadline {
  private readonly at: number;

  constructor(
    readonly totalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.at = now() + totalMs;
  }

  remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }

  /** "15 minutes", "30 s": for messages. */
  describe(): string {
    const seconds = this.totalMs / 1000;
    return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} s`;
  }
}

/** No deadline: for callers (tests, the conformance CLI) that bound nothing but each request. */
export const NO_DEADLINE = new Deadline(Number.MAX_SAFE_INTEGER / 2);

/** One request's retry context: whom it goes to and under which policy. */
export interface RetryContext {
  readonly service: string;
  readonly errorCode: ErrorCode;
  /** "POST https://...": for messages. */
  readonly what: string;
  readonly policy: RetryPolicy;
  readonly deadline: Deadline;
  readonly counters: ServiceCounters;
  readonly random?: () => number;
}

/** A failed attempt: why, whether another is worth it, and the error to throw if not. */
export interface AttemptFailure {
  readonly failed: true;
  readonly reason: string;
  readonly detail: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  /** Thrown as is when the failure is final (a client's own error type); else ours. */
  readonly error?: unknown;
}

/**
 * Calls `attempt` (given the time it may take) until it succeeds, fails for good, runs out of
 * retries, or the deadline would pass: jittered exponential backoff, at least Retry-After.
 */
export async function withRetries<T>(
  ctx: RetryContext,
  attempt: (timeoutMs: number) => Promise<T | AttemptFailure>,
): Promise<T> {
  const failures: AttemptFailure[] = [];
  for (let n = 0; ; n++) {
    const remaining = ctx.deadline.remainingMs();
    if (remaining === 0) throw deadlineError(ctx, failures);
    ctx.counters.requests++;
    const result = await attempt(Math.min(ctx.policy.timeoutMs, remaining));
    if (!isFailure(result)) return result;
    failures.push(result);
    if (!result.retryable) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the client's own error, as it was thrown
      throw result.error ?? refusedError(ctx, result);
    }
    if (n >= ctx.policy.retries) throw exhaustedError(ctx, failures);

    const backoff = backoffDelay(n, ctx.policy, ctx.random);
    const retryAfter = result.retryAfterMs;
    if (retryAfter !== undefined && retryAfter > ctx.policy.maxRetryAfterMs) {
      throw exhaustedError(ctx, failures, `asked to retry after ${seconds(retryAfter)}`);
    }
    const delay = Math.max(backoff, retryAfter ?? 0);
    if (delay >= ctx.deadline.remainingMs()) throw deadlineError(ctx, failures);
    ctx.counters.retries++;
    ctx.counters.reasons[result.reason] = (ctx.counters.reasons[result.reason] ?? 0) + 1;
    core.debug(
      `${ctx.service}: ${ctx.what}: ${result.detail}; retry ${n + 1} of ${ctx.policy.retries} in ${seconds(delay)}` +
        (retryAfter !== undefined ? ' (Retry-After)' : ''),
    );
    await sleep(delay);
  }
}

function isFailure(value: unknown): value is AttemptFailure {
  return typeof value === 'object' && value !== null && (value as AttemptFailure).failed === true;
}

function refusedError(ctx: RetryContext, failure: AttemptFailure): ActionError {
  return new ActionError(
    ctx.errorCode,
    `${ctx.service} refused the request (${ctx.what}): ${failure.detail}.`,
  );
}

function exhaustedError(
  ctx: RetryContext,
  failures: readonly AttemptFailure[],
  why?: string,
): ActionError {
  const last = failures[failures.length - 1];
  return new ActionError(
    ctx.errorCode,
    `${ctx.service} (${ctx.what}) failed ${failures.length} time${failures.length === 1 ? '' : 's'}` +
      `${why ? `, then ${why}` : ''}; last: ${last?.detail ?? 'no answer'}. ` +
      `${summarize(failures)}It may be down or overloaded: re-run the job later, or check the service's status page.`,
  );
}

function deadlineError(ctx: RetryContext, failures: readonly AttemptFailure[]): ActionError {
  const last = failures[failures.length - 1];
  return new ActionError(
    ctx.errorCode,
    `${ctx.service} (${ctx.what}) did not answer within the run's deadline of ${ctx.deadline.describe()}` +
      `${last ? ` (${counted(failures.length, 'attempt')}; last: ${last.detail})` : ''}. ` +
      'Re-run the job later, or raise timeout-minutes if the work needs longer.',
  );
}

function summarize(failures: readonly AttemptFailure[]): string {
  if (failures.length < 2) return '';
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  return `Attempts: ${[...counts].map(([reason, n]) => `${reason} ×${n}`).join(', ')}. `;
}

/** "1.5 s", "42 s". */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
