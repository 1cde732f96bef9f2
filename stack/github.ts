// The simulated GitHub Actions run: the claims its OIDC tokens carry and the matching runner
// environment, derived from one set of values so the two can never disagree.

/** The real issuer string: Fulcio and verifiers key on it, even though the stack serves it. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITHUB_SERVER_URL = 'https://github.com';

const REPOSITORY = 'octo-org/octo-repo';
const OWNER = 'octo-org';
const WORKFLOW_FILE = '.github/workflows/release.yml';
const REF = 'refs/tags/v1.2.3';
const SHA = '5f3c1b2a9d8e7f60415263748596a7b8c9d0e1f2';
const WORKFLOW_REF = `${REPOSITORY}/${WORKFLOW_FILE}@${REF}`;

/**
 * Claims of a tag-push release run, in GitHub's own shape (all values strings). Time claims
 * (`iat`, `nbf`, `exp`), `aud` and `jti` are added per token.
 */
export function defaultClaims(): Record<string, string> {
  return {
    iss: GITHUB_ISSUER,
    sub: `repo:${REPOSITORY}:ref:${REF}`,
    repository: REPOSITORY,
    repository_owner: OWNER,
    repository_id: '812345678',
    repository_owner_id: '91234567',
    repository_visibility: 'public',
    ref: REF,
    ref_type: 'tag',
    ref_protected: 'false',
    head_ref: '',
    base_ref: '',
    sha: SHA,
    workflow: 'Release',
    workflow_ref: WORKFLOW_REF,
    workflow_sha: SHA,
    job_workflow_ref: WORKFLOW_REF,
    job_workflow_sha: SHA,
    event_name: 'push',
    run_id: '9876543210',
    run_number: '42',
    run_attempt: '1',
    actor: 'octocat',
    actor_id: '583231',
    runner_environment: 'github-hosted',
  };
}

/** The SAN Fulcio puts in certificates for a GitHub Actions token. */
export function identityOf(claims: Record<string, string>): string {
  return `${GITHUB_SERVER_URL}/${claims.job_workflow_ref}`;
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, '');
}

/**
 * Variables a runner gives every step that are not job-specific (GITHUB_WORKSPACE,
 * GITHUB_OUTPUT, RUNNER_TEMP... are set by whoever runs a step), consistent with the claims.
 * GITHUB_SERVER_URL stays github.com (@actions/artifact refuses any other host); the API URL is
 * the stack's GitHub stand-in when given.
 */
export function runnerEnvironment(
  claims: Record<string, string>,
  oidc: { requestUrl: string; requestToken: string },
  apiUrl = 'https://api.github.com',
): Record<string, string> {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    GITHUB_SERVER_URL,
    GITHUB_API_URL: apiUrl,
    GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
    GITHUB_REPOSITORY: claims.repository,
    GITHUB_REPOSITORY_ID: claims.repository_id,
    GITHUB_REPOSITORY_OWNER: claims.repository_owner,
    GITHUB_REPOSITORY_OWNER_ID: claims.repository_owner_id,
    GITHUB_WORKFLOW: claims.workflow,
    GITHUB_WORKFLOW_REF: claims.workflow_ref,
    GITHUB_WORKFLOW_SHA: claims.workflow_sha,
    GITHUB_REF: claims.ref,
    GITHUB_REF_NAME: refName(claims.ref),
    GITHUB_REF_TYPE: claims.ref_type,
    GITHUB_SHA: claims.sha,
    GITHUB_EVENT_NAME: claims.event_name,
    GITHUB_RUN_ID: claims.run_id,
    GITHUB_RUN_NUMBER: claims.run_number,
    GITHUB_RUN_ATTEMPT: claims.run_attempt,
    GITHUB_JOB: 'release',
    GITHUB_ACTOR: claims.actor,
    GITHUB_ACTOR_ID: claims.actor_id,
    GITHUB_TRIGGERING_ACTOR: claims.actor,
    RUNNER_ENVIRONMENT: claims.runner_environment,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  };
}
