// The JSON tokens protojson reads (google.golang.org/protobuf v1.36.11 internal/encoding/json:
// decode.go, decode_string.go), with their positions, and the errors it words from them:
// `proto: (line L:C): ...`, the column counted in runes. The input has already been accepted by
// Go's encoding/json (stack/go-json.ts), so only what protobuf's own decoder refuses beyond that
// is checked here: invalid UTF-8 and lone surrogates in strings.

/** A protojson error: Go's text, e.g. `proto: (line 1:2): unknown field "x"`. */
export class ProtojsonError extends Error {}

/**
 * "proto: " with a regular space. protobuf-go picks a regular or a non-breaking space (U+00A0)
 * once per binary, to keep callers from matching error strings (internal/errors/errors.go);
 * a client must not depend on either.
 */
const PREFIX = 'proto: ';

export type TokenKind =
  | 'ObjectOpen'
  | 'ObjectClose'
  | 'ArrayOpen'
  | 'ArrayClose'
  | 'Name'
  | 'String'
  | 'Number'
  | 'Bool'
  | 'Null'
  | 'EOF';

export interface Token {
  kind: TokenKind;
  pos: number;
  raw: string;
  /** Parsed string of Name and String tokens. */
  str?: string;
}

/** A reader of tokens over one valid JSON value. */
export class JsonTokens {
  protected pos = 0;

  constructor(protected readonly b: Buffer) {}

  /** decoder.newError: `proto: (line L:C): ...`, the column counted in runes. */
  error(pos: number, message: string): ProtojsonError {
    return new ProtojsonError(`${PREFIX}${this.position(pos)}: ${message}`);
  }

  syntaxError(pos: number, message: string): ProtojsonError {
    return new ProtojsonError(`${PREFIX}syntax error ${this.position(pos)}: ${message}`);
  }

  unexpected(tok: Token): ProtojsonError {
    return this.syntaxError(tok.pos, `unexpected token ${tok.raw}`);
  }

  private position(pos: number): string {
    const before = this.b.subarray(0, pos);
    const lastNewline = before.lastIndexOf(0x0a);
    const line = before.filter((c) => c === 0x0a).length + 1;
    const column = [...before.subarray(lastNewline + 1).toString('utf8')].length + 1;
    return `(line ${line}:${column})`;
  }

  peek(): Token {
    const saved = this.pos;
    const tok = this.read();
    this.pos = saved;
    return tok;
  }

  /** The next token; commas and colons are structure, not tokens. Input is valid JSON. */
  read(): Token {
    const b = this.b;
    const skip = (): void => {
      while (this.pos < b.length && ' \t\r\n,:'.includes(String.fromCharCode(b[this.pos]))) {
        this.pos++;
      }
    };
    skip();
    const pos = this.pos;
    if (pos >= b.length) return { kind: 'EOF', pos, raw: '' };
    const c = String.fromCharCode(b[pos]);
    const single: Record<string, TokenKind> = {
      '{': 'ObjectOpen',
      '}': 'ObjectClose',
      '[': 'ArrayOpen',
      ']': 'ArrayClose',
    };
    if (single[c]) {
      this.pos++;
      return { kind: single[c], pos, raw: c };
    }
    if (c === '"') {
      const { str, end } = this.string(pos);
      this.pos = end;
      const raw = b.subarray(pos, end).toString('utf8');
      let after = end;
      while (after < b.length && ' \t\r\n'.includes(String.fromCharCode(b[after]))) after++;
      const isName = b[after] === 0x3a;
      return { kind: isName ? 'Name' : 'String', pos, raw, str };
    }
    let end = pos;
    while (end < b.length && /[-+.\w]/.test(String.fromCharCode(b[end]))) end++;
    this.pos = end;
    const raw = b.subarray(pos, end).toString('utf8');
    const kind: TokenKind =
      raw === 'null' ? 'Null' : raw === 'true' || raw === 'false' ? 'Bool' : 'Number';
    return { kind, pos, raw };
  }

  /** decode_string.go: invalid UTF-8 and lone surrogates are errors, at the opening quote. */
  private string(start: number): { str: string; end: number } {
    const b = this.b;
    let i = start + 1;
    let out = '';
    let chunk = i;
    const flush = (to: number): void => {
      const bytes = b.subarray(chunk, to);
      try {
        out += new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw this.syntaxError(start, 'invalid UTF-8 in string');
      }
    };
    for (;;) {
      const c = b[i];
      if (c === 0x22) {
        flush(i);
        return { str: out, end: i + 1 };
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      flush(i);
      const e = String.fromCharCode(b[i + 1]);
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (e !== 'u') {
        out += simple[e];
        i += 2;
      } else {
        const unit = parseInt(b.subarray(i + 2, i + 6).toString('latin1'), 16);
        i += 6;
        if (unit >= 0xd800 && unit <= 0xdfff) {
          const low =
            b[i] === 0x5c && b[i + 1] === 0x75
              ? parseInt(b.subarray(i + 2, i + 6).toString('latin1'), 16)
              : NaN;
          if (!(unit < 0xdc00 && low >= 0xdc00 && low <= 0xdfff)) {
            const shown = b.subarray(i, i + 6).toString('latin1');
            throw this.syntaxError(start, `invalid escape code ${JSON.stringify(shown)} in string`);
          }
          out += String.fromCharCode(unit, low);
          i += 6;
        } else {
          out += String.fromCharCode(unit);
        }
      }
      chunk = i;
    }
  }
}
