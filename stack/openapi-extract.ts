// The part of GitHub's 13 MB OpenAPI description the stand-in needs: every operation's route (to
// tell "not served by the stack" from "no such endpoint"), and the served operations with the
// component schemas they reach. Parsing the whole file is most of the cost of loading it, so the
// extract is cached in the temp dir, keyed by the description file, the served operations and this
// module's own source.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Json = Record<string, unknown>;

export interface ExtractedSpec {
  /** Every operation of GitHub's REST API; `multi`: its path parameters that span segments. */
  routes: { method: string; template: string; operationId: string; multi: string[] }[];
  /** The served operations, OpenAPI references inlined, schema references kept. */
  operations: {
    operationId: string;
    method: string;
    template: string;
    op: Json;
    pathParams: unknown;
  }[];
  /** `components.schemas` entries the served operations reach (and the error schemas). */
  schemas: Json;
}

const CACHE_DIR = path.join(tmpdir(), 'sigstore-stack-openapi');
const ALWAYS = ['basic-error', 'validation-error'];

export async function extractSpec(file: string, operationIds: string[]): Promise<ExtractedSpec> {
  const key = await cacheKey(file, operationIds);
  const cached = path.join(CACHE_DIR, `${key}.json`);
  try {
    return JSON.parse(await readFile(cached, 'utf8')) as ExtractedSpec;
  } catch {
    // not cached yet
  }
  const extracted = extract(JSON.parse(await readFile(file, 'utf8')) as Json, operationIds);
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(extracted));
    await rename(temp, cached);
  } catch {
    // a cache only
  }
  return extracted;
}

function extract(spec: Json, operationIds: string[]): ExtractedSpec {
  const wanted = new Set(operationIds);
  const routes: ExtractedSpec['routes'] = [];
  const operations: ExtractedSpec['operations'] = [];
  for (const [template, pathItem] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const [key, op] of Object.entries(pathItem)) {
      if (!isRecord(op) || typeof op.operationId !== 'string') continue;
      const method = key.toUpperCase();
      const params = [...asArray(pathItem.parameters), ...asArray(op.parameters)]
        .map((p) => (isRecord(p) && typeof p.$ref === 'string' ? pointer(spec, p.$ref) : p))
        .filter(isRecord);
      const multi = params.filter((p) => p['x-multi-segment'] === true).map((p) => String(p.name));
      routes.push({ method, template, operationId: op.operationId, multi });
      if (wanted.has(op.operationId)) {
        const resolved = inlineReferences(spec, { op, pathParams: pathItem.parameters });
        operations.push({
          operationId: op.operationId,
          method,
          template,
          op: resolved.op as Json,
          pathParams: resolved.pathParams,
        });
      }
    }
  }
  const components = (spec.components as Json).schemas as Json;
  const schemas: Json = {};
  const reach = (value: unknown): void => {
    walk(value, (ref) => {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      if (name === undefined || name in schemas) return;
      schemas[name] = components[name];
      reach(components[name]);
    });
  };
  for (const name of ALWAYS) reach({ $ref: `#/components/schemas/${name}` });
  reach(operations);
  return { routes, operations, schemas };
}

async function cacheKey(file: string, operationIds: string[]): Promise<string> {
  const { size, mtimeMs } = await stat(file);
  const self = await readFile(fileURLToPath(import.meta.url));
  return createHash('sha256')
    .update(`${file}\n${size}\n${mtimeMs}\n${[...operationIds].sort().join(',')}\n`)
    .update(self)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Inlines OpenAPI-level references (parameters, responses, request bodies, headers) and drops
 * examples; schema references stay, for Ajv to resolve against the shared component schemas.
 */
function inlineReferences(spec: Json, value: unknown): Json {
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (!isRecord(v)) return v;
    if (typeof v.$ref === 'string' && !v.$ref.startsWith('#/components/schemas/')) {
      return visit(pointer(spec, v.$ref));
    }
    const out: Json = {};
    for (const [key, child] of Object.entries(v)) {
      if (key === 'examples' || key === 'example') continue;
      out[key] = key === 'schema' ? child : visit(child);
    }
    return out;
  };
  return visit(value) as Json;
}

function walk(value: unknown, onRef: (ref: string) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, onRef);
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') onRef(child);
      else walk(child, onRef);
    }
  }
}

function pointer(doc: Json, ref: string): unknown {
  let node: unknown = doc;
  for (const token of ref.replace(/^#\//, '').split('/')) {
    if (!isRecord(node)) return undefined;
    node = node[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
