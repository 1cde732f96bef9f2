// The GitHub side of a workflow step, wired together for the stack: the results (artifact) service
// over Azurite (its SAS URLs through the stack's `/blob` proxy), the REST stand-in (releases and the run's artifacts) with its installation tokens,
// and the env variables a runner would give the step for them.
import { randomInt } from 'node:crypto';
import { ActionsArtifactsApi } from './actions-artifacts.js';
import type { BlobStore } from './azurite.js';
import { throughProxy } from './blob-proxy.js';
import { GitHubApi, type Repository, type TokenGrant } from './github-api.js';
import { ReleaseService } from './releases.js';
import { ResultsService } from './results.js';

/** The installation tokens the GitHub stand-in accepts, by env variable. */
export const GITHUB_TOKENS: Record<string, TokenGrant> = {
  // GITHUB_TOKEN of a job with `permissions: contents: write`.
  STACK_GITHUB_TOKEN: {
    login: 'github-actions[bot]',
    permissions: { contents: 'write', actions: 'read', metadata: 'read' },
  },
  // GITHUB_TOKEN with `contents: read` (the default of restricted workflows and fork PRs).
  STACK_GITHUB_TOKEN_READONLY: {
    login: 'github-actions[bot]',
    permissions: { contents: 'read', actions: 'read', metadata: 'read' },
  },
  // A repository administrator's token: changing repository settings (immutable releases) takes
  // `administration: write`, which no GITHUB_TOKEN can have.
  STACK_GITHUB_ADMIN_TOKEN: {
    login: 'octocat',
    permissions: { administration: 'write', contents: 'write', actions: 'write', metadata: 'read' },
  },
};

export interface GitHubServices {
  github: GitHubApi;
  releases: ReleaseService;
  results: ResultsService;
  env: Record<string, string>;
}

export function gitHubServices(opts: {
  url: string;
  claims: Record<string, string>;
  blobs: BlobStore;
}): GitHubServices {
  const { url, claims } = opts;
  const api = `${url}/api`;
  const repository: Repository = {
    owner: claims.repository_owner,
    name: claims.repository.split('/')[1],
    id: Number(claims.repository_id),
    private: claims.repository_visibility === 'private',
  };
  const tokens = Object.fromEntries(
    Object.keys(GITHUB_TOKENS).map((name) => [name, installationToken()]),
  );
  const grants = new Map(
    Object.entries(GITHUB_TOKENS).map(([name, grant]) => [tokens[name], grant]),
  );
  // Clients reach the blobs through the stack (`/blob`: counted, delayed, faulted); the stack
  // itself, and STACK_AZURITE_URL for tests that inspect what is stored, go to Azurite directly.
  const results = new ResultsService(
    throughProxy(opts.blobs, `${url}/blob${new URL(opts.blobs.accountUrl).pathname}`),
  );
  const releases = new ReleaseService(
    { api, uploads: `${url}/uploads`, download: `${url}/download` },
    [repository],
    grants,
  );
  const artifacts = new ActionsArtifactsApi(
    results,
    {
      runId: Number(claims.run_id),
      repositoryId: repository.id,
      headBranch: claims.ref.replace(/^refs\/(heads|tags)\//, ''),
      headSha: claims.sha,
    },
    api,
  );
  const github = new GitHubApi(
    [...releases.operations(), ...artifacts.operations()],
    [repository],
    grants,
  );
  return {
    github,
    releases,
    results,
    env: {
      // Only the origin is used: the client posts to <origin>/twirp/...
      ACTIONS_RESULTS_URL: `${url}/`,
      ACTIONS_RUNTIME_TOKEN: results.mintRuntimeToken().token,
      STACK_AZURITE_URL: opts.blobs.accountUrl,
      ...tokens,
    },
  };
}

/** A GitHub-style installation token: `ghs_` and 36 letters and digits. */
function installationToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `ghs_${Array.from({ length: 36 }, () => alphabet[randomInt(alphabet.length)]).join('')}`;
}
