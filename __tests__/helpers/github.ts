// The stack's GitHub stand-in seen from a test, over HTTP only: releases and assets the way a
// workflow (or a person) would make and inspect them, immutable releases, and the OpenAPI
// violations the stand-in recorded. Plain fetch with GitHub's headers, so a test's assertions
// never depend on the client the action itself uses.
import type { StackProcess } from './stack.js';

export interface GitHubUser {
  login: string;
  type: string;
}

export interface GitHubAsset {
  id: number;
  name: string;
  label: string | null;
  size: number;
  /** `sha256:<hex>` */
  digest: string | null;
  content_type: string;
  state: string;
  download_count: number;
  url: string;
  browser_download_url: string;
  uploader: GitHubUser | null;
  created_at: string;
  updated_at: string;
}

export interface GitHubRelease {
  id: number;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable?: boolean;
  target_commitish: string;
  url: string;
  html_url: string;
  assets_url: string;
  /** `<STACK_URL>/uploads/repos/{owner}/{repo}/releases/{id}/assets{?name,label}` */
  upload_url: string;
  tarball_url: string | null;
  zipball_url: string | null;
  created_at: string;
  published_at: string | null;
  author: GitHubUser;
  assets: GitHubAsset[];
}

/** One request or response of the stand-in that does not conform to GitHub's OpenAPI. */
export interface OpenApiViolation {
  method: string;
  path: string;
  operationId?: string;
  message: string;
}

/**
 * Which token: `write` is STACK_GITHUB_TOKEN (a GITHUB_TOKEN with contents: write), `readonly`
 * STACK_GITHUB_TOKEN_READONLY (contents: read), `admin` STACK_GITHUB_ADMIN_TOKEN (a repository
 * administrator), `none` an anonymous request, or a literal token.
 */
export type TokenChoice = 'write' | 'readonly' | 'admin' | 'none' | { token: string };

export interface CreateReleaseInput {
  tag: string;
  draft?: boolean;
  prerelease?: boolean;
  name?: string;
  body?: string;
  target?: string;
}

/** A non-2xx answer from the stand-in, with GitHub's error body. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message?: string; errors?: { code?: string; field?: string }[] },
    what: string,
  ) {
    super(`${what}: ${status} ${JSON.stringify(body)}`);
  }
}

export function tokenOf(stack: StackProcess, choice: TokenChoice = 'write'): string | undefined {
  if (typeof choice === 'object') return choice.token;
  return {
    write: stack.env.STACK_GITHUB_TOKEN,
    readonly: stack.env.STACK_GITHUB_TOKEN_READONLY,
    admin: stack.env.STACK_GITHUB_ADMIN_TOKEN,
    none: undefined,
  }[choice];
}

/** `owner/repo` of the simulated run (octo-org/octo-repo). */
export function repositoryOf(stack: StackProcess): string {
  return stack.env.GITHUB_REPOSITORY;
}

/**
 * A raw request to the API (`path` below GITHUB_API_URL, e.g. `/repos/o/r/releases`), with the
 * headers Octokit sends. Does not throw on an error status.
 */
export async function githubRequest(
  stack: StackProcess,
  method: string,
  path: string,
  opts: { token?: TokenChoice; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const token = tokenOf(stack, opts.token ?? 'write');
  const url = /^https?:/.test(path) ? path : `${stack.env.GITHUB_API_URL}${path}`;
  return fetch(url, {
    method,
    redirect: 'manual',
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
}

async function expectJson<T>(res: Response, status: number, what: string): Promise<T> {
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as T;
  if (res.status !== status) {
    throw new GitHubApiError(res.status, body as GitHubApiError['body'], what);
  }
  return body;
}

function repoPath(stack: StackProcess): string {
  return `/repos/${repositoryOf(stack)}`;
}

export async function createRelease(
  stack: StackProcess,
  input: CreateReleaseInput,
  token: TokenChoice = 'write',
): Promise<GitHubRelease> {
  const res = await githubRequest(stack, 'POST', `${repoPath(stack)}/releases`, {
    token,
    body: {
      tag_name: input.tag,
      ...(input.target === undefined ? {} : { target_commitish: input.target }),
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.body === undefined ? {} : { body: input.body }),
      draft: input.draft ?? false,
      prerelease: input.prerelease ?? false,
    },
  });
  return expectJson<GitHubRelease>(res, 201, `creating release ${input.tag}`);
}

export async function getRelease(
  stack: StackProcess,
  releaseId: number,
  token: TokenChoice = 'write',
): Promise<GitHubRelease> {
  const res = await githubRequest(stack, 'GET', `${repoPath(stack)}/releases/${releaseId}`, {
    token,
  });
  return expectJson<GitHubRelease>(res, 200, `reading release ${releaseId}`);
}

/** The published release with this tag, or undefined (drafts are never found by tag). */
export async function getReleaseByTag(
  stack: StackProcess,
  tag: string,
  token: TokenChoice = 'write',
): Promise<GitHubRelease | undefined> {
  const res = await githubRequest(
    stack,
    'GET',
    `${repoPath(stack)}/releases/tags/${encodeURIComponent(tag)}`,
    { token },
  );
  if (res.status === 404) return undefined;
  return expectJson<GitHubRelease>(res, 200, `reading release ${tag}`);
}

/** Every release the token can see (drafts only with write access), following Link headers. */
export async function listReleases(
  stack: StackProcess,
  token: TokenChoice = 'write',
): Promise<GitHubRelease[]> {
  return listAll<GitHubRelease>(stack, `${repoPath(stack)}/releases?per_page=100`, token);
}

export async function updateRelease(
  stack: StackProcess,
  releaseId: number,
  patch: Partial<
    Pick<GitHubRelease, 'tag_name' | 'name' | 'body' | 'draft' | 'prerelease' | 'target_commitish'>
  >,
  token: TokenChoice = 'write',
): Promise<GitHubRelease> {
  const res = await githubRequest(stack, 'PATCH', `${repoPath(stack)}/releases/${releaseId}`, {
    token,
    body: patch,
  });
  return expectJson<GitHubRelease>(res, 200, `updating release ${releaseId}`);
}

export function publishRelease(stack: StackProcess, releaseId: number): Promise<GitHubRelease> {
  return updateRelease(stack, releaseId, { draft: false });
}

export async function listAssets(
  stack: StackProcess,
  releaseId: number,
  token: TokenChoice = 'write',
): Promise<GitHubAsset[]> {
  return listAll<GitHubAsset>(
    stack,
    `${repoPath(stack)}/releases/${releaseId}/assets?per_page=100`,
    token,
  );
}

/**
 * Uploads through the release's upload_url (uploads.github.com's stand-in), as Octokit's
 * uploadReleaseAsset with `url: release.upload_url` does; a release id alone works too.
 */
export async function uploadAsset(
  stack: StackProcess,
  release: number | { id: number; upload_url?: string },
  name: string,
  data: Buffer | string,
  opts: { contentType?: string; label?: string; token?: TokenChoice } = {},
): Promise<GitHubAsset> {
  const { id, upload_url } = typeof release === 'number' ? { id: release } : release;
  const template =
    upload_url ?? `${stack.url}/uploads/repos/${repositoryOf(stack)}/releases/${id}/assets`;
  const query = new URLSearchParams({ name, ...(opts.label ? { label: opts.label } : {}) });
  const url = `${template.replace(/\{[^}]*\}$/, '')}?${query.toString()}`;
  const token = tokenOf(stack, opts.token ?? 'write');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'application/vnd.github+json',
      'content-type': opts.contentType ?? 'application/octet-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof data === 'string' ? Buffer.from(data) : data,
  });
  return expectJson<GitHubAsset>(res, 201, `uploading ${name}`);
}

export async function deleteAsset(
  stack: StackProcess,
  assetId: number,
  token: TokenChoice = 'write',
): Promise<void> {
  const res = await githubRequest(
    stack,
    'DELETE',
    `${repoPath(stack)}/releases/assets/${assetId}`,
    {
      token,
    },
  );
  if (res.status !== 204) await expectJson(res, 204, `deleting asset ${assetId}`);
}

/**
 * An asset's bytes through the API (`Accept: application/octet-stream`, which answers a 302 to a
 * short-lived signed URL, as GitHub does; works for drafts), or with `via: 'browser'` from its
 * browser_download_url without a token (published releases only, as on a public repository).
 */
export async function downloadAsset(
  stack: StackProcess,
  asset: Pick<GitHubAsset, 'id' | 'browser_download_url'>,
  opts: { via?: 'api' | 'browser'; token?: TokenChoice } = {},
): Promise<Buffer> {
  if (opts.via === 'browser') {
    const res = await fetch(asset.browser_download_url);
    if (!res.ok) throw new Error(`${asset.browser_download_url} answered ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }
  const res = await githubRequest(stack, 'GET', `${repoPath(stack)}/releases/assets/${asset.id}`, {
    token: opts.token,
    headers: { accept: 'application/octet-stream' },
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) {
    await expectJson(res, 302, `downloading asset ${asset.id}`);
    throw new Error(`no Location for asset ${asset.id}`);
  }
  const bytes = await fetch(location);
  if (!bytes.ok) throw new Error(`${location} answered ${bytes.status}`);
  return Buffer.from(await bytes.arrayBuffer());
}

/**
 * Turns the repository's immutable-releases setting on or off with GitHub's own endpoint
 * (PUT/DELETE /repos/{owner}/{repo}/immutable-releases), as a repository administrator. Only
 * releases published afterwards are affected.
 */
export async function setImmutableReleases(stack: StackProcess, enabled: boolean): Promise<void> {
  const res = await githubRequest(
    stack,
    enabled ? 'PUT' : 'DELETE',
    `${repoPath(stack)}/immutable-releases`,
    { token: 'admin' },
  );
  if (res.status !== 204) await expectJson(res, 204, 'changing immutable releases');
}

/** Every violation the stand-in recorded so far (also logged to the stack's stderr). */
export async function openapiViolations(stack: StackProcess): Promise<OpenApiViolation[]> {
  const res = await fetch(`${stack.url}/__openapi-violations`);
  if (!res.ok) throw new Error(`/__openapi-violations answered ${res.status}`);
  return (await res.json()) as OpenApiViolation[];
}

/** Throws, listing them, if the stand-in recorded any violation: for an afterEach/afterAll. */
export async function expectNoOpenapiViolations(stack: StackProcess): Promise<void> {
  const violations = await openapiViolations(stack);
  if (violations.length > 0) {
    throw new Error(
      `GitHub OpenAPI violations:\n${violations.map((v) => `  ${formatViolation(v)}`).join('\n')}`,
    );
  }
}

export function formatViolation(v: OpenApiViolation): string {
  return `${v.method} ${v.path}${v.operationId ? ` (${v.operationId})` : ''}: ${v.message}`;
}

async function listAll<T>(stack: StackProcess, path: string, token: TokenChoice): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = path;
  while (next) {
    const res = await githubRequest(stack, 'GET', next, { token });
    items.push(...(await expectJson<T[]>(res, 200, `listing ${path}`)));
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return items;
}
