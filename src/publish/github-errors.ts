import { ActionError } from '../errors.js';

/** An HTTP error from GitHub, with what the action should say about it. */
export class GitHubRequestError extends ActionError {
  constructor(
    readonly status: number,
    readonly githubMessage: string,
    readonly alreadyExists: boolean,
    message: string,
  ) {
    super(status === 403 || status === 401 ? 'GITHUB_PERMISSION' : 'GITHUB_FAILED', message);
  }
}

export function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'status' in err
    ? Number(err.status)
    : undefined;
}

/** Turns an Octokit error into one that says which permission or release is missing. */
export function githubError(err: unknown, what: string, repository: string): GitHubRequestError {
  if (err instanceof ActionError && statusOf(err) === undefined) {
    // The retry layer's own verdict (deadline, retries exhausted): already says it all.
    return new GitHubRequestError(
      0,
      err.message,
      false,
      `${what} in ${repository} failed: ${err.message}`,
    );
  }
  const status = statusOf(err) ?? 0;
  const response = (
    err as { response?: { data?: { message?: string; errors?: { code?: string }[] } } }
  ).response?.data;
  const githubMessage = response?.message ?? (err instanceof Error ? err.message : String(err));
  const alreadyExists =
    status === 422 && (response?.errors ?? []).some((e) => e.code === 'already_exists');
  let message = `${what} in ${repository} failed: GitHub answered ${status} ${githubMessage}`;
  if (status === 401) {
    message += '. The github-token is not valid; leave github-token unset to use the job token.';
  } else if (status === 403) {
    message +=
      '. The token cannot write releases: add "permissions: contents: write" to the job (or pass a github-token that can).';
  }
  return new GitHubRequestError(status, githubMessage, alreadyExists, message);
}
