// The REST view of the run's artifacts (what `gh run download`, actions/download-artifact with a
// github-token, and @actions/artifact's `findBy` use): list a run's artifacts, get one, and a 302 to
// its blob. The artifacts themselves live in the results service (stack/results.ts).
import {
  paginate,
  timestamp,
  notFound,
  type ApiRequest,
  type OperationEntry,
} from './github-api.js';
import { json, type StackResponse } from './http.js';
import type { Artifact, ResultsService } from './results.js';

export interface RunInfo {
  /** GitHub's numeric run id (GITHUB_RUN_ID). */
  runId: number;
  repositoryId: number;
  headBranch: string;
  headSha: string;
}

export class ActionsArtifactsApi {
  constructor(
    private readonly results: ResultsService,
    private readonly run: RunInfo,
    private readonly apiUrl: string,
  ) {}

  operations(): OperationEntry[] {
    return [
      {
        operationId: 'actions/list-workflow-run-artifacts',
        host: 'api',
        permission: ['actions', 'read'],
        anonymous: true,
        handler: (req) => this.list(req),
      },
      {
        operationId: 'actions/get-artifact',
        host: 'api',
        permission: ['actions', 'read'],
        anonymous: true,
        handler: (req) => this.get(req),
      },
      {
        // Downloads need a token even on a public repository.
        operationId: 'actions/download-artifact',
        host: 'api',
        permission: ['actions', 'read'],
        handler: (req) => this.download(req),
      },
    ];
  }

  private list(req: ApiRequest): StackResponse {
    if (Number(req.params.run_id) !== this.run.runId) return notFound(req.operation.docsUrl);
    const name = req.query.get('name');
    const artifacts = this.results
      .listFinalized()
      .filter((a) => name === null || a.name === name)
      .sort((a, b) => (req.query.get('direction') === 'asc' ? a.id - b.id : b.id - a.id));
    const { page, headers } = paginate(artifacts, req, `${this.apiUrl}${req.path}`);
    return json(
      200,
      { total_count: artifacts.length, artifacts: page.map((a) => this.artifactJson(req, a)) },
      headers,
    );
  }

  private get(req: ApiRequest): StackResponse {
    const artifact = this.find(req);
    return artifact ? json(200, this.artifactJson(req, artifact)) : notFound(req.operation.docsUrl);
  }

  private download(req: ApiRequest): StackResponse {
    const artifact = this.find(req);
    if (!artifact || req.params.archive_format !== 'zip') return notFound(req.operation.docsUrl);
    return { status: 302, headers: { location: this.results.downloadUrl(artifact) }, body: '' };
  }

  private find(req: ApiRequest): Artifact | undefined {
    const id = Number(req.params.artifact_id);
    return this.results.listFinalized().find((a) => a.id === id);
  }

  private artifactJson(req: ApiRequest, a: Artifact): Record<string, unknown> {
    const url = `${this.apiUrl}/repos/${req.repository.owner}/${req.repository.name}/actions/artifacts/${a.id}`;
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${Buffer.from(String(a.id)).toString('base64url')}`,
      name: a.name,
      size_in_bytes: a.size ?? 0,
      url,
      archive_download_url: `${url}/zip`,
      expired: a.expiresAt.getTime() < Date.now(),
      created_at: timestamp(a.createdAt),
      updated_at: timestamp(a.createdAt),
      expires_at: timestamp(a.expiresAt),
      digest: a.digest ?? null,
      workflow_run: {
        id: this.run.runId,
        repository_id: this.run.repositoryId,
        head_repository_id: this.run.repositoryId,
        head_branch: this.run.headBranch,
        head_sha: this.run.headSha,
      },
    };
  }
}
