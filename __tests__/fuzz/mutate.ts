/**
 * Seeded mutations of Sigstore bundles for the hostile-bundle fuzz test. Everything is a pure
 * function of (seed, case index): `mutantFor(seed, index, ...)` gives the same bytes every time,
 * so a failure is reproduced from the two numbers the test prints.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
type Path = (string | number)[];

/** sfc32: small, fast, and good enough to pick mutations. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One of `items`; throws NothingToPick when there is none (the mutation does not apply). */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new NothingToPick();
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A mutation found nothing to work on (no string left after an earlier step, say). */
class NothingToPick extends Error {}

/** The generator of case `index` under `seed`: each case is reproducible on its own. */
export function caseRng(seed: number, index: number): Rng {
  let h = (seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

/** A bundle that verifies: what every mutation starts from. */
export interface SeedBundle {
  readonly name: string;
  readonly text: string;
  readonly json: JsonObject;
}

export const MUTATION_KINDS = [
  'bitflip-base64',
  'bitflip-text',
  'truncate',
  'type-change',
  'huge-number',
  'deep-nesting',
  'remove-field',
  'duplicate-field',
  'swap-field',
  'empty-string',
  'long-string',
  'unicode',
  'media-type',
  'dsse-payload',
  'checkpoint-text',
  'huge-array',
  'array-like-object',
  'enum-and-kind',
  'rename-key',
  'stacked',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  readonly kind: MutationKind;
  /** What was done, for the failure report. */
  readonly detail: string;
  /** The bundle file's bytes. */
  readonly bytes: Buffer;
}

/** Fields holding base64 bytes (protobuf `bytes`), by their JSON name. */
export const BASE64_KEYS = new Set([
  'rawBytes',
  'keyId',
  'signedEntryTimestamp',
  'rootHash',
  'hashes',
  'canonicalizedBody',
  'signedTimestamp',
  'digest',
  'signature',
  'payload',
  'sig',
]);
/** Fields holding int64 values (decimal strings in protobuf JSON). */
export const INTEGER_KEYS = new Set(['logIndex', 'integratedTime', 'treeSize']);

const KNOWN_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
];

/**
 * JSON text spliced in where JSON.stringify cannot produce it: 10,000-deep nesting (a recursive
 * stringify could itself overflow), exact big integers, duplicate keys, bare NaN.
 */
class Raw {
  /** How many were made: a tree made without one is serialized the fast way. */
  static made = 0;
  constructor(readonly text: string) {
    Raw.made++;
  }
}
type Value = Json | Raw;

/** Serializes `value`, replacing every Raw by its text (a replacer makes stringify slow). */
function serialize(value: unknown, indent?: number, hasRaw = true): string {
  if (!hasRaw) return JSON.stringify(value, undefined, indent);
  const raws: string[] = [];
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v instanceof Raw) {
        raws.push(v.text);
        return `@@RAW${raws.length - 1}@@`;
      }
      return v;
    },
    indent,
  );
  return text.replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)]);
}

function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

interface Located {
  readonly path: Path;
  readonly value: Json;
}

/** Every value in the tree but the root, depth first. */
function locations(root: Json): Located[] {
  const out: Located[] = [];
  const walk = (value: Json, path: Path): void => {
    if (path.length > 0) out.push({ path, value });
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(root, []);
  return out;
}

/** The field name a value sits under (for array elements, the array's name). */
function fieldName(path: Path): string {
  for (let i = path.length - 1; i >= 0; i--) {
    if (typeof path[i] === 'string') return path[i] as string;
  }
  return '';
}

export function showPath(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') || '(root)';
}

function setAt(root: Json, path: Path, value: Value): void {
  let node = root as Record<string | number, Value>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, Value>;
  node[path[path.length - 1]] = value;
}

function getAt(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const p of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[p];
  }
  return node;
}

function removeAt(root: Json, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else if (parent && typeof parent === 'object') delete parent[last as string];
}

/** Flips `count` distinct bits (two flips of one bit would undo each other). */
function flipBits(bytes: Buffer, rng: Rng, count: number): number[] {
  const flipped = new Set<number>();
  while (flipped.size < Math.min(count, bytes.length * 8)) flipped.add(rng.int(bytes.length * 8));
  for (const bit of flipped) bytes[bit >> 3] ^= 1 << (bit & 7);
  return [...flipped];
}

function base64Leaves(json: Json): Located[] {
  return locations(json).filter(
    (l) => typeof l.value === 'string' && BASE64_KEYS.has(fieldName(l.path)),
  );
}

function stringLeaves(json: Json): Located[] {
  return locations(json).filter((l) => typeof l.value === 'string');
}

function integerLeaves(json: Json): Located[] {
  return locations(json).filter(
    (l) => INTEGER_KEYS.has(fieldName(l.path)) && typeof l.path[l.path.length - 1] === 'string',
  );
}

function deep(depth: number, kind: 'array' | 'object'): Raw {
  return kind === 'array'
    ? new Raw('['.repeat(depth) + ']'.repeat(depth))
    : new Raw('{"a":'.repeat(depth) + 'null' + '}'.repeat(depth));
}

const HUGE_NUMBERS: readonly Value[] = [
  new Raw('1e308'),
  new Raw('1e400'),
  new Raw('-1e308'),
  new Raw('18446744073709551616'),
  '18446744073709551616',
  new Raw('9223372036854775808'),
  '9223372036854775808',
  '9223372036854775807',
  new Raw('9007199254740993'),
  new Raw('-1'),
  '-1',
  '-0',
  new Raw('-0'),
  new Raw('1.5'),
  '1.5',
  '99999999999999999999999',
  '-99999999999999999999999',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e3',
  '0x10',
  ' 1',
  '1 ',
  '+1',
  '007',
  '',
  '١٢٣', // Arabic-Indic digits
  new Raw('0.0000001'),
];

const TYPE_REPLACEMENTS: readonly Value[] = [
  null,
  true,
  false,
  0,
  1,
  -1,
  '',
  'x',
  [],
  {},
  [null],
  [[]],
  [{}],
  { value: 'x' },
];

const UNICODE_INSERTS = [
  '\u0000',
  '\u0001',
  '\u001b[31m',
  '\n',
  '\r\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  'é',
  '😀',
  '\u2014',
  '\u00a0',
  ' ',
  '=',
  '-',
  '_',
  '%',
  '\\',
  '"',
  '::error::',
];

const MEDIA_TYPES = [
  ...KNOWN_MEDIA_TYPES,
  'application/vnd.dev.sigstore.bundle+json;version=0.4',
  'application/vnd.dev.sigstore.bundle+json;version=99.9',
  'application/vnd.dev.sigstore.bundle.v0.4+json',
  'application/vnd.dev.sigstore.bundle.v1.0+json',
  'application/vnd.dev.sigstore.bundle.v0.3+jsonx',
  'application/vnd.dev.sigstore.bundle.v0.3+json; charset=utf-8',
  'application/vnd.dev.sigstore.bundle+json;version=0.3.1',
  ' application/vnd.dev.sigstore.bundle.v0.3+json',
  'APPLICATION/VND.DEV.SIGSTORE.BUNDLE.V0.3+JSON',
  'application/vnd.dev.sigstore.bundle+json',
  'application/json',
  'application/vnd.in-toto+json',
  '',
];

/** JSON texts put in a DSSE envelope's payload (the in-toto statement our code parses). */
function payloadTexts(original: string): (() => string)[] {
  let statement: JsonObject = {};
  try {
    statement = JSON.parse(original) as JsonObject;
  } catch {
    // keep the generic ones
  }
  const withSubject = (subject: Json) => (): string => JSON.stringify({ ...statement, subject });
  const text = (t: string) => (): string => t;
  return [
    text('null'),
    text('1'),
    text('"x"'),
    text('[]'),
    text('true'),
    text('{}'),
    text('not json'),
    text(''),
    text('{"subject": null}'),
    text('{"subject": {}}'),
    text('{"subject": "x"}'),
    withSubject([null]),
    withSubject([1, 'x', []]),
    withSubject([{ name: 'a', digest: null }]),
    withSubject([{ name: 'a', digest: [] }]),
    withSubject([{ name: 'a', digest: 'sha256' }]),
    withSubject([{ name: 'a', digest: { sha256: 5 } }]),
    withSubject([{ name: 'a', digest: { sha256: null } }]),
    withSubject([{ name: { x: 1 }, digest: { sha256: 'ab' } }]),
    withSubject([{ name: 'a\n\u001b[2J\u202e', digest: { sha256: 'ab' } }]),
    withSubject([{ name: 'a', digest: { sha256: 'ab'.repeat(32) } }]),
    withSubject(Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}`, digest: {} }))),
    () => '['.repeat(20_000) + ']'.repeat(20_000),
    () => `{"subject":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    () => JSON.stringify({ ...statement, _type: 'x' }),
    () => original.slice(0, Math.floor(original.length / 2)),
  ];
}

type Mutator = (seed: SeedBundle, donors: readonly SeedBundle[], rng: Rng) => Result | undefined;
interface Result {
  readonly detail: string;
  /** A new JSON tree (serialized like the seed) or the bytes themselves. */
  readonly json?: Value;
  readonly bytes?: Buffer;
}

const MUTATORS: Record<Exclude<MutationKind, 'stacked'>, Mutator> = {
  'bitflip-base64': (seed, _d, rng) => {
    const json = clone(seed.json);
    const leaf = rng.pick(base64Leaves(json));
    const bytes = Buffer.from(leaf.value as string, 'base64');
    if (bytes.length === 0) return undefined;
    const bits = flipBits(bytes, rng, rng.pick([1, 1, 1, 2, 3, 8]));
    setAt(json, leaf.path, bytes.toString('base64'));
    return { detail: `${showPath(leaf.path)} bits ${bits.join(',')}`, json };
  },
  'bitflip-text': (seed, _d, rng) => {
    const bytes = Buffer.from(seed.text);
    const bits = flipBits(bytes, rng, rng.pick([1, 1, 2, 4]));
    return { detail: `text bits ${bits.join(',')}`, bytes };
  },
  truncate: (seed, _d, rng) => {
    const bytes = Buffer.from(seed.text);
    const at = rng.int(bytes.length);
    return { detail: `truncated at byte ${at} of ${bytes.length}`, bytes: bytes.subarray(0, at) };
  },
  'type-change': (seed, _d, rng) => {
    const json = clone(seed.json);
    const at = rng.pick(locations(json));
    const original = at.value;
    const candidates: Value[] = [...TYPE_REPLACEMENTS, [original], { value: original }];
    if (typeof original === 'string') {
      candidates.push(Number(original), original === 'true');
    } else if (original !== null && typeof original !== 'object') {
      candidates.push(String(original));
    }
    const replacement = rng.pick(
      candidates.filter((c) => c instanceof Raw || typeOf(c) !== typeOf(original)),
    );
    setAt(json, at.path, replacement);
    return { detail: `${showPath(at.path)}: ${typeOf(original)} -> ${show(replacement)}`, json };
  },
  'huge-number': (seed, _d, rng) => {
    const json = clone(seed.json);
    const targets = integerLeaves(json);
    const at =
      targets.length > 0 && rng.chance(0.85) ? rng.pick(targets) : rng.pick(locations(json));
    const value = rng.pick(HUGE_NUMBERS);
    setAt(json, at.path, value);
    return { detail: `${showPath(at.path)} = ${show(value)}`, json };
  },
  'deep-nesting': (seed, _d, rng) => {
    const depth = rng.pick([100, 1_000, 10_000, 10_000, 10_000, 100_000]);
    const shape = rng.pick(['array', 'object'] as const);
    if (rng.chance(0.1)) {
      return { detail: `whole bundle: ${depth}-deep ${shape}`, json: deep(depth, shape) };
    }
    const json = clone(seed.json);
    const at = rng.pick(locations(json));
    setAt(json, at.path, deep(depth, shape));
    return { detail: `${showPath(at.path)}: ${depth}-deep ${shape}`, json };
  },
  'remove-field': (seed, _d, rng) => {
    const json = clone(seed.json);
    const at = rng.pick(locations(json));
    removeAt(json, at.path);
    return { detail: `removed ${showPath(at.path)}`, json };
  },
  'duplicate-field': (seed, _d, rng) => {
    const json = clone(seed.json);
    const arrays = locations(json).filter((l) => Array.isArray(l.value) && l.value.length > 0);
    if (arrays.length > 0 && rng.chance(0.5)) {
      const at = rng.pick(arrays);
      const items = at.value as Json[];
      const i = rng.int(items.length);
      const copy = clone(items[i]);
      items.splice(rng.int(items.length + 1), 0, copy);
      return { detail: `${showPath(at.path)}: element ${i} duplicated`, json };
    }
    // The same key twice in one object: JSON.parse keeps the last one.
    const objects = locations(json).filter(
      (l) => l.value !== null && typeof l.value === 'object' && !Array.isArray(l.value),
    );
    const at = rng.pick<Located>([{ path: [], value: json }, ...objects]);
    const entries = Object.entries(at.value as JsonObject);
    if (entries.length === 0) return undefined;
    const k = rng.int(entries.length);
    const key = entries[k][0];
    const other = rng.pick([...TYPE_REPLACEMENTS, ...HUGE_NUMBERS, 'x']);
    const first = rng.chance(0.5);
    const parts = entries.map(([name, v], i) => {
      const own = `${JSON.stringify(name)}:${serialize(v)}`;
      if (i !== k) return own;
      const dup = `${JSON.stringify(key)}:${serialize(other)}`;
      return first ? `${dup},${own}` : `${own},${dup}`;
    });
    const raw = new Raw(`{${parts.join(',')}}`);
    if (at.path.length === 0) {
      return {
        detail: `key ${key} duplicated (${first ? 'decoy first' : 'decoy last'})`,
        json: raw,
      };
    }
    setAt(json, at.path, raw);
    return {
      detail: `${showPath([...at.path, key])} duplicated (${first ? 'decoy first' : 'decoy last'})`,
      json,
    };
  },
  'swap-field': (seed, donors, rng) => {
    const others = donors.filter((d) => d.name !== seed.name);
    const donor = rng.pick(others);
    const json = clone(seed.json);
    const mine = locations(json);
    const theirs = locations(donor.json);
    // Prefer the same path in the donor; else any donor field of the same name.
    const at = rng.pick(mine);
    const same = getAt(donor.json, at.path);
    const named = theirs.filter((t) => fieldName(t.path) === fieldName(at.path));
    let value: Json | undefined = same;
    if (value === undefined || rng.chance(0.3))
      value = named.length ? rng.pick(named).value : undefined;
    if (value === undefined) {
      // Graft a whole top-level part of the donor (e.g. its dsseEnvelope into a message bundle).
      const key = rng.pick(Object.keys(donor.json));
      json[key] = clone(donor.json[key]);
      return { detail: `${key} from ${donor.name}`, json };
    }
    setAt(json, at.path, clone(value));
    return { detail: `${showPath(at.path)} from ${donor.name}`, json };
  },
  'empty-string': (seed, _d, rng) => {
    const json = clone(seed.json);
    const at = rng.pick(stringLeaves(json));
    setAt(json, at.path, '');
    return { detail: `${showPath(at.path)} = ""`, json };
  },
  'long-string': (seed, _d, rng) => {
    const json = clone(seed.json);
    const at = rng.pick(stringLeaves(json));
    if (rng.chance(0.05)) {
      // Over the verifier's 16 MiB size limit, as trailing whitespace (still valid JSON).
      return {
        detail: 'followed by 17 MiB of spaces',
        bytes: Buffer.concat([Buffer.from(seed.text), Buffer.alloc(17 * 1024 * 1024, 0x20)]),
      };
    }
    const length = rng.pick([10_000, 10_000, 100_000, 100_000, 1_000_000]);
    const unit = rng.pick(['A', 'AAAA', 'ab+/', '\u2014 x ', 'é', `${at.value as string}`]);
    const value = unit.repeat(Math.ceil(length / Math.max(unit.length, 1))).slice(0, length);
    setAt(json, at.path, value);
    return { detail: `${showPath(at.path)}: ${length} chars of ${show(unit.slice(0, 12))}`, json };
  },
  unicode: (seed, _d, rng) => {
    if (rng.chance(0.2)) {
      // Bytes that are not UTF-8 inside a string literal (read as U+FFFD), or a BOM up front.
      const bytes = Buffer.from(seed.text);
      const quotes = [...seed.text.matchAll(/":\s*"/g)].map((m) => m.index + m[0].length);
      const at = Buffer.byteLength(seed.text.slice(0, rng.pick(quotes)));
      const junk = rng.pick([
        Buffer.from([0xff]),
        Buffer.from([0xc0, 0x80]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from([0xef, 0xbb, 0xbf]),
      ]);
      if (rng.chance(0.2)) {
        return { detail: 'byte order mark before the JSON', bytes: Buffer.concat([junk, bytes]) };
      }
      return {
        detail: `bytes ${junk.toString('hex')} at ${at}`,
        bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]),
      };
    }
    const json = clone(seed.json);
    const at = rng.pick(stringLeaves(json));
    const s = at.value as string;
    const insert = rng.pick(UNICODE_INSERTS);
    const i = rng.int(s.length + 1);
    setAt(json, at.path, s.slice(0, i) + insert + s.slice(i));
    return { detail: `${showPath(at.path)}: ${show(insert)} at ${i}`, json };
  },
  'media-type': (seed, _d, rng) => {
    const json = clone(seed.json);
    const value = rng.pick(MEDIA_TYPES.filter((m) => m !== seed.json.mediaType));
    json.mediaType = value;
    return { detail: `mediaType = ${show(value)}`, json };
  },
  'dsse-payload': (seed, _d, rng) => {
    const envelope = seed.json.dsseEnvelope as JsonObject | undefined;
    if (!envelope) return undefined;
    const json = clone(seed.json);
    const original = Buffer.from(envelope.payload as string, 'base64').toString('utf8');
    const text = rng.pick(payloadTexts(original))();
    (json.dsseEnvelope as JsonObject).payload = Buffer.from(text).toString('base64');
    return { detail: `dsseEnvelope.payload = ${show(text.slice(0, 60))}`, json };
  },
  'checkpoint-text': (seed, _d, rng) => {
    const json = clone(seed.json);
    const at = stringLeaves(json).filter((l) => fieldName(l.path) === 'envelope');
    if (at.length === 0) return undefined;
    const leaf = rng.pick(at);
    const envelope = leaf.value as string;
    const lines = envelope.split('\n');
    const edits: [string, () => string][] = [
      [
        'size line huge',
        () => replaceLine(lines, 1, rng.pick(['99999999999999999999999', '-1', '0', 'x', ''])),
      ],
      ['size line + 1', () => replaceLine(lines, 1, (BigInt(lines[1] || '0') + 1n).toString())],
      [
        'root hash line',
        () => replaceLine(lines, 2, rng.pick(['', 'AAAA', '%%%', lines[2] + 'A'])),
      ],
      ['origin line', () => replaceLine(lines, 0, rng.pick(['', 'evil.example', `${lines[0]} `]))],
      ['line removed', () => lines.filter((_, i) => i !== rng.int(lines.length)).join('\n')],
      ['first lines swapped', () => [lines[1], lines[0], ...lines.slice(2)].join('\n')],
      ['no blank separator', () => envelope.replace('\n\n', '\n')],
      ['em dash replaced', () => envelope.replace(/\u2014/g, '-')],
      ['extension line in note', () => envelope.replace('\n\n', '\nextra\n\n')],
      ['signatures removed', () => envelope.slice(0, envelope.indexOf('\n\n') + 2)],
      [
        'everything after the note doubled',
        () => envelope + envelope.slice(envelope.indexOf('\n\n') + 2),
      ],
      ['CRLF line ends', () => envelope.replace(/\n/g, '\r\n')],
    ];
    const [name, edit] = rng.pick(edits);
    const value = edit();
    if (value === envelope) return undefined;
    setAt(json, leaf.path, value);
    return { detail: `${showPath(leaf.path)}: ${name}`, json };
  },
  'huge-array': (seed, _d, rng) => {
    const json = clone(seed.json);
    const arrays = locations(json).filter((l) => Array.isArray(l.value) && l.value.length > 0);
    const at = rng.pick(arrays);
    const items = at.value as Json[];
    const times = rng.pick([2, 10, 33, 100, 1_000]);
    const element = items[rng.int(items.length)];
    const size = Buffer.byteLength(JSON.stringify(element));
    // Up to 1 MiB more: well under the size limit, so the verifier meets every element.
    const n = Math.max(2, Math.min(times, Math.floor((1024 * 1024) / (size + 1))));
    const copies = Array.from({ length: n }, () => clone(element));
    setAt(json, at.path, [...items, ...copies]);
    return { detail: `${showPath(at.path)}: ${n} more copies`, json };
  },
  'array-like-object': (seed, _d, rng) => {
    // Buffer.from(obj) copies anything with a numeric `length`: a 30-byte bundle field could
    // ask a lenient base64 decoder for gigabytes.
    const json = clone(seed.json);
    const at = rng.pick(rng.chance(0.8) ? base64Leaves(json) : locations(json));
    const value = rng.pick<Value>([
      { length: 1e9 },
      { length: 2 ** 31 },
      { length: 2 ** 32 + 1 },
      { length: 1e308 },
      { length: -1 },
      { length: '1e9' },
      { length: 3, 0: 1, 1: 2, 2: 3 },
      { type: 'Buffer', data: [1, 2, 3] },
      Array.from({ length: 5_000 }, (_, i) => i % 256),
      [48, 69, 2, 33],
    ]);
    setAt(json, at.path, value);
    return { detail: `${showPath(at.path)} = ${show(value)}`, json };
  },
  'enum-and-kind': (seed, _d, rng) => {
    const json = clone(seed.json);
    const targets = locations(json).filter((l) =>
      ['algorithm', 'kind', 'version', 'payloadType', 'hint', 'keyid'].includes(fieldName(l.path)),
    );
    if (targets.length === 0) return undefined;
    const at = rng.pick(targets);
    const value = rng.pick<Value>([
      'SHA2_256',
      'SHA2_384',
      'SHA2_512',
      'SHA3_256',
      'HASH_ALGORITHM_UNSPECIFIED',
      'sha256',
      'MD5',
      0,
      1,
      2,
      99,
      -1,
      'hashedrekord',
      'intoto',
      'dsse',
      'rekord',
      '0.0.1',
      '0.0.2',
      '0.0.3',
      'application/vnd.in-toto+json',
      'application/json',
      'x',
    ]);
    if (value === at.value) return undefined;
    setAt(json, at.path, value);
    return { detail: `${showPath(at.path)} = ${show(value)}`, json };
  },
  'rename-key': (seed, _d, rng) => {
    const json = clone(seed.json);
    const keyed = locations(json).filter((l) => typeof l.path[l.path.length - 1] === 'string');
    const at = rng.pick(keyed);
    const key = at.path[at.path.length - 1] as string;
    const renamed = rng.pick([
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      key.toUpperCase(),
      `${key} `,
      `${key}\u0000`,
      key.slice(0, -1),
    ]);
    if (renamed === key) return undefined;
    const parent = getAt(json, at.path.slice(0, -1)) as JsonObject;
    parent[renamed] = parent[key];
    delete parent[key];
    return { detail: `${showPath(at.path)} renamed ${show(renamed)}`, json };
  },
};

function replaceLine(lines: string[], i: number, value: string): string {
  return lines.map((l, j) => (j === i ? value : l)).join('\n');
}

function typeOf(value: Value | undefined): string {
  if (value instanceof Raw) return 'raw';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function show(value: Value): string {
  const text = value instanceof Raw ? value.text : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…(${text.length})` : text;
}

/** How often each kind is drawn; base64 bit flips hit what the signatures cover. */
const WEIGHTS: Record<MutationKind, number> = {
  'bitflip-base64': 20,
  'bitflip-text': 10,
  truncate: 6,
  'type-change': 8,
  'huge-number': 6,
  'deep-nesting': 3,
  'remove-field': 6,
  'duplicate-field': 5,
  'swap-field': 8,
  'empty-string': 3,
  'long-string': 2,
  unicode: 5,
  'media-type': 3,
  'dsse-payload': 3,
  'checkpoint-text': 4,
  'huge-array': 2,
  'array-like-object': 2,
  'enum-and-kind': 3,
  'rename-key': 3,
  stacked: 5,
};

function drawKind(rng: Rng): MutationKind {
  const total = MUTATION_KINDS.reduce((sum, k) => sum + WEIGHTS[k], 0);
  let x = rng.next() * total;
  for (const kind of MUTATION_KINDS) {
    x -= WEIGHTS[kind];
    if (x < 0) return kind;
  }
  return 'bitflip-base64';
}

/** Seeds are written back the way their files are formatted (one line, or indented). */
function indentOf(text: string): number | undefined {
  const m = /^\{\s*\n(\s+)"/.exec(text);
  return m ? m[1].length : undefined;
}

function apply(
  kind: Exclude<MutationKind, 'stacked'>,
  seed: SeedBundle,
  donors: readonly SeedBundle[],
  rng: Rng,
): { detail: string; bytes: Buffer } | undefined {
  let result: Result | undefined;
  const rawsBefore = Raw.made;
  try {
    result = MUTATORS[kind](seed, donors, rng);
  } catch (err) {
    if (err instanceof NothingToPick) return undefined;
    throw err;
  }
  if (!result) return undefined;
  const bytes =
    result.bytes ??
    Buffer.from(serialize(result.json, indentOf(seed.text), Raw.made !== rawsBefore));
  return { detail: result.detail, bytes };
}

/**
 * The mutant of case `index`: a seed drawn from `seeds`, one mutation (or, for "stacked", two to
 * four in a row). Never byte-identical to its seed.
 */
export function mutantFor(
  seed: number,
  index: number,
  seeds: readonly SeedBundle[],
): Mutant & { seedName: string } {
  const rng = caseRng(seed, index);
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = rng.pick(seeds);
    const kind = drawKind(rng);
    let current: SeedBundle = base;
    const details: string[] = [];
    let bytes: Buffer | undefined;
    const steps = kind === 'stacked' ? 2 + rng.int(3) : 1;
    for (let s = 0; s < steps; s++) {
      const step =
        kind === 'stacked'
          ? (rng.pick(MUTATION_KINDS.filter((k) => k !== 'stacked' && WEIGHTS[k] >= 3)) as Exclude<
              MutationKind,
              'stacked'
            >)
          : kind;
      let out: { detail: string; bytes: Buffer } | undefined;
      try {
        out = apply(step, current, seeds, rng);
      } catch (err) {
        // A tree 10,000 levels deep cannot be cloned again: keep the mutant so far.
        if ((err as Error).name === 'RangeError') break;
        throw err;
      }
      if (!out) continue;
      details.push(kind === 'stacked' ? `${step}: ${out.detail}` : out.detail);
      bytes = out.bytes;
      if (s === steps - 1) break;
      // A later step needs a parsed tree; stop stacking once the text is no longer JSON.
      try {
        const text = bytes.toString('utf8');
        current = { name: base.name, text, json: JSON.parse(text) as JsonObject };
        if (
          current.json === null ||
          typeof current.json !== 'object' ||
          Array.isArray(current.json)
        )
          break;
      } catch {
        break;
      }
    }
    if (!bytes || bytes.equals(Buffer.from(base.text))) continue;
    return { kind, detail: details.join(' | '), bytes, seedName: base.name };
  }
  throw new Error(`case ${index}: no mutation applied after 100 attempts`);
}
