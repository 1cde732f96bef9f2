import { ActionError } from '../errors.js';

/** The DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** A predicate is a JSON object; its meaning is given by its type. */
export type Predicate = Record<string, unknown>;

/** What an attestation says about each file: the predicate type and the predicate. */
export interface Attestation {
  readonly predicateType: string;
  readonly predicate: Predicate;
}

/** The file an in-toto statement is about: its name and its digest. */
export interface Subject {
  readonly name: string;
  readonly sha256Hex: string;
}

/** The serialized in-toto v1 statement about one file: the payload a DSSE envelope signs. */
export function inTotoStatement(subject: Subject, attestation: Attestation): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: IN_TOTO_STATEMENT_V1,
      subject: [{ name: subject.name, digest: { sha256: subject.sha256Hex } }],
      predicateType: attestation.predicateType,
      predicate: attestation.predicate,
    }),
  );
}

/**
 * A predicate type is a URI (in-toto: "URI identifying the type of the predicate"): a scheme,
 * then something. A bare word is a likely mistake (`slsa` for https://slsa.dev/provenance/v1).
 */
export function checkPredicateType(value: string, input: string): string {
  const v = value.trim();
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(v) || v.length > 1024) {
    throw new ActionError(
      'INPUT_INVALID',
      `${input} must be a URI naming the predicate's type, e.g. ${SLSA_PROVENANCE_V1} (SLSA provenance) or https://in-toto.io/attestation/release/v0.1, not ${JSON.stringify(v.slice(0, 200))}.`,
    );
  }
  return v;
}

/**
 * The in-toto statement a DSSE envelope carries, parsed but NOT verified: trust it only after
 * the envelope's signature has verified. Throws SyntaxError when the payload is not JSON.
 */
export function envelopeStatement(envelope: { readonly payload: Buffer }): unknown {
  return JSON.parse(envelope.payload.toString('utf8')) as unknown;
}

/** A statement's `predicateType`, when it has one (a string). */
export function predicateTypeOf(statement: unknown): string | undefined {
  const type = isObject(statement) ? statement.predicateType : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Whether two statements say the same about a file: same predicate type and the same predicate,
 * as JSON values (key order aside). For this action's own SLSA provenance the run attempt
 * (`runDetails.metadata.invocationId`) is left out: a re-run of the job attests the same build.
 */
export function sameAttestation(a: unknown, b: unknown): boolean {
  const meaning = (statement: unknown): string | undefined => {
    const predicateType = predicateTypeOf(statement);
    if (predicateType === undefined) return undefined;
    const predicate = (statement as { predicate?: unknown }).predicate;
    let kept = predicate;
    if (
      predicateType === SLSA_PROVENANCE_V1 &&
      isObject(predicate) &&
      isObject(predicate.runDetails)
    ) {
      const runDetails = predicate.runDetails;
      const metadata = isObject(runDetails.metadata) ? { ...runDetails.metadata } : undefined;
      if (metadata) delete metadata.invocationId;
      kept = { ...predicate, runDetails: { ...runDetails, metadata } };
    }
    return canonicalJSON({ predicateType, predicate: kept });
  };
  const left = meaning(a);
  return left !== undefined && left === meaning(b);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so that equal values give equal text. */
function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
