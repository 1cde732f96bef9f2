/**
 * The shape of a bundle's JSON, checked before @sigstore/bundle reads it.
 *
 * @sigstore/protobuf-specs reads bundles leniently, and a hostile bundle can use that:
 * - a bytes field is decoded with `Buffer.from(value, 'base64')`, which takes any JSON value:
 *   `{"length": 4294967297}` is a 25-byte field that makes it allocate and fill gigabytes (the
 *   process is killed), `{"length": 1e8}` costs seconds; characters outside base64 are skipped;
 * - a string or int64 field is read with `String(value)`: an array, an object or a 10,000-deep
 *   nesting is turned into text ("[object Object]") instead of being refused;
 * - of two members of a oneof (a message signature AND a DSSE envelope), one is silently dropped.
 * So every field it reads is checked here first, against the protobuf JSON mapping of
 * sigstore's Bundle (v0.1 to v0.3), strictly: the right JSON type, base64 in one alphabet with
 * correct padding, int64 as a plain non-negative decimal, a known media type, and no more
 * entries in a list than any real bundle has. Unknown fields are ignored, as protobuf JSON
 * parsers do; `null` means absent, as in protobuf JSON.
 */

export const BUNDLE_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
] as const;

/**
 * Bundles are a few kilobytes; one this large is not a bundle, and is not read whole (nor
 * downloaded: release bundle assets have the same cap).
 */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

const SIGSTORE_MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.';

/** Real bundles carry one or two of each; these bounds are generous and keep the work bounded. */
const MAX_CERTIFICATES = 32;
const MAX_TLOG_ENTRIES = 32;
const MAX_TIMESTAMPS = 32;
const MAX_DSSE_SIGNATURES = 32;
/** An inclusion proof in a tree of fewer than 2^64 entries has at most 64 hashes. */
const MAX_PROOF_HASHES = 64;

const HASH_ALGORITHMS = [
  'HASH_ALGORITHM_UNSPECIFIED',
  'SHA2_256',
  'SHA2_384',
  'SHA2_512',
  'SHA3_256',
  'SHA3_384',
];
const INT64_MAX = 2n ** 63n - 1n;

type Field =
  | 'string'
  | 'bytes'
  | 'int64'
  | 'hashAlgorithm'
  | { readonly message: Schema; readonly oneof?: readonly string[] }
  | { readonly repeated: Field; readonly max: number };
interface Schema {
  readonly [name: string]: Field;
}

const message = (schema: Schema, oneof?: readonly string[]): Field => ({ message: schema, oneof });
const repeated = (field: Field, max: number): Field => ({ repeated: field, max });

const TLOG_ENTRY: Schema = {
  logIndex: 'int64',
  logId: message({ keyId: 'bytes' }),
  kindVersion: message({ kind: 'string', version: 'string' }),
  integratedTime: 'int64',
  inclusionPromise: message({ signedEntryTimestamp: 'bytes' }),
  inclusionProof: message({
    logIndex: 'int64',
    rootHash: 'bytes',
    treeSize: 'int64',
    hashes: repeated('bytes', MAX_PROOF_HASHES),
    checkpoint: message({ envelope: 'string' }),
  }),
  canonicalizedBody: 'bytes',
};

const BUNDLE: Schema = {
  mediaType: 'string',
  verificationMaterial: message(
    {
      publicKey: message({ hint: 'string' }),
      x509CertificateChain: message({
        certificates: repeated(message({ rawBytes: 'bytes' }), MAX_CERTIFICATES),
      }),
      certificate: message({ rawBytes: 'bytes' }),
      tlogEntries: repeated(message(TLOG_ENTRY), MAX_TLOG_ENTRIES),
      timestampVerificationData: message({
        rfc3161Timestamps: repeated(message({ signedTimestamp: 'bytes' }), MAX_TIMESTAMPS),
      }),
    },
    ['publicKey', 'x509CertificateChain', 'certificate'],
  ),
  messageSignature: message({
    messageDigest: message({ algorithm: 'hashAlgorithm', digest: 'bytes' }),
    signature: 'bytes',
  }),
  dsseEnvelope: message({
    payload: 'bytes',
    payloadType: 'string',
    signatures: repeated(message({ sig: 'bytes', keyid: 'string' }), MAX_DSSE_SIGNATURES),
  }),
};
const BUNDLE_ONEOF = ['messageSignature', 'dsseEnvelope'];

/** Where a bundle's JSON is malformed, and how; undefined when its shape is right. */
export interface ShapeProblem {
  readonly path: string;
  readonly problem: string;
}

/** Checks the bundle's JSON against sigstore's Bundle; returns the first problem found. */
export function checkBundleShape(json: unknown): ShapeProblem | undefined {
  if (!isObject(json)) {
    return { path: '', problem: `expected a JSON object, found ${describe(json)}` };
  }
  if (typeof json.mediaType !== 'string' || !isMediaType(json.mediaType)) {
    return {
      path: 'mediaType',
      problem:
        json.mediaType === undefined || json.mediaType === null
          ? 'missing; a bundle names its version in mediaType'
          : typeof json.mediaType === 'string' &&
              json.mediaType.startsWith(SIGSTORE_MEDIA_TYPE_PREFIX)
            ? `${describe(json.mediaType)} is not a Sigstore bundle media type this verifier knows (${BUNDLE_MEDIA_TYPES.join(', ')})`
            : // Not a Sigstore document at all: whatever file this is, it is not quoted.
              `not a Sigstore bundle media type (${BUNDLE_MEDIA_TYPES.join(', ')}); this JSON is not a Sigstore bundle`,
    };
  }
  return checkMessage(json, BUNDLE, BUNDLE_ONEOF, '');
}

function isMediaType(value: string): value is (typeof BUNDLE_MEDIA_TYPES)[number] {
  return (BUNDLE_MEDIA_TYPES as readonly string[]).includes(value);
}

function checkMessage(
  value: Record<string, unknown>,
  schema: Schema,
  oneof: readonly string[] | undefined,
  path: string,
): ShapeProblem | undefined {
  if (oneof) {
    const present = oneof.filter((name) => !isAbsent(value[name]));
    if (present.length > 1) {
      return {
        path: path || '(top level)',
        problem: `has both ${present.join(' and ')}; a bundle has only one of ${oneof.join(', ')}`,
      };
    }
  }
  for (const [name, field] of Object.entries(schema)) {
    // Own properties only: a key named "__proto__" or "constructor" is just an unknown field.
    if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
    const problem = checkField(value[name], field, path ? `${path}.${name}` : name);
    if (problem) return problem;
  }
  return undefined;
}

function checkField(value: unknown, field: Field, path: string): ShapeProblem | undefined {
  if (isAbsent(value)) return undefined;
  const fail = (expected: string): ShapeProblem => ({
    path,
    problem: `expected ${expected}, found ${describe(value)}`,
  });
  if (field === 'string') return typeof value === 'string' ? undefined : fail('a string');
  if (field === 'bytes') {
    return typeof value === 'string' && isBase64(value) ? undefined : fail('base64 data');
  }
  if (field === 'int64') {
    return isInt64(value) ? undefined : fail('a non-negative integer (a decimal string)');
  }
  if (field === 'hashAlgorithm') {
    const known =
      (typeof value === 'string' && HASH_ALGORITHMS.includes(value)) ||
      (typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= 0 &&
        value < HASH_ALGORITHMS.length);
    return known ? undefined : fail(`a hash algorithm (${HASH_ALGORITHMS.join(', ')})`);
  }
  if ('repeated' in field) {
    if (!Array.isArray(value)) return fail('a list');
    if (value.length > field.max) {
      return { path, problem: `has ${value.length} entries; no bundle has more than ${field.max}` };
    }
    for (let i = 0; i < value.length; i++) {
      const problem = checkField(value[i], field.repeated, `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isObject(value)) return fail('a JSON object');
  return checkMessage(value, field.message, field.oneof, path);
}

/** Standard or URL-safe base64 (protobuf JSON accepts both), padded correctly or not at all. */
function isBase64(text: string): boolean {
  if (!/^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/.test(text)) return false;
  const padded = text.endsWith('=');
  return padded ? text.length % 4 === 0 : text.length % 4 !== 1;
}

/** An int64 of protobuf JSON, limited to what bundles hold: indexes, sizes, seconds (>= 0). */
function isInt64(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0;
  return (
    typeof value === 'string' &&
    /^(?:0|[1-9][0-9]{0,18})$/.test(value) &&
    BigInt(value) <= INT64_MAX
  );
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value named for a message, without echoing more than a little of it. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': {
      const text = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
      return value.length > 80
        ? `the string ${text} (${value.length} characters)`
        : `the string ${text}`;
    }
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a JSON object';
    default:
      return typeof value;
  }
}
