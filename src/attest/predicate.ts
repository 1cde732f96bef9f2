import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ActionError, printable } from '../errors.js';
import { checkPredicateType, SLSA_PROVENANCE_V1, type Predicate } from './statement.js';

/** Where the predicate comes from: given inline, read from a file, or made by the action. */
export type PredicateSource =
  | { readonly kind: 'inline'; readonly predicate: Predicate }
  | { readonly kind: 'file'; readonly path: string; readonly input: string }
  /** SLSA provenance v1 from the signing certificate's GitHub workflow claims. */
  | { readonly kind: 'github-provenance' };

/** Sign mode's attestation request: files are attested, not just signed. */
export interface AttestationRequest {
  readonly predicateType: string;
  readonly source: PredicateSource;
}

/** A predicate larger than this is not metadata about a build; DSSE payloads go to Rekor. */
const MAX_PREDICATE_BYTES = 1024 * 1024;

/**
 * The attestation inputs (`predicate-type`, `predicate`, `predicate-path`, or their flags) as
 * one request, or undefined when no attestation is asked for. `name` maps an input to how the
 * user spells it.
 */
export function parseAttestationInputs(
  values: { predicateType?: string; predicate?: string; predicatePath?: string },
  name: (input: 'predicate-type' | 'predicate' | 'predicate-path') => string,
): AttestationRequest | undefined {
  const { predicate, predicatePath } = values;
  if (!values.predicateType) {
    const given = predicate !== undefined ? 'predicate' : 'predicate-path';
    if (predicate === undefined && predicatePath === undefined) return undefined;
    throw new ActionError(
      'INPUT_INVALID',
      `${name(given)} needs ${name('predicate-type')}: the URI that says what the predicate is (e.g. ${SLSA_PROVENANCE_V1}).`,
    );
  }
  const predicateType = checkPredicateType(values.predicateType, name('predicate-type'));
  if (predicate !== undefined && predicatePath !== undefined) {
    throw new ActionError(
      'INPUT_CONFLICT',
      `${name('predicate')} and ${name('predicate-path')} cannot be used together: each gives the predicate. Keep one.`,
    );
  }
  if (predicate !== undefined) {
    return {
      predicateType,
      source: { kind: 'inline', predicate: parsePredicate(predicate, name('predicate')) },
    };
  }
  if (predicatePath !== undefined) {
    return {
      predicateType,
      source: { kind: 'file', path: predicatePath, input: name('predicate-path') },
    };
  }
  if (predicateType !== SLSA_PROVENANCE_V1) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name('predicate-type')} ${predicateType} needs its predicate: pass ${name('predicate')} (a JSON object) or ${name('predicate-path')} (a file holding one). The action makes the predicate itself only for ${SLSA_PROVENANCE_V1} (build provenance of this workflow run).`,
    );
  }
  return { predicateType, source: { kind: 'github-provenance' } };
}

/** Reads a predicate file (before anything is signed), with errors that name it. */
export async function readPredicateFile(
  source: Extract<PredicateSource, { kind: 'file' }>,
  baseDir: string,
): Promise<Predicate> {
  const file = path.resolve(baseDir, source.path);
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) {
      throw new ActionError(
        'PREDICATE_INVALID',
        `${source.input} ${source.path} is not a file; pass the path of a JSON file holding the predicate.`,
      );
    }
    if (stat.size > MAX_PREDICATE_BYTES) {
      throw new ActionError(
        'PREDICATE_INVALID',
        `${source.input} ${source.path} is ${stat.size} bytes; a predicate is at most ${MAX_PREDICATE_BYTES} bytes (it is signed whole and stored in the transparency log).`,
      );
    }
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof ActionError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ActionError(
      'PREDICATE_INVALID',
      code === 'ENOENT'
        ? `${source.input} ${source.path} does not exist (relative paths are resolved against the workspace); write the predicate file before this step.`
        : `cannot read ${source.input} ${source.path} (${code ?? String(err)}).`,
    );
  }
  return parsePredicate(text, `${source.input} ${source.path}`);
}

/** A predicate is a JSON object. */
export function parsePredicate(text: string, what: string): Predicate {
  if (Buffer.byteLength(text) > MAX_PREDICATE_BYTES) {
    throw new ActionError(
      'PREDICATE_INVALID',
      `${what} is larger than ${MAX_PREDICATE_BYTES} bytes; a predicate is signed whole and stored in the transparency log.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new ActionError(
      'PREDICATE_INVALID',
      `${what} is not valid JSON (${printable((err as Error).message)}); the predicate must be a JSON object, e.g. {"key": "value"}.`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ActionError(
      'PREDICATE_INVALID',
      `${what} is JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}; the predicate must be a JSON object, e.g. {"key": "value"}.`,
    );
  }
  return value as Predicate;
}
