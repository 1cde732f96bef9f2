import { existsSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
// @sigstore/tuf's own helpers and seeds (no exports map; the files its client uses).
import { appDataPath } from '@sigstore/tuf/dist/appdata.js';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { BaseFetcher, Updater } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { outboundFetch } from '../net/outbound.js';
import {
  isRetryableStatus,
  NO_DEADLINE,
  parseRetryAfter,
  seconds,
  withRetries,
  type AttemptFailure,
  type RetryPolicy,
} from '../net/retry.js';
import type { ServiceCounters } from '../net/stats.js';

/**
 * @sigstore/tuf's client (the same cache layout, embedded seeds and target reads), on tuf-js's
 * Updater with our fetcher. @sigstore/tuf cannot be given a fetcher or a User-Agent (it sends
 * its own), and tuf-js 6 fetches with Node's fetch, which ignores HTTPS_PROXY and NO_PROXY: a
 * runner behind a proxy could not reach the TUF repository. Every TUF request here goes through
 * outboundFetch (our User-Agent, the runner's proxy decision), retried as the run's other
 * requests are (net/retry.ts). The TUF protocol itself (signatures, versions, expiry, hashes)
 * stays tuf-js's.
 */

export interface TUFOptions {
  readonly mirrorURL: string;
  /** The initial root.json trusted for the mirror; without it, @sigstore/tuf's seed for it. */
  readonly rootPath?: string;
  /** Default: where @sigstore/tuf keeps its cache, so both share it. */
  readonly cachePath?: string;
  /** Start again from rootPath, whatever an earlier run cached for this mirror. */
  readonly forceInit?: boolean;
  readonly policy: RetryPolicy;
}

export interface TUF {
  /** A target's contents (UTF-8), fetched and verified unless the cached copy verifies. */
  getTarget(target: string): Promise<string>;
}

type Seeds = Record<string, { 'root.json': string; targets: Record<string, string> }>;

const TARGETS_DIR = 'targets';

/** Opens the mirror's cache and refreshes its metadata (TUF client workflow, tuf-js). */
export async function initTUF(options: TUFOptions): Promise<TUF> {
  const url = new URL(options.mirrorURL);
  const repoName = encodeURIComponent(url.host + url.pathname.replace(/\/$/, ''));
  const cachePath = path.join(options.cachePath ?? appDataPath('sigstore-js'), repoName);
  const targetDir = path.join(cachePath, TARGETS_DIR);
  mkdirSync(targetDir, { recursive: true });
  seedCache(cachePath, options);
  const updater = new Updater({
    metadataBaseUrl: options.mirrorURL,
    targetBaseUrl: `${options.mirrorURL}/targets`,
    metadataDir: cachePath,
    targetDir,
    fetcher: new OutboundFetcher(options.policy),
  });
  await updater.refresh();
  return { getTarget: (target) => readTarget(updater, target) };
}

function seedCache(cachePath: string, options: TUFOptions): void {
  const cachedRoot = path.join(cachePath, 'root.json');
  if (existsSync(cachedRoot) && !options.forceInit) return;
  if (options.rootPath) {
    copyFileSync(options.rootPath, cachedRoot);
    return;
  }
  const seed = (seeds as Seeds)[options.mirrorURL];
  if (!seed) throw new Error(`no root.json known for the mirror ${options.mirrorURL}`);
  writeFileSync(cachedRoot, Buffer.from(seed['root.json'], 'base64'));
  for (const [name, target] of Object.entries(seed.targets)) {
    writeFileSync(path.join(cachePath, TARGETS_DIR, name), Buffer.from(target, 'base64'));
  }
}

/** The repository's signed targets metadata does not list this target. */
export class TargetNotFound extends Error {
  constructor(readonly target: string) {
    super(`target ${target} not found`);
  }
}

async function readTarget(updater: Updater, target: string): Promise<string> {
  const info = await updater.getTargetInfo(target);
  if (!info) throw new TargetNotFound(target);
  const file = (await updater.findCachedTarget(info)) ?? (await updater.downloadTarget(info));
  return readFile(file, 'utf8');
}

/** tuf-js's fetcher interface over outboundFetch, with the run's retry policy. */
class OutboundFetcher extends BaseFetcher {
  private readonly counters: ServiceCounters = { requests: 0, retries: 0, reasons: {} };

  constructor(private readonly policy: RetryPolicy) {
    super();
  }

  fetch(url: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
    return withRetries(
      {
        service: 'the TUF repository',
        errorCode: 'TUF_FAILED',
        what: `GET ${url}`,
        policy: this.policy,
        deadline: NO_DEADLINE,
        counters: this.counters,
      },
      (timeoutMs) => this.attempt(url, timeoutMs),
    );
  }

  private async attempt(
    url: string,
    timeoutMs: number,
  ): Promise<ReadableStream<Uint8Array<ArrayBuffer>> | AttemptFailure> {
    // Also bounds reading the body, which tuf-js does after this returns (and caps in length).
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await outboundFetch(url, { signal });
    } catch (err) {
      return signal.aborted
        ? {
            failed: true,
            reason: 'timeout',
            detail: `no answer within ${seconds(timeoutMs)}`,
            retryable: true,
          }
        : { failed: true, reason: 'network', detail: networkDetail(err), retryable: true };
    }
    if (response.ok && response.body) {
      return response.body as ReadableStream<Uint8Array<ArrayBuffer>>;
    }
    await response.body?.cancel();
    const { status } = response;
    return {
      failed: true,
      reason: String(status),
      detail: `HTTP ${status}`,
      retryable: isRetryableStatus(status),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      // tuf-js reads a 403 or 404 for the next root version as "no newer root".
      error: new DownloadHTTPError(`HTTP ${status} for ${url}`, status),
    };
  }
}

function networkDetail(err: unknown): string {
  // fetch's TypeError('fetch failed') carries the reason as its cause (not always of this realm).
  const cause = (err as { cause?: unknown } | null)?.cause ?? err;
  const { code, message } = (cause ?? {}) as { code?: string; message?: string };
  const text = (message ?? String(cause)).replace(/\.$/, ''); // the message adds its own
  return `network error${code ? ` ${code}` : ''}: ${text}`;
}
