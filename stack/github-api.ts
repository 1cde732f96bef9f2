// The GitHub REST stand-in's front door: api.github.com under `/api` and uploads.github.com under
// `/uploads`. Every request is routed by GitHub's own OpenAPI description (stack/openapi.ts) and
// checked against it, then authenticated like an installation token (GITHUB_TOKEN), then handed to
// the operation's handler; every answer is checked too. Whatever does not conform is a violation:
// logged to stderr, one line each, counted in /__stats and listed at /__openapi-violations.
import { randomBytes } from 'node:crypto';
import { json, type StackRequest, type StackResponse } from './http.js';
import { GitHubSpec, type Host, type SpecOperation } from './openapi.js';

export type Level = 'read' | 'write';
export type PermissionScope = 'contents' | 'actions' | 'administration' | 'metadata';
export type Permissions = Partial<Record<PermissionScope, Level>>;

/** An installation token: what GITHUB_TOKEN is, with the job's `permissions:`. */
export interface TokenGrant {
  permissions: Permissions;
  /** The account the token acts as (GITHUB_TOKEN acts as github-actions[bot]). */
  login: string;
}

export interface Repository {
  owner: string;
  name: string;
  id: number;
  private: boolean;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: StackRequest['headers'];
  body: Buffer;
  /** The parsed JSON body, if the operation takes one. */
  json: unknown;
  params: Record<string, string>;
  operation: SpecOperation;
  repository: Repository;
  /** undefined: an anonymous request. */
  caller: TokenGrant | undefined;
}

export type OperationHandler = (req: ApiRequest) => StackResponse | Promise<StackResponse>;

export interface OperationEntry {
  operationId: string;
  host: Host;
  /** The fine-grained permission GitHub's docs list for the operation. */
  permission: [PermissionScope, Level];
  /** Allowed without a token on a public repository (GitHub serves public reads anonymously). */
  anonymous?: boolean;
  handler: OperationHandler;
}

export interface Violation {
  method: string;
  /** The path as the client sent it, with its `/api` or `/uploads` prefix. */
  path: string;
  operationId?: string;
  message: string;
}

export const GITHUB_DOCS = 'https://docs.github.com/rest';

/** A GitHub error body: `{message, documentation_url, status}` (status as a string, as GitHub sends it). */
export function githubError(
  status: number,
  message: string,
  documentationUrl = GITHUB_DOCS,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): StackResponse {
  return json(
    status,
    { message, ...extra, documentation_url: documentationUrl, status: String(status) },
    headers,
  );
}

/** 422 Validation Failed with GitHub's `errors` array. */
export function validationFailed(
  documentationUrl: string,
  ...errors: Record<string, unknown>[]
): StackResponse {
  return githubError(422, 'Validation Failed', documentationUrl, { errors });
}

export function notFound(documentationUrl = GITHUB_DOCS): StackResponse {
  return githubError(404, 'Not Found', documentationUrl);
}

export function allows(
  grant: TokenGrant | undefined,
  scope: PermissionScope,
  level: Level,
): boolean {
  const granted = grant?.permissions[scope];
  return granted === 'write' || (granted === 'read' && level === 'read');
}

export class GitHubApi {
  readonly violations: Violation[] = [];
  private spec: Promise<GitHubSpec> | undefined;
  private readonly entries: Map<string, OperationEntry>;

  constructor(
    entries: OperationEntry[],
    private readonly repositories: Repository[],
    private readonly tokens: Map<string, TokenGrant>,
  ) {
    this.entries = new Map(entries.map((e) => [e.operationId, e]));
  }

  /** Loads and compiles the OpenAPI description once; call early to have it ready. */
  ready(): Promise<GitHubSpec> {
    return (this.spec ??= GitHubSpec.load(
      [...this.entries.values()].map(({ operationId, host }) => ({ operationId, host })),
    ));
  }

  async handle(host: Host, req: StackRequest): Promise<StackResponse> {
    const spec = await this.ready();
    const shown = `${host === 'api' ? '/api' : '/uploads'}${req.path}`;
    const violate = (operationId: string | undefined, message: string): void => {
      this.violations.push({ method: req.method, path: shown, operationId, message });
      console.error(
        `github stand-in: OpenAPI violation: ${req.method} ${shown}${operationId ? ` (${operationId})` : ''}: ${message}`,
      );
    };

    const found = spec.match(req.method, req.path);
    if (!('match' in found)) {
      violate(
        undefined,
        found.known
          ? `GitHub's ${found.known} is not served by the stack`
          : found.methods.length > 0
            ? `${req.method} is not an operation on this path (GitHub has ${found.methods.join(', ')})`
            : "no such endpoint in GitHub's API",
      );
      return withGitHubHeaders(notFound());
    }
    const { operation, params } = found.match;
    const entry = this.entries.get(operation.operationId) as OperationEntry;
    const check = spec.checkRequest(operation, params, req);
    for (const message of check.violations) violate(operation.operationId, `request ${message}`);

    let response: StackResponse;
    if (operation.host !== host) {
      violate(
        operation.operationId,
        operation.host === 'uploads'
          ? "uploads go to uploads.github.com: use the release's upload_url"
          : `${operation.operationId} is served by api.github.com, not uploads.github.com`,
      );
      response = notFound(operation.docsUrl);
    } else {
      response = await this.dispatch(entry, operation, params, req, check);
    }
    response = withGitHubHeaders(response);
    for (const message of spec.checkResponse(operation, toCheck(response))) {
      violate(operation.operationId, `response ${message}`);
    }
    return response;
  }

  private async dispatch(
    entry: OperationEntry,
    operation: SpecOperation,
    params: Record<string, string>,
    req: StackRequest,
    check: { reject?: { status: number; message: string }; json?: unknown },
  ): Promise<StackResponse> {
    const header = req.headers.authorization;
    let caller: TokenGrant | undefined;
    if (header !== undefined) {
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
      caller = token === undefined ? undefined : this.tokens.get(token);
      if (!caller) return githubError(401, 'Bad credentials', GITHUB_DOCS);
    }
    if (check.reject)
      return githubError(check.reject.status, check.reject.message, operation.docsUrl);

    const repository = this.repositories.find(
      (r) =>
        r.owner.toLowerCase() === params.owner?.toLowerCase() &&
        r.name.toLowerCase() === params.repo?.toLowerCase(),
    );
    if (!repository || (repository.private && !caller)) return notFound(operation.docsUrl);
    const [scope, level] = entry.permission;
    if (!caller && !(entry.anonymous && level === 'read')) {
      return githubError(401, 'Requires authentication', operation.docsUrl);
    }
    if (caller && !allows(caller, scope, level)) {
      return githubError(
        403,
        'Resource not accessible by integration',
        operation.docsUrl,
        {},
        {
          'x-accepted-github-permissions': `${scope}=${level}`,
        },
      );
    }
    return entry.handler({
      method: req.method,
      path: req.path,
      query: req.query,
      headers: req.headers,
      body: req.body,
      json: check.json,
      params,
      operation,
      repository,
      caller,
    });
  }
}

function withGitHubHeaders(response: StackResponse): StackResponse {
  return {
    ...response,
    headers: {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      ...response.headers,
    },
  };
}

function toCheck(response: StackResponse): {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
} {
  return { status: response.status, headers: response.headers ?? {}, body: response.body };
}

/** GitHub's timestamps: ISO 8601 in UTC, whole seconds. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A page of `items` (per_page 1..100, default 30) and GitHub's Link header, whose URLs keep the
 * request's other query parameters.
 */
export function paginate<T>(
  items: T[],
  req: { query: URLSearchParams },
  selfUrl: string,
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const query = new URLSearchParams(req.query);
    query.set('per_page', String(perPage));
    query.set('page', String(n));
    return `<${selfUrl}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}
