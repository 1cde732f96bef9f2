// The `spec` of a Rekor v1 entry, checked against its kind's JSON schema as real Rekor checks it:
// each type's Unmarshal (sigstore/rekor pkg/types/<kind>/<version>/entry.go) decodes the spec into
// the model go-swagger generated from the type's schema (transcribed in
// stack/contracts/rekor-types.ts) and calls its Validate, whose go-openapi/errors failures read
// "validation failure list:\n<name> in body is required" and so on; createLogEntry serves that as
// a 400 "error processing entry: ...". Like those models, unknown properties are dropped.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { REKOR_TYPE_SCHEMAS } from './contracts/rekor-types.js';

// ajv-formats is CommonJS: its default export is module.exports itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

export function supportedVersions(kind: string): string[] | undefined {
  return REKOR_TYPE_SCHEMAS[kind] ? Object.keys(REKOR_TYPE_SCHEMAS[kind]) : undefined;
}

/** go-openapi's "validation failure list" for a spec, or undefined when it validates. */
export function specProblem(kind: string, version: string, spec: unknown): string | undefined {
  const schema = REKOR_TYPE_SCHEMAS[kind]?.[version];
  if (!schema) return undefined;
  const key = `${kind}/${version}`;
  let validate = compiled.get(key);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true, logger: false });
      addFormats(ajv);
      // strfmt's byte: standard base64 (strfmt.Base64 decodes with base64.StdEncoding).
      ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    }
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (validate(spec)) return undefined;
  const lines = (validate.errors ?? [])
    .map(goOpenapiMessage)
    .filter((m): m is string => m !== undefined)
    .filter((m, i, all) => all.indexOf(m) === i);
  return `validation failure list:\n${lines.join('\n')}`;
}

/** An Ajv error in go-openapi/errors' words (errors/schema.go), named by its dotted path. */
function goOpenapiMessage(e: ErrorObject): string | undefined {
  const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const name = (child?: string): string => [at, child].filter(Boolean).join('.') || 'body';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${name(String(params.missingProperty))} in body is required`;
    case 'enum':
      return `${name()} in body should be one of [${(params.allowedValues as unknown[]).join(' ')}]`;
    case 'type':
      return `${name()} in body must be of type ${String(params.type)}`;
    case 'format':
      return `${name()} in body must be of type ${String(params.format)}`;
    case 'minItems':
      return `${name()} in body should have at least ${String(params.limit)} items`;
    case 'pattern':
      return `${name()} in body should match '${String(params.pattern)}'`;
    case 'oneOf':
    case 'anyOf':
    case 'if':
      return undefined; // reported through the branches' own errors
    default:
      return `${name()} in body ${e.message ?? e.keyword}`;
  }
}
