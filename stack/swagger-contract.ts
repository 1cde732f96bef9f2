// One upstream Swagger 2.0 description, transcribed in stack/contracts/<service>.ts, as a judge
// of a Sigstore stand-in: routes a request to an operation and checks the request and the
// stand-in's answer with Ajv. Two flavours of upstream server stand behind these descriptions,
// and each enforces its description differently, so the schemas are adjusted to what the upstream
// server really does:
//   go-swagger (Rekor v1, the TSA; go-openapi/runtime v0.32/v0.33): request bodies are checked
//     against the schema, but `additionalProperties: false` is not enforced (the generated models
//     decode with plain encoding/json, which drops unknown fields).
//   grpc-gateway (Fulcio, Rekor v2; protoc-gen-openapiv2 output): the gateway parses bodies with
//     protojson, which knows nothing of `required` (google.api.field_behavior) and lists every
//     member of a oneof as required. Requests are checked by protojson (stack/grpc-gateway.ts);
//     here, their canonical form is checked for types and formats. Answers are marshalled with
//     EmitUnpopulated, so an unset message field is `null`, and 2xx answers carry the success
//     schema (declared as "200" even where the server sets 201 through x-http-code).
// Answers of both flavours may not carry properties their schema does not list.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export type Flavour = 'go-swagger' | 'grpc-gateway';
type Json = Record<string, unknown>;

/**
 * A transcription of an upstream Swagger 2.0 description: its paths (operations with parameters
 * and responses, response references written out) and its definitions, as upstream has them.
 */
export interface Contract {
  /** The upstream file transcribed: repository, path, commit. */
  source: string;
  flavour: Flavour;
  consumes?: string[];
  produces?: string[];
  paths: Record<string, Record<string, Json>>;
  definitions: Record<string, Json>;
  /** grpc-gateway: definition name -> its oneof members (never all required at once). */
  oneofs?: Record<string, string[]>;
  /** Where the upstream server departs from its own description: schema patches, each cited. */
  patches?: { pointer: string; schema: Json; why: string }[];
}

interface Param {
  name: string;
  in: string;
  required: boolean;
  validate: ValidateFunction;
  type?: string;
}

interface ResponseSpec {
  /** undefined: no body. 'text': a string body (PEM, binary). */
  body: ValidateFunction | 'text' | undefined;
  headers: { name: string; validate: ValidateFunction }[];
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  consumes: string[];
  produces: string[];
  params: Param[];
  body: { required: boolean; validate: ValidateFunction | 'text' } | undefined;
  responses: Map<string, ResponseSpec>;
}

export interface ContractRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The body as JSON, when it is JSON (grpc-gateway: its canonical protojson form). */
  json?: unknown;
  bodyLength: number;
}

export interface ContractResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const BASE = 'https://contracts.stack.invalid/';
// ajv-formats is CommonJS: its default export is module.exports itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export class SwaggerContract {
  readonly operations: Operation[] = [];

  constructor(readonly source: Contract) {
    const doc = source;
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
    addFormats(ajv);
    addSwaggerFormats(ajv);
    const name = source.source.replace(/[^\w.-]+/g, '_');
    const idOf = (side: string, rel: string): string => `${BASE}${name}/${side}/${rel}`;
    for (const side of ['request', 'response'] as const) {
      ajv.addSchema({ definitions: this.adjust(side, doc.definitions) }, idOf(side, 'definitions'));
    }
    let compiled = 0;
    // Compiled on first use: a stack that never sees an operation pays nothing for it.
    const compile = (side: 'request' | 'response', schema: unknown): ValidateFunction => {
      let fn: ValidateFunction | undefined;
      const lazy = ((data: unknown) => {
        fn ??= ajv.compile({
          $id: idOf(side, `operation-schema-${++compiled}`),
          ...(this.rebase(idOf(side, 'definitions'), schema) as Json),
        });
        const ok = fn(data);
        lazy.errors = fn.errors;
        return ok;
      }) as ValidateFunction;
      return lazy;
    };

    const globalConsumes = doc.consumes ?? [];
    const globalProduces = doc.produces ?? [];
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, raw] of Object.entries(item)) {
        const op = raw;
        const params = ((op.parameters as Json[] | undefined) ?? []).map((p) => p);
        const bodyParam = params.find((p) => p.in === 'body');
        const responses = new Map<string, ResponseSpec>();
        for (const [status, r] of Object.entries(op.responses as Json)) {
          const res = r as Json;
          const schema = res.schema as Json | undefined;
          responses.set(status, {
            body:
              schema === undefined
                ? undefined
                : isText(schema)
                  ? 'text'
                  : compile('response', schema),
            headers: Object.entries((res.headers as Record<string, Json> | undefined) ?? {}).map(
              ([name, h]) => ({ name: name.toLowerCase(), validate: compile('response', h) }),
            ),
          });
        }
        this.operations.push({
          operationId: String(op.operationId),
          method: method.toUpperCase(),
          template,
          consumes: (op.consumes as string[] | undefined) ?? globalConsumes,
          produces: (op.produces as string[] | undefined) ?? globalProduces,
          params: params
            .filter((p) => p.in === 'path' || p.in === 'query')
            .map((p) => ({
              name: String(p.name),
              in: String(p.in),
              required: p.required === true,
              type: p.type as string | undefined,
              validate: compile('request', paramSchema(p)),
            })),
          body: bodyParam
            ? {
                required: bodyParam.required === true,
                validate: isText(bodyParam.schema as Json)
                  ? 'text'
                  : compile('request', bodyParam.schema),
              }
            : undefined,
          responses,
        });
      }
    }
  }

  /** The operation for a request, or the methods the path has (for a 405). */
  match(
    method: string,
    urlPath: string,
  ): { op: Operation; params: Record<string, string> } | { methods: string[] } {
    const methods: string[] = [];
    for (const op of this.operations) {
      const names: string[] = [];
      const pattern = op.template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\\?\{([^}]+)\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
      const m = new RegExp(`^${pattern}$`).exec(urlPath);
      if (!m) continue;
      if (op.method !== method) {
        methods.push(op.method);
        continue;
      }
      return {
        op,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])),
      };
    }
    return { methods };
  }

  /** What in a request does not conform; each line says what. */
  checkRequest(op: Operation, params: Record<string, string>, req: ContractRequest): string[] {
    const problems: string[] = [];
    for (const p of op.params) {
      const raw = p.in === 'path' ? params[p.name] : (req.query.get(p.name) ?? undefined);
      if (raw === undefined) {
        if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
        continue;
      }
      const value = p.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      if (!p.validate(value))
        problems.push(`${p.in} parameter ${p.name}: ${describe(p.validate.errors)}`);
    }
    if (this.source.flavour === 'go-swagger' && req.bodyLength > 0 && op.consumes.length > 0) {
      const type = mediaType(req.headers['content-type']) ?? 'application/octet-stream';
      if (!op.consumes.includes(type))
        problems.push(`Content-Type ${type} is not one of ${op.consumes.join(', ')}`);
    }
    if (op.body && op.body.validate !== 'text') {
      if (req.json === undefined) {
        if (op.body.required && this.source.flavour === 'go-swagger')
          problems.push('the body is required (JSON)');
      } else if (!op.body.validate(req.json)) {
        problems.push(`body: ${describe(op.body.validate.errors)}`);
      }
    }
    return problems;
  }

  /** What in an answer does not conform to the operation's declared responses. */
  checkResponse(op: Operation, res: ContractResponse): string[] {
    const problems: string[] = [];
    const status = String(res.status);
    const key = this.source.flavour === 'grpc-gateway' && res.status < 300 ? '200' : status;
    const spec = op.responses.get(key) ?? op.responses.get('default');
    if (!spec) return [`status ${status} is not declared`];
    const headers = Object.fromEntries(
      Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const body = typeof res.body === 'string' ? Buffer.from(res.body) : res.body;
    const type = mediaType(headers['content-type']);
    if (spec.body === undefined) {
      if (body.length > 0)
        problems.push(`status ${status} is declared without a body, got ${body.length} bytes`);
    } else if (spec.body !== 'text') {
      const allowed =
        this.source.flavour === 'grpc-gateway'
          ? ['application/json']
          : [...op.produces, 'application/json'];
      if (!type || !allowed.includes(type))
        problems.push(`Content-Type ${type ?? '(none)'} is not one of ${allowed.join(', ')}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        problems.push('the body is not JSON');
      }
      if (parsed !== undefined && !spec.body(parsed))
        problems.push(`body: ${describe(spec.body.errors)}`);
    } else if (type && !op.produces.includes(type)) {
      problems.push(`Content-Type ${type} is not one of ${op.produces.join(', ')}`);
    }
    for (const header of spec.headers) {
      const value = headers[header.name];
      if (value !== undefined && !header.validate(value)) {
        problems.push(`header ${header.name}: ${describe(header.validate.errors)}`);
      }
    }
    return problems.map((p) => `${status}: ${p}`);
  }

  /** The request or response variant of the definitions. */
  private adjust(side: 'request' | 'response', definitions: Record<string, Json>): Json {
    const { flavour, oneofs = {}, patches = [] } = this.source;
    const visit = (schema: unknown, owner?: string): unknown => {
      if (Array.isArray(schema)) return schema.map((s) => visit(s));
      if (!isRecord(schema)) return schema;
      const out: Json = {};
      for (const [key, value] of Object.entries(schema)) {
        if (key === 'discriminator') continue;
        out[key] =
          key === 'properties' && isRecord(value)
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]))
            : visit(value);
      }
      const listsProperties = isRecord(out.properties);
      if (flavour === 'go-swagger' && side === 'request' && out.additionalProperties === false) {
        delete out.additionalProperties;
      }
      if (
        side === 'response' &&
        listsProperties &&
        !('additionalProperties' in out) &&
        !out.allOf
      ) {
        out.additionalProperties = false;
      }
      if (flavour === 'grpc-gateway' && listsProperties) {
        const members = owner ? (oneofs[owner] ?? []) : [];
        const required =
          side === 'request'
            ? []
            : ((out.required as string[] | undefined) ?? []).filter((r) => !members.includes(r));
        if (required.length > 0) out.required = required;
        else delete out.required;
        // protojson: `null` is an unset message field (EmitUnpopulated writes it, Unmarshal
        // takes it); only a required one must be set.
        for (const [name, prop] of Object.entries(out.properties as Json)) {
          const target =
            isRecord(prop) && typeof prop.$ref === 'string'
              ? definitions[prop.$ref.replace('#/definitions/', '')]
              : undefined;
          if (isRecord(target) && target.type === 'object' && !required.includes(name)) {
            (out.properties as Json)[name] = { anyOf: [{ type: 'null' }, prop] };
          }
        }
      }
      return out;
    };

    const out: Json = {};
    for (const [name, schema] of Object.entries(definitions)) out[name] = visit(schema, name);
    for (const patch of patches) setPointer(out, patch.pointer, patch.schema);
    // Swagger 2.0 polymorphism: the discriminator's value names the definition to validate by.
    for (const [name, schema] of Object.entries(definitions)) {
      if (!isRecord(schema) || typeof schema.discriminator !== 'string') continue;
      const prop = schema.discriminator;
      const subtypes = Object.entries(definitions)
        .filter(
          ([, d]) =>
            isRecord(d) &&
            Array.isArray(d.allOf) &&
            d.allOf.some((a) => isRecord(a) && a.$ref === `#/definitions/${name}`),
        )
        .map(([n]) => n);
      out[`${name}.base`] = out[name];
      for (const sub of subtypes) {
        out[sub] = JSON.parse(
          JSON.stringify(out[sub]).replaceAll(
            `"#/definitions/${name}"`,
            `"#/definitions/${name}.base"`,
          ),
        );
      }
      out[name] = {
        allOf: [
          { $ref: `#/definitions/${name}.base` },
          { properties: { [prop]: { enum: subtypes } } },
          ...subtypes.map((sub) => ({
            if: { properties: { [prop]: { const: sub } }, required: [prop] },
            then: { $ref: `#/definitions/${sub}` },
          })),
        ],
      };
    }
    return out;
  }

  /** Operation-level schemas refer to the definitions of the same side. */
  private rebase(definitionsId: string, schema: unknown): unknown {
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!isRecord(v)) return v;
      const out: Json = {};
      for (const [k, child] of Object.entries(v)) {
        out[k] =
          k === '$ref' && typeof child === 'string' && child.startsWith('#')
            ? `${definitionsId}${child}`
            : walk(child);
      }
      return out;
    };
    return walk(schema);
  }
}

function paramSchema(p: Json): Json {
  const schema: Json = {};
  for (const key of ['type', 'format', 'pattern', 'minimum', 'maximum', 'enum']) {
    if (key in p) schema[key] = p[key];
  }
  return schema;
}

/** A body that is not JSON: `type: string` (PEM text), `format: binary` (DER, timestamps). */
function isText(schema: Json | undefined): boolean {
  return schema?.type === 'string';
}

function addSwaggerFormats(ajv: Ajv): void {
  // protojson's 64-bit integers are JSON strings; bytes are base64 (standard, padded, as emitted).
  ajv.addFormat('int64', { type: 'string', validate: (s: string) => /^-?\d+$/.test(s) });
  ajv.addFormat('uint64', { type: 'string', validate: (s: string) => /^\d+$/.test(s) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('binary', true);
  // go-openapi/strfmt's "uri" is Go's url.ParseRequestURI: an absolute URI or an absolute path
  // (Rekor's Location is `/api/v1/log/entries/<uuid>`).
  ajv.addFormat('uri', (s: string) => s.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(s));
  // Rekor's own format (pkg/util): a signed note; checked elsewhere by signature.
  ajv.addFormat('signedCheckpoint', (s: string) => s.includes('\n\n'));
}

function setPointer(doc: Json, pointer: string, value: unknown): void {
  const parts = pointer.replace(/^\//, '').split('/');
  let node: Json = doc;
  for (const part of parts.slice(0, -1)) node = node[part] as Json;
  node[parts[parts.length - 1]] = value;
}

export function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf')
    .map((e) => {
      const where = e.instancePath || '(root)';
      if (e.keyword === 'additionalProperties') {
        return `${where} has property "${String((e.params as { additionalProperty?: string }).additionalProperty)}", which the contract does not list`;
      }
      return `${where} ${e.message ?? e.keyword}`;
    })
    .filter((m, i, all) => all.indexOf(m) === i)
    .join('; ');
}

export function mediaType(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0].trim().toLowerCase() || undefined;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
