import { existsSync, lstatSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// @sigstore/tuf's seeds (no exports map; the file its client uses).
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { BaseFetcher, Updater } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { ActionError } from '../errors.js';
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
  /** Default: defaultTUFCachePath(), this user's own. */
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

/**
 * The TUF cache when the host gives none (the CLI outside a runner): in the user's own cache
 * directory, `$XDG_CACHE_HOME/sigstore-action/tuf` or `~/.cache/sigstore-action/tuf`. The action
 * on a runner uses RUNNER_TEMP, which is the job's own.
 */
export function defaultTUFCachePath(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME?.startsWith('/')
    ? env.XDG_CACHE_HOME
    : path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'sigstore-action', 'tuf');
}

/**
 * Creates the TUF cache directory (mode 0700) or checks the one that is there: what it holds
 * decides which keys are trusted, so it must be this user's alone. A directory another user owns
 * or may write to (a planted one in a shared location) is refused, never used.
 */
export function privateCacheDirectory(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Windows has no such mode bits (Node reports 0o666 for every directory): its ACLs decide.
  if (process.platform === 'win32') return dir;
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  const problem = !stat.isDirectory()
    ? 'is not a directory (a symbolic link?)'
    : uid !== undefined && stat.uid !== uid
      ? `belongs to another user (uid ${stat.uid})`
      : (stat.mode & 0o022) !== 0
        ? `can be written by other users (mode ${(stat.mode & 0o777).toString(8)})`
        : undefined;
  if (problem) {
    throw new ActionError(
      'TUF_FAILED',
      `the TUF cache ${dir} ${problem}: whoever can write there decides which Sigstore keys are trusted. Remove it (it is rebuilt), or make it yours alone (chmod 700).`,
    );
  }
  return dir;
}

/** Opens the mirror's cache and refreshes its metadata (TUF client workflow, tuf-js). */
export async function initTUF(options: TUFOptions): Promise<TUF> {
  const url = new URL(options.mirrorURL);
  const repoName = encodeURIComponent(url.host + url.pathname.replace(/\/$/, ''));
  const cachePath = path.join(
    privateCacheDirectory(options.cachePath ?? defaultTUFCachePath()),
    repoName,
  );
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
