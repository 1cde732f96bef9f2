// GitHub's official OpenAPI description (@octokit/openapi's generated/api.github.com.json) as the
// judge of the GitHub stand-in. It routes a request to an operation, checks the request (path and
// query parameters, content type, body) and the stand-in's answer (status, content type, headers,
// body) with Ajv, and tells "GitHub has this operation, the stack does not serve it" apart from "no
// such endpoint". Only the served operations' schemas are compiled (stack/openapi-extract.ts picks
// them out), sharing component schemas by reference: a fraction of a second, not a 13 MB deref.
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  asArray,
  extractSpec,
  isRecord,
  type ExtractedSpec,
  type Json,
} from './openapi-extract.js';

/** Which GitHub host serves an operation: api.github.com, or uploads.github.com (asset uploads). */
export type Host = 'api' | 'uploads';

export interface ServedOperation {
  operationId: string;
  host: Host;
}

interface ParamSpec {
  name: string;
  in: string;
  required: boolean;
  type: string | undefined;
  validate: ValidateFunction;
}

interface BodySpec {
  required: boolean;
  /** Media type -> validator; binary bodies (asset uploads) are not parsed. */
  media: Map<string, ValidateFunction | 'binary'>;
}

interface ResponseSpec {
  /** Media type -> validator (undefined: declared without a schema). */
  content: Map<string, ValidateFunction | undefined>;
  headers: { name: string; required: boolean; validate: ValidateFunction }[];
}

export interface SpecOperation {
  operationId: string;
  method: string;
  template: string;
  host: Host;
  /** GitHub's documentation page for the operation: error bodies point to it. */
  docsUrl: string;
  params: ParamSpec[];
  body: BodySpec | undefined;
  responses: Map<string, ResponseSpec>;
}

interface Route {
  method: string;
  template: string;
  operationId: string;
  regex: RegExp;
  names: string[];
  literals: number;
}

export interface RouteMatch {
  operation: SpecOperation;
  /** Decoded path parameters. */
  params: Record<string, string>;
}

export interface RequestToCheck {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RequestCheck {
  /** Everything that does not conform, one sentence each. */
  violations: string[];
  /**
   * How GitHub refuses such a request (404 for a malformed path parameter, 400 for unparsable
   * JSON, 422 for a body or query that fails its schema); undefined when it would be served.
   */
  reject?: { status: number; message: string };
  /** The parsed JSON body, when there is one. */
  json?: unknown;
}

export interface ResponseToCheck {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const SPEC_ID = 'https://api.github.com/openapi.json';
const ERROR_SCHEMAS = new Set(['basic-error', 'validation-error']);
const require = createRequire(import.meta.url);
// ajv-formats is CommonJS: its default export is module.exports itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export function specPath(): string {
  // The generated file only: the package's index.js loads every variant (385 MB).
  return require.resolve('@octokit/openapi/generated/api.github.com.json');
}

type RawOperation = ExtractedSpec['operations'][number] & { host: Host };

export class GitHubSpec {
  private readonly compiled = new Map<string, SpecOperation>();

  private constructor(
    private readonly served: Route[],
    private readonly known: Route[],
    private readonly raw: Map<string, RawOperation>,
    private readonly compile: (schema: unknown) => ValidateFunction,
    private readonly errorBody: ValidateFunction,
    /** Time to load the description (validators are compiled on each operation's first use). */
    readonly loadMs: number,
  ) {}

  static async load(servedOps: ServedOperation[], file = specPath()): Promise<GitHubSpec> {
    const t0 = performance.now();
    const hosts = new Map(servedOps.map((op) => [op.operationId, op.host]));
    const spec = await extractSpec(file, [...hosts.keys()]);
    const raw = new Map(
      spec.operations.map((op) => [
        op.operationId,
        { ...op, host: hosts.get(op.operationId) as Host },
      ]),
    );
    const missing = [...hosts.keys()].filter((id) => !raw.has(id));
    if (missing.length > 0) {
      throw new Error(`not in GitHub's OpenAPI description: ${missing.join(', ')}`);
    }

    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    ajv.addFormat('repo.nwo', /^[\w.-]+\/[\w.-]+$/);
    ajv.addFormat('timestamp', { type: 'number', validate: () => true });
    // Component schemas under one root, tightened (see strict()) except GitHub's error bodies,
    // which carry more than their schemas list (`status`, `errors`).
    const schemas = Object.fromEntries(
      Object.entries(spec.schemas).map(([name, schema]) => [
        name,
        ERROR_SCHEMAS.has(name) ? schema : strict(schema),
      ]),
    );
    ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
    const compile = (schema: unknown): ValidateFunction =>
      ajv.compile(absoluteRefs(strict(schema)) as Json);

    const served = [...raw.values()].map(({ operationId, method, template, op, pathParams }) => {
      const multi = [...asArray(pathParams), ...asArray(op.parameters)]
        .filter(isRecord)
        .filter((p) => p['x-multi-segment'] === true)
        .map((p) => String(p.name));
      return route(method, template, operationId, new Set(multi));
    });
    const known = spec.routes.map((r) =>
      route(r.method, r.template, r.operationId, new Set(r.multi)),
    );
    const errorBody = compile({ $ref: '#/components/schemas/basic-error' });
    return new GitHubSpec(served, known, raw, compile, errorBody, performance.now() - t0);
  }

  /** A served operation with its validators, compiled on first use. */
  operation(operationId: string): SpecOperation | undefined {
    const done = this.compiled.get(operationId);
    if (done) return done;
    const raw = this.raw.get(operationId);
    if (!raw) return undefined;
    const { op, pathParams } = raw;
    const compile = this.compile;
    const params = [...asArray(pathParams), ...asArray(op.parameters)].filter(isRecord);
    const operation: SpecOperation = {
      operationId,
      method: raw.method,
      template: raw.template,
      host: raw.host,
      docsUrl: docsUrl(op),
      params: params.map((p) => ({
        name: String(p.name),
        in: String(p.in),
        required: p.required === true,
        type: (p.schema as Json | undefined)?.type as string | undefined,
        validate: compile(p.schema ?? {}),
      })),
      body: requestBody(op.requestBody, compile),
      responses: new Map(
        Object.entries((op.responses as Json | undefined) ?? {}).map(([status, res]) => [
          status,
          responseSpec(res as Json, compile),
        ]),
      ),
    };
    this.compiled.set(operationId, operation);
    return operation;
  }

  /** The served operation for a request, or what GitHub would have served there. */
  match(
    method: string,
    path: string,
  ): { match: RouteMatch } | { known: string | undefined; methods: string[] } {
    const found = bestMatch(this.served, method, path);
    if (found) {
      const operation = this.operation(found.route.operationId) as SpecOperation;
      return { match: { operation, params: found.params } };
    }
    const known = bestMatch(this.known, method, path);
    const methods = this.known
      .filter((r) => r.regex.test(path))
      .map((r) => r.method)
      .filter((m, i, all) => all.indexOf(m) === i);
    return { known: known?.route.operationId, methods };
  }

  checkRequest(
    op: SpecOperation,
    params: Record<string, string>,
    req: RequestToCheck,
  ): RequestCheck {
    const violations: string[] = [];
    let reject: RequestCheck['reject'];
    const refuse = (status: number, message: string): void => {
      reject ??= { status, message };
    };

    for (const param of op.params) {
      if (param.in === 'path') {
        const value = coerce(params[param.name], param.type);
        if (!param.validate(value)) {
          violations.push(`path parameter ${param.name}: ${describe(param.validate.errors)}`);
          refuse(404, 'Not Found');
        }
      } else if (param.in === 'query') {
        const values = req.query.getAll(param.name);
        if (values.length === 0) {
          if (param.required) {
            violations.push(`query parameter ${param.name} is required`);
            refuse(422, `Invalid request.\n\n"${param.name}" wasn't supplied.`);
          }
        } else if (!param.validate(coerce(values[values.length - 1], param.type))) {
          violations.push(`query parameter ${param.name}: ${describe(param.validate.errors)}`);
          refuse(422, `Invalid request.\n\nInvalid value for "${param.name}".`);
        }
      } else if (param.in === 'header' && param.required && !req.headers[param.name]) {
        violations.push(`header ${param.name} is required`);
      }
    }
    const declared = new Set(op.params.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of new Set(req.query.keys())) {
      if (!declared.has(name)) violations.push(`query parameter ${name} is not in the operation`);
    }

    let json: unknown;
    const contentType = mediaType(req.headers['content-type']);
    if (!op.body) {
      if (req.body.length > 0)
        violations.push(`body of ${req.body.length} bytes, but the operation takes none`);
    } else if (req.body.length === 0 && op.body.required) {
      violations.push('body is required');
      refuse(400, 'Problems parsing JSON');
    } else {
      const binary = [...op.body.media.values()].every((v) => v === 'binary');
      if (binary) {
        // GitHub takes the asset's own media type (the schema lists application/octet-stream).
        if (!contentType) violations.push('Content-Type header is missing (an upload needs one)');
      } else if (req.body.length > 0) {
        const validate = op.body.media.get('application/json');
        if (contentType && !/^application\/(.+\+)?json$/.test(contentType)) {
          violations.push(`Content-Type ${contentType} is not application/json`);
        }
        try {
          json = JSON.parse(req.body.toString('utf8'));
        } catch {
          violations.push('body is not valid JSON');
          refuse(400, 'Problems parsing JSON');
        }
        if (json !== undefined && validate && validate !== 'binary' && !validate(json)) {
          const errors = validate.errors ?? [];
          violations.push(`body: ${describe(errors)}`);
          // GitHub ignores properties it does not know; anything else it refuses.
          if (errors.some((e) => e.keyword !== 'additionalProperties')) {
            refuse(422, `Invalid request.\n\n${describe(errors)}`);
          }
        }
      }
    }
    return { violations, reject, json };
  }

  checkResponse(op: SpecOperation, res: ResponseToCheck): string[] {
    const violations: string[] = [];
    const status = String(res.status);
    const spec =
      op.responses.get(status) ?? op.responses.get(`${status[0]}XX`) ?? op.responses.get('default');
    const headers = lowerCaseKeys(res.headers);
    const type = mediaType(headers['content-type']);
    const body = typeof res.body === 'string' ? Buffer.from(res.body) : res.body;

    if (res.status >= 300 && res.status < 400 && !headers.location) {
      violations.push(`a ${res.status} response needs a Location header`);
    }
    if (!spec || spec.content.size === 0) {
      if (!spec && res.status < 400) {
        violations.push(`status ${res.status} is not a documented response`);
      }
      if (res.status >= 400 && body.length > 0) {
        // GitHub answers 401/403/404/422 on any operation, documented or not, with this shape.
        const parsed = parseJson(body);
        if (type !== 'application/json') violations.push(`error Content-Type is ${type}`);
        else if (!this.errorBody(parsed))
          violations.push(`error body: ${describe(this.errorBody.errors)}`);
      } else if (body.length > 0 && res.status < 300) {
        violations.push(
          `status ${res.status} is documented without a body, got ${body.length} bytes`,
        );
      }
    } else if (!type || !spec.content.has(type)) {
      violations.push(
        `Content-Type ${type ?? '(none)'} is not one of ${[...spec.content.keys()].join(', ')}`,
      );
    } else {
      const validate = spec.content.get(type);
      if (validate) {
        const parsed = parseJson(body);
        if (parsed === undefined) violations.push('body is not valid JSON');
        else if (!validate(parsed)) violations.push(`body: ${describe(validate.errors)}`);
      }
    }
    for (const header of spec?.headers ?? []) {
      const value = headers[header.name];
      if (value === undefined) {
        if (header.required) violations.push(`header ${header.name} is required`);
      } else if (!header.validate(value)) {
        violations.push(`header ${header.name}: ${describe(header.validate.errors)}`);
      }
    }
    return violations.map((v) => `${res.status} ${v}`);
  }
}

function docsUrl(op: Json): string {
  const url = isRecord(op.externalDocs) ? op.externalDocs.url : undefined;
  return typeof url === 'string' ? url : 'https://docs.github.com/rest';
}

function route(method: string, template: string, operationId: string, multi: Set<string>): Route {
  const names: string[] = [];
  let literals = 0;
  const pattern = template
    .split('/')
    .map((segment) =>
      segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
        if (name === undefined) {
          literals++;
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }
        names.push(name);
        return multi.has(name) ? '(.+)' : '([^/]+)';
      }),
    )
    .join('/');
  return { method, template, operationId, regex: new RegExp(`^${pattern}$`), names, literals };
}

/** The route with the most literal text wins: `/releases/latest` before `/releases/{id}`. */
function bestMatch(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  let best: { route: Route; params: Record<string, string> } | undefined;
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.regex.exec(path);
    if (!m || (best && best.route.literals >= r.literals)) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1]);
    });
    best = { route: r, params };
  }
  return best;
}

function requestBody(
  body: unknown,
  compile: (schema: unknown) => ValidateFunction,
): BodySpec | undefined {
  if (!isRecord(body) || !isRecord(body.content)) return undefined;
  const media = new Map<string, ValidateFunction | 'binary'>();
  for (const [type, entry] of Object.entries(body.content)) {
    const schema = isRecord(entry) ? entry.schema : undefined;
    media.set(
      type,
      isRecord(schema) && schema.format === 'binary' ? 'binary' : compile(schema ?? {}),
    );
  }
  return { required: body.required === true, media };
}

function responseSpec(res: Json, compile: (schema: unknown) => ValidateFunction): ResponseSpec {
  const content = new Map<string, ValidateFunction | undefined>();
  for (const [type, entry] of Object.entries(isRecord(res.content) ? res.content : {})) {
    const schema = isRecord(entry) ? entry.schema : undefined;
    content.set(type, schema === undefined ? undefined : compile(schema));
  }
  const headers = Object.entries(isRecord(res.headers) ? res.headers : {}).map(([name, h]) => ({
    name: name.toLowerCase(),
    required: isRecord(h) && h.required === true,
    validate: compile(isRecord(h) && h.schema !== undefined ? h.schema : {}),
  }));
  return { content, headers };
}

/**
 * GitHub's schemas allow any extra property; the stand-in should not invent fields nor accept
 * misspelt ones silently, so objects that list their properties get `additionalProperties: false`
 * (request bodies: reported, not refused, since GitHub ignores unknown fields).
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!isRecord(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'examples') continue;
    out[key] =
      key === 'properties' && isRecord(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)]))
        : strict(value);
  }
  const composed = 'allOf' in schema || 'anyOf' in schema || 'oneOf' in schema;
  if (isRecord(schema.properties) && !('additionalProperties' in schema) && !composed) {
    out.additionalProperties = false;
  }
  return out;
}

function absoluteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(absoluteRefs);
  if (!isRecord(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${SPEC_ID}${value}`
        : absoluteRefs(value);
  }
  return out;
}

function coerce(value: string | undefined, type: string | undefined): unknown {
  if (value === undefined) return undefined;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const where = e.instancePath || '(root)';
      if (e.keyword === 'additionalProperties') {
        const extra = (e.params as { additionalProperty?: string }).additionalProperty;
        return `${where} has property "${extra}", which is not in the schema`;
      }
      return `${where} ${e.message ?? e.keyword}`;
    })
    .filter((m, i, all) => all.indexOf(m) === i)
    .join('; ');
}

function mediaType(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0].trim().toLowerCase() || undefined;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
