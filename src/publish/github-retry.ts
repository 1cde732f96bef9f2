import type { getOctokit } from '@actions/github';
import type { NetworkOptions } from '../net/service-client.js';
import {
  isRetryableStatus,
  parseRetryAfter,
  withRetries,
  type AttemptFailure,
} from '../net/retry.js';
import { statusOf } from './github-errors.js';

type Octokit = ReturnType<typeof getOctokit>;

/** GitHub API calls are small; an upload of a bundle is too. */
const GITHUB_TIMEOUT_MS = 30_000;

/**
 * Every GitHub API request of the action under the run's retry policy and deadline, through
 * Octokit's own extension point (a request hook). @actions/github's client retries nothing;
 * @octokit/plugin-retry would not know the run's deadline or share its counters. A retried
 * upload whose first attempt did land gets 422 already_exists, which attach.ts handles.
 */
export function retryGitHubRequests(octokit: Octokit, network: NetworkOptions): void {
  const counters = network.stats.for('GitHub');
  const policy = { ...network.policy, timeoutMs: GITHUB_TIMEOUT_MS };
  octokit.hook.wrap('request', (request, options) =>
    withRetries(
      {
        service: 'GitHub',
        errorCode: 'GITHUB_FAILED',
        what: `${options.method} ${options.url}`,
        policy,
        deadline: network.deadline,
        counters,
      },
      async (timeoutMs): Promise<Awaited<ReturnType<typeof request>> | AttemptFailure> => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        // Set on the options object itself: a copy passed to `request` is not what Octokit's
        // fetch receives (measured: a request with a signal in a copy hung past it).
        options.request.signal = controller.signal;
        try {
          return await request(options);
        } catch (err) {
          return classify(err);
        } finally {
          clearTimeout(timer);
        }
      },
    ),
  );
}

/** Octokit's RequestError: retry 408/429/5xx (and secondary rate limits), keep the rest. */
function classify(err: unknown): AttemptFailure {
  const status = statusOf(err);
  const headers =
    (err as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ??
    {};
  const retryAfterMs = parseRetryAfter(headers['retry-after'] ?? null);
  // GitHub's secondary rate limit is a 403 with Retry-After; other 403s are permissions.
  const rateLimited = status === 403 && retryAfterMs !== undefined;
  const message = err instanceof Error ? err.message : String(err);
  return {
    failed: true,
    reason: status === undefined ? 'network' : String(status),
    detail: status === undefined ? `network error: ${message}` : `HTTP ${status}: ${message}`,
    retryable: status === undefined || isRetryableStatus(status) || rateLimited,
    retryAfterMs,
    error: err,
  };
}
