// The first step of every grpc-gateway request body (Fulcio, Rekor v2): Go's encoding/json
// Decoder reads ONE JSON value into a json.RawMessage, which protojson then parses
// (grpc-gateway runtime/marshal_jsonpb.go `decodeJSONPb`, v2.29.0 as pinned by rekor-tiles and
// Fulcio). What that step refuses, and with which words, is Go's scanner's
// (encoding/json/scanner.go): "invalid character 'o' in literal null (expecting 'u')",
// "unexpected EOF". What it lets through: anything after the first value (the Decoder stops
// there), and an empty or all-whitespace body (io.EOF, which the generated gateway code treats
// as an empty message: `!errors.Is(err, io.EOF)`).

export type FirstValue =
  /** The value's bytes, leading whitespace dropped (what json.RawMessage receives). */
  | { value: Buffer }
  /** Nothing but whitespace: io.EOF. */
  | { eof: true }
  /** Go's error text. */
  | { error: string };

class GoSyntaxError extends Error {}
class UnexpectedEof extends Error {}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean =>
  isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

export function readFirstValue(body: Buffer): FirstValue {
  let start = 0;
  while (start < body.length && isSpace(body[start])) start++;
  if (start === body.length) return { eof: true };
  const scanner = new Scanner(body, start);
  try {
    scanner.value();
  } catch (err) {
    if (err instanceof UnexpectedEof) return { error: 'unexpected EOF' };
    if (err instanceof GoSyntaxError) return { error: err.message };
    throw err;
  }
  return { value: body.subarray(start, scanner.pos) };
}

/** encoding/json's quoteChar: how its syntax errors show the offending byte. */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = {
    0x07: '\\a',
    0x08: '\\b',
    0x0c: '\\f',
    0x0a: '\\n',
    0x0d: '\\r',
    0x09: '\\t',
    0x0b: '\\v',
    0x5c: '\\\\',
  };
  if (named[c] !== undefined) return `'${named[c]}'`;
  // strconv.Quote of string(byte): the byte as a rune U+0000..U+00FF.
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

/** A recursive reading of Go's scanner states, with their error contexts. */
class Scanner {
  constructor(
    private readonly b: Buffer,
    public pos: number,
  ) {}

  private peek(): number {
    if (this.pos >= this.b.length) throw new UnexpectedEof();
    return this.b[this.pos];
  }

  private fail(c: number, context: string): never {
    throw new GoSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  private skipSpace(): void {
    while (this.pos < this.b.length && isSpace(this.b[this.pos])) this.pos++;
  }

  value(): void {
    const c = this.peek();
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || isDigit(c)) return this.number();
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    this.fail(c, 'looking for beginning of value');
  }

  private object(): void {
    this.pos++; // {
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.pos++;
      return;
    }
    for (;;) {
      const c = this.peek();
      if (c !== 0x22) this.fail(c, 'looking for beginning of object key string');
      this.string();
      this.skipSpace();
      const colon = this.peek();
      if (colon !== 0x3a) this.fail(colon, 'after object key');
      this.pos++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.peek();
      if (next === 0x7d) {
        this.pos++;
        return;
      }
      if (next !== 0x2c) this.fail(next, 'after object key:value pair');
      this.pos++;
      this.skipSpace();
    }
  }

  private array(): void {
    this.pos++; // [
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.peek();
      if (next === 0x5d) {
        this.pos++;
        return;
      }
      if (next !== 0x2c) this.fail(next, 'after array element');
      this.pos++;
    }
  }

  private string(): void {
    this.pos++; // "
    for (;;) {
      const c = this.peek();
      this.pos++;
      if (c === 0x22) return;
      if (c < 0x20) this.fail(c, 'in string literal');
      if (c !== 0x5c) continue;
      const e = this.peek();
      this.pos++;
      if (e === 0x75) {
        for (let i = 0; i < 4; i++) {
          const h = this.peek();
          if (!isHex(h)) this.fail(h, 'in \\u hexadecimal character escape');
          this.pos++;
        }
      } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
        this.fail(e, 'in string escape code');
      }
    }
  }

  /** A number ends at the first byte that cannot continue it; at EOF it is complete. */
  private number(): void {
    const at = (): number | undefined => this.b[this.pos];
    if (at() === 0x2d) {
      this.pos++;
      const c = this.peek();
      if (!isDigit(c)) this.fail(c, 'in numeric literal');
    }
    if (at() === 0x30) this.pos++;
    else while (at() !== undefined && isDigit(at() as number)) this.pos++;
    if (at() === 0x2e) {
      this.pos++;
      const c = this.peek();
      if (!isDigit(c)) this.fail(c, 'after decimal point in numeric literal');
      while (at() !== undefined && isDigit(at() as number)) this.pos++;
    }
    if (at() === 0x65 || at() === 0x45) {
      this.pos++;
      let c = this.peek();
      if (c === 0x2b || c === 0x2d) {
        this.pos++;
        c = this.peek();
      }
      if (!isDigit(c)) this.fail(c, 'in exponent of numeric literal');
      while (at() !== undefined && isDigit(at() as number)) this.pos++;
    }
  }

  private literal(word: string): void {
    this.pos++;
    for (const expected of word.slice(1)) {
      const c = this.peek();
      if (c !== expected.charCodeAt(0))
        this.fail(c, `in literal ${word} (expecting '${expected}')`);
      this.pos++;
    }
  }
}

/**
 * The properties of a JSON object as encoding/json assigns them to a Go struct's fields: a key
 * matches a field by exact name, else case-insensitively; later keys overwrite earlier ones;
 * keys that match no field are dropped.
 */
export function goStructFields(
  object: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const field =
      fields.find((f) => f === key) ?? fields.find((f) => f.toLowerCase() === key.toLowerCase());
    if (field !== undefined) out[field] = value;
  }
  return out;
}

/** Go's name for a JSON value's type in an UnmarshalTypeError ("number", "array", ...). */
export function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
}
