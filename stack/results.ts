// GitHub Actions' results service as @actions/artifact 6 talks to it (the v4 artifact backend):
// Twirp JSON under /twirp/github.actions.results.api.v1.ArtifactService/<Method>, authorised by
// the job's ACTIONS_RUNTIME_TOKEN, with artifact bytes in Azurite behind SAS URLs. Artifacts
// belong to the workflow run; each job of the run (a matrix leg) has its own runtime token.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { BlobStore } from './azurite.js';
import { isRecord, json, methodNotAllowed, type StackRequest, type StackResponse } from './http.js';

export const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';

/** Twirp error codes and the HTTP statuses the Twirp spec gives them. */
const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
} as const;
type TwirpCode = keyof typeof TWIRP_STATUS;

const RUNTIME_TOKEN_LIFETIME_SECONDS = 6 * 60 * 60; // a job's maximum run time
const DEFAULT_RETENTION_DAYS = 90;
const FIRST_ARTIFACT_ID = 2_147_483_700; // above int32: clients must treat ids as int64

export interface Artifact {
  id: number;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  blobName: string;
  mimeType: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set by FinalizeArtifact; an artifact is listed only once finalized. */
  size?: number;
  digest?: string;
}

class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

interface RuntimeScope {
  runBackendId: string;
  jobBackendId: string;
}

type Body = Record<string, unknown>;

export class ResultsService {
  private readonly secret = randomBytes(32);
  private readonly artifacts: Artifact[] = [];
  private nextId = FIRST_ARTIFACT_ID;

  constructor(
    private readonly blobs: BlobStore,
    /** The run's backend id (a UUID; GitHub's numeric run id is GITHUB_RUN_ID). */
    readonly runBackendId: string = randomUUID(),
  ) {}

  /**
   * A runtime token for a job of this run, shaped like the runner's: a JWT whose `scp` grants
   * `Actions.Results:<run>:<job>`. The client only decodes it; this service checks its HMAC.
   */
  mintRuntimeToken(jobBackendId: string = randomUUID()): { token: string; jobBackendId: string } {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${this.runBackendId}:${jobBackendId}`,
      IdentityTypeClaim: 'System:ServiceIdentity',
      iss: 'vstoken.actions.githubusercontent.com',
      aud: 'vso:00000000-0000-0000-0000-000000000000',
      orchid: `${this.runBackendId}.release.__default`,
      iat: now,
      nbf: now,
      exp: now + RUNTIME_TOKEN_LIFETIME_SECONDS,
    };
    const input = `${part({ typ: 'JWT', alg: 'HS256' })}.${part(claims)}`;
    return { token: `${input}.${this.mac(input)}`, jobBackendId };
  }

  /** Finalized artifacts of a run, oldest first. */
  listFinalized(runBackendId = this.runBackendId): Artifact[] {
    return this.artifacts.filter((a) => a.runBackendId === runBackendId && a.size !== undefined);
  }

  /** A read URL for an artifact's blob that keeps its file name (rscd). */
  downloadUrl(artifact: Artifact): string {
    const fileName =
      artifact.mimeType === 'application/zip' ? `${artifact.name}.zip` : artifact.name;
    return this.blobs.sasUrl(artifact.blobName, 'r', {
      expiresOn: new Date(Date.now() + 60 * 60_000),
      contentDisposition: `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
  }

  /** `POST /__job`: a new job of the same run (a matrix leg) and its runtime token. */
  handleNewJob(req: StackRequest): StackResponse {
    if (req.method !== 'POST') return methodNotAllowed(req.method, '/__job');
    const { token, jobBackendId } = this.mintRuntimeToken();
    return json(200, {
      token,
      workflow_run_backend_id: this.runBackendId,
      workflow_job_run_backend_id: jobBackendId,
    });
  }

  /** Requests under `/twirp`. */
  async handle(req: StackRequest): Promise<StackResponse> {
    try {
      const method = new RegExp(`^/${ARTIFACT_SERVICE.replace(/\./g, '\\.')}/(\\w+)$`).exec(
        req.path,
      )?.[1];
      if (req.method !== 'POST' || method === undefined) {
        throw new TwirpError('bad_route', `no handler for ${req.method} ${req.path}`);
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
      if (type !== 'application/json') {
        throw new TwirpError('bad_route', `unexpected Content-Type: "${type}" (JSON only)`);
      }
      const scope = this.authenticate(req.headers.authorization);
      const body = parseBody(req.body);
      switch (method) {
        case 'CreateArtifact':
          return this.create(scope, body);
        case 'FinalizeArtifact':
          return await this.finalize(scope, body);
        case 'ListArtifacts':
          return this.list(scope, body);
        case 'GetSignedArtifactURL':
          return this.signedUrl(scope, body);
        case 'DeleteArtifact':
          return await this.delete(scope, body);
        default:
          throw new TwirpError('bad_route', `no method ${method} on ${ARTIFACT_SERVICE}`);
      }
    } catch (err) {
      if (err instanceof TwirpError) {
        return json(TWIRP_STATUS[err.code], { code: err.code, msg: err.message });
      }
      throw err;
    }
  }

  private create(scope: RuntimeScope, body: Body): StackResponse {
    const f = fields(body, {
      workflow_run_backend_id: 'string',
      workflow_job_run_backend_id: 'string',
      name: 'string',
      expires_at: 'timestamp',
      version: 'int',
      mime_type: 'string',
    });
    const ids = this.jobScope(scope, f);
    const name = required(f, 'name');
    const version = Number(f.version ?? 0);
    if (version < 4) {
      throw new TwirpError('invalid_argument', `artifact version ${version} is not supported`);
    }
    if (this.find(ids.runBackendId, name)) {
      throw new TwirpError(
        'already_exists',
        'an artifact with this name already exists on the workflow run',
      );
    }
    const now = new Date();
    const artifact: Artifact = {
      id: this.nextId++,
      name,
      ...ids,
      blobName: `${ids.runBackendId}/${ids.jobBackendId}/artifacts/${createHash('sha256').update(name).digest('hex')}`,
      mimeType: f.mime_type === undefined ? 'application/zip' : String(f.mime_type),
      createdAt: now,
      expiresAt:
        f.expires_at === undefined
          ? new Date(now.getTime() + DEFAULT_RETENTION_DAYS * 24 * 60 * 60_000)
          : new Date(String(f.expires_at)),
    };
    this.artifacts.push(artifact);
    return json(200, { ok: true, signed_upload_url: this.blobs.sasUrl(artifact.blobName, 'cw') });
  }

  private async finalize(scope: RuntimeScope, body: Body): Promise<StackResponse> {
    const f = fields(body, {
      workflow_run_backend_id: 'string',
      workflow_job_run_backend_id: 'string',
      name: 'string',
      size: 'int',
      hash: 'string',
    });
    const ids = this.jobScope(scope, f);
    const name = required(f, 'name');
    const artifact = this.find(ids.runBackendId, name);
    if (!artifact || artifact.jobBackendId !== ids.jobBackendId) {
      throw new TwirpError('not_found', `no artifact named "${name}" was created by this job`);
    }
    if (artifact.size !== undefined) {
      throw new TwirpError('failed_precondition', `artifact "${name}" is already finalized`);
    }
    const size = Number(f.size ?? 0);
    const stored = (await this.blobs.blobSize(artifact.blobName)) ?? 0;
    if (stored !== size) {
      throw new TwirpError(
        'invalid_argument',
        `FinalizeArtifact says ${size} bytes, the uploaded blob has ${stored}`,
      );
    }
    const hash = f.hash === undefined ? undefined : String(f.hash);
    if (hash !== undefined && !/^sha256:[0-9a-f]{64}$/.test(hash)) {
      throw new TwirpError('invalid_argument', `hash must be sha256:<64 hex digits>, got ${hash}`);
    }
    artifact.size = size;
    artifact.digest = hash;
    return json(200, { ok: true, artifact_id: String(artifact.id) });
  }

  private list(scope: RuntimeScope, body: Body): StackResponse {
    const f = fields(body, {
      workflow_run_backend_id: 'string',
      workflow_job_run_backend_id: 'string',
      name_filter: 'string',
      id_filter: 'int',
    });
    const ids = this.jobScope(scope, f);
    const artifacts = this.listFinalized(ids.runBackendId).filter(
      (a) =>
        (f.name_filter === undefined || a.name === f.name_filter) &&
        (f.id_filter === undefined || String(a.id) === String(f.id_filter)),
    );
    return json(200, {
      artifacts: artifacts.map((a) => ({
        workflow_run_backend_id: a.runBackendId,
        workflow_job_run_backend_id: a.jobBackendId,
        database_id: String(a.id),
        name: a.name,
        size: String(a.size),
        created_at: a.createdAt.toISOString(),
        ...(a.digest === undefined ? {} : { digest: a.digest }),
      })),
    });
  }

  private signedUrl(scope: RuntimeScope, body: Body): StackResponse {
    const artifact = this.artifactOf(scope, body);
    return json(200, { signed_url: this.downloadUrl(artifact) });
  }

  private async delete(scope: RuntimeScope, body: Body): Promise<StackResponse> {
    const artifact = this.artifactOf(scope, body);
    this.artifacts.splice(this.artifacts.indexOf(artifact), 1);
    await this.blobs.deleteBlob(artifact.blobName);
    return json(200, { ok: true, artifact_id: String(artifact.id) });
  }

  /**
   * GetSignedArtifactURL and DeleteArtifact name the artifact by the job that uploaded it (the
   * client passes the listed artifact's own job id), so any job of the run may use them.
   */
  private artifactOf(scope: RuntimeScope, body: Body): Artifact {
    const f = fields(body, {
      workflow_run_backend_id: 'string',
      workflow_job_run_backend_id: 'string',
      name: 'string',
    });
    const run = required(f, 'workflow_run_backend_id');
    const job = required(f, 'workflow_job_run_backend_id');
    const name = required(f, 'name');
    if (run !== scope.runBackendId) throw runDenied(run);
    const artifact = this.find(run, name);
    if (!artifact || artifact.size === undefined || artifact.jobBackendId !== job) {
      throw new TwirpError('not_found', `no artifact named "${name}" in job ${job} of this run`);
    }
    return artifact;
  }

  private jobScope(scope: RuntimeScope, f: Fields): RuntimeScope {
    const run = required(f, 'workflow_run_backend_id');
    const job = required(f, 'workflow_job_run_backend_id');
    if (run !== scope.runBackendId) throw runDenied(run);
    if (job !== scope.jobBackendId) {
      throw new TwirpError(
        'permission_denied',
        `the runtime token does not grant Actions.Results:${run}:${job}`,
      );
    }
    return { runBackendId: run, jobBackendId: job };
  }

  private find(runBackendId: string, name: string): Artifact | undefined {
    return this.artifacts.find((a) => a.runBackendId === runBackendId && a.name === name);
  }

  private authenticate(header: string | undefined): RuntimeScope {
    const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new TwirpError('unauthenticated', 'missing bearer ACTIONS_RUNTIME_TOKEN');
    const [head, payload, signature] = token.split('.');
    const expected = Buffer.from(this.mac(`${head}.${payload}`));
    const actual = Buffer.from(signature ?? '');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new TwirpError('unauthenticated', 'the runtime token was not issued by this stack');
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      scp?: string;
      exp?: number;
    };
    if ((claims.exp ?? 0) < Date.now() / 1000) {
      throw new TwirpError('unauthenticated', 'the runtime token has expired');
    }
    const scope = /(?:^|\s)Actions\.Results:([^:\s]+):([^:\s]+)(?:\s|$)/.exec(claims.scp ?? '');
    if (!scope) throw new TwirpError('permission_denied', 'the token has no Actions.Results scope');
    return { runBackendId: scope[1], jobBackendId: scope[2] };
  }

  private mac(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function runDenied(run: string): TwirpError {
  return new TwirpError('permission_denied', `the runtime token is not for workflow run ${run}`);
}

function parseBody(body: Buffer): Body {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new TwirpError('malformed', 'the request body is not JSON');
  }
  if (!isRecord(value)) throw new TwirpError('malformed', 'the request body is not a JSON object');
  return value;
}

type FieldType = 'string' | 'int' | 'timestamp';
type Fields = Record<string, string | number>;

/**
 * Proto3 JSON as the Go server reads it: proto (snake_case) or JSON (lowerCamel) names, int64 as
 * a string or a number, wrappers as bare values, Timestamps as RFC 3339, unknown fields refused.
 */
function fields(body: Body, spec: Record<string, FieldType>): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(body)) {
    const name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const type = spec[name];
    if (type === undefined) throw new TwirpError('malformed', `unknown field "${key}"`);
    if (value === null) continue;
    const ok =
      type === 'string'
        ? typeof value === 'string'
        : type === 'int'
          ? (typeof value === 'string' && /^-?\d+$/.test(value)) || Number.isInteger(value)
          : typeof value === 'string' && !Number.isNaN(Date.parse(value));
    if (!ok) throw new TwirpError('malformed', `field "${key}" is not a valid ${type}`);
    out[name] = value as string | number;
  }
  return out;
}

function required(f: Fields, name: string): string {
  const value = f[name];
  if (typeof value !== 'string' || value === '') {
    throw new TwirpError('invalid_argument', `${name} is required`);
  }
  return value;
}
