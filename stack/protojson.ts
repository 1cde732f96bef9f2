// protojson, the second step of a grpc-gateway request body and the last of its answers
// (google.golang.org/protobuf v1.36.11, encoding/protojson/decode.go and encode.go), for the
// messages of stack/proto-messages.ts. Decoding refuses what protojson refuses, with its words:
// an unknown field (unless DiscardUnknown), a duplicate field, two members of one oneof, a value
// of the wrong JSON type, bad base64, an enum name the enum does not have. Encoding is
// MarshalOptions{EmitUnpopulated: true}, as both Fulcio's and rekor-tiles' gateways marshal:
// every field present, zero or not, `null` for an unset message, unset oneof members left out.
//
// Decoded messages have the shape of @sigstore/protobuf-specs (ts-proto) objects: fields by
// JSON name with their defaults filled in, bytes as Buffers, 64-bit integers as decimal
// strings, enums as numbers, and a oneof as `{ $case, [member]: value }` under the oneof's name.
import { JsonTokens, type Token } from './protojson-tokens.js';

export { ProtojsonError } from './protojson-tokens.js';

export type ScalarKind = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'uint64' | 'enum';

export interface EnumDescriptor {
  fullName: string;
  values: Record<string, number>;
}

export interface FieldDescriptor {
  /** The proto field name, which protojson accepts besides the JSON name. */
  name: string;
  jsonName: string;
  number: number;
  kind: ScalarKind | 'message';
  repeated?: boolean;
  /** The containing oneof's name. */
  oneof?: string;
  message?: () => MessageDescriptor;
  enum?: EnumDescriptor;
}

export interface MessageDescriptor {
  fullName: string;
  /** In declaration order: the order protojson emits them in. */
  fields: FieldDescriptor[];
}

export type ProtoObject = Record<string, unknown>;

/**
 * Parses one JSON value, already accepted by Go's encoding/json (stack/go-json.ts), as a
 * message. Throws ProtojsonError.
 */
export function decodeMessage(
  raw: Buffer,
  desc: MessageDescriptor,
  opts: { discardUnknown: boolean },
): ProtoObject {
  const decoder = new Decoder(raw, opts.discardUnknown);
  const message = decoder.message(desc);
  const end = decoder.read();
  if (end.kind !== 'EOF') throw decoder.unexpected(end);
  return message;
}

/** protojson.MarshalOptions{EmitUnpopulated: true}.Marshal, as a JSON value. */
export function encodeMessage(value: ProtoObject | undefined, desc: MessageDescriptor): unknown {
  if (value === undefined || value === null) return null;
  const out: Record<string, unknown> = {};
  for (const field of desc.fields) {
    if (field.oneof !== undefined) {
      const chosen = value[field.oneof] as ProtoObject | undefined;
      if (chosen?.$case === field.jsonName)
        out[field.jsonName] = encodeValue(chosen[field.jsonName], field);
      continue;
    }
    const v = value[field.jsonName];
    out[field.jsonName] = field.repeated
      ? ((v as unknown[] | undefined) ?? []).map((item) => encodeValue(item, field))
      : encodeValue(v, field);
  }
  return out;
}

function encodeValue(v: unknown, field: FieldDescriptor): unknown {
  switch (field.kind) {
    case 'message':
      return encodeMessage(
        v as ProtoObject | undefined,
        (field.message as () => MessageDescriptor)(),
      );
    case 'bytes':
      return Buffer.from((v as Uint8Array | undefined) ?? []).toString('base64');
    case 'int64':
    case 'uint64':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint'
        ? String(v)
        : '0';
    case 'int32':
      return Number(v ?? 0);
    case 'bool':
      return v === true;
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'enum': {
      const n = Number(v ?? 0);
      const name = Object.entries(field.enum?.values ?? {}).find(([, num]) => num === n)?.[0];
      return name ?? n;
    }
  }
}

function defaultValue(field: FieldDescriptor): unknown {
  if (field.repeated) return [];
  switch (field.kind) {
    case 'message':
      return undefined;
    case 'bytes':
      return Buffer.alloc(0);
    case 'int64':
    case 'uint64':
      return '0';
    case 'int32':
    case 'enum':
      return 0;
    case 'bool':
      return false;
    case 'string':
      return '';
  }
}

class Decoder extends JsonTokens {
  constructor(
    b: Buffer,
    private readonly discardUnknown: boolean,
  ) {
    super(b);
  }

  message(desc: MessageDescriptor): ProtoObject {
    const open = this.read();
    if (open.kind !== 'ObjectOpen') throw this.unexpected(open);
    const out: ProtoObject = {};
    for (const field of desc.fields) {
      if (field.oneof === undefined) out[field.jsonName] = defaultValue(field);
    }
    const seen = new Set<number>();
    const seenOneofs = new Set<string>();
    for (;;) {
      const tok = this.read();
      if (tok.kind === 'ObjectClose') return out;
      if (tok.kind !== 'Name') throw this.unexpected(tok);
      const name = tok.str as string;
      const field =
        desc.fields.find((f) => f.jsonName === name) ?? desc.fields.find((f) => f.name === name);
      if (!field) {
        if (!this.discardUnknown) throw this.error(tok.pos, `unknown field ${tok.raw}`);
        this.skipValue();
        continue;
      }
      if (seen.has(field.number)) throw this.error(tok.pos, `duplicate field ${tok.raw}`);
      seen.add(field.number);
      // JSON null leaves any field (but google.protobuf.Value/NullValue) unset.
      if (this.peek().kind === 'Null') {
        this.read();
        continue;
      }
      if (field.repeated) {
        out[field.jsonName] = this.list(field);
        continue;
      }
      if (field.oneof !== undefined) {
        if (seenOneofs.has(field.oneof)) {
          throw this.error(
            tok.pos,
            `error parsing ${tok.raw}, oneof ${desc.fullName}.${field.oneof} is already set`,
          );
        }
        seenOneofs.add(field.oneof);
      }
      const value = this.singular(field);
      if (value === undefined) continue; // an unknown enum name, discarded
      if (field.oneof !== undefined) {
        out[field.oneof] = { $case: field.jsonName, [field.jsonName]: value };
      } else {
        out[field.jsonName] = value;
      }
    }
  }

  private list(field: FieldDescriptor): unknown[] {
    const open = this.read();
    if (open.kind !== 'ArrayOpen') throw this.unexpected(open);
    const items: unknown[] = [];
    for (;;) {
      if (this.peek().kind === 'ArrayClose') {
        this.read();
        return items;
      }
      const value = this.singular(field);
      if (value !== undefined) items.push(value);
    }
  }

  private singular(field: FieldDescriptor): unknown {
    if (field.kind === 'message') {
      return this.message((field.message as () => MessageDescriptor)());
    }
    const tok = this.read();
    const parsed = this.scalar(field, tok);
    if (parsed.ok) return parsed.value;
    throw this.error(
      tok.pos,
      `invalid value for ${field.kind} field ${field.jsonName}: ${tok.raw}`,
    );
  }

  private scalar(field: FieldDescriptor, tok: Token): { ok: boolean; value?: unknown } {
    switch (field.kind) {
      case 'string':
        return { ok: tok.kind === 'String', value: tok.str };
      case 'bool':
        return { ok: tok.kind === 'Bool', value: tok.raw === 'true' };
      case 'bytes': {
        const bytes = tok.kind === 'String' ? goBase64(tok.str as string) : undefined;
        return { ok: bytes !== undefined, value: bytes };
      }
      case 'enum':
        if (tok.kind === 'String') {
          const n = field.enum?.values[tok.str as string];
          if (n !== undefined) return { ok: true, value: n };
          return { ok: this.discardUnknown, value: undefined };
        }
        return this.integer(tok, -(2n ** 31n), 2n ** 31n - 1n, Number);
      case 'int32':
        return this.integer(tok, -(2n ** 31n), 2n ** 31n - 1n, Number);
      case 'int64':
        return this.integer(tok, -(2n ** 63n), 2n ** 63n - 1n, String);
      case 'uint64':
        return this.integer(tok, 0n, 2n ** 64n - 1n, String);
    }
    return { ok: false };
  }

  /** Token.Int/Uint: a JSON number (or, but for enums, a string holding one) with no fraction. */
  private integer(
    tok: Token,
    min: bigint,
    max: bigint,
    as: (n: bigint) => unknown,
  ): { ok: boolean; value?: unknown } {
    const text = tok.kind === 'Number' ? tok.raw : tok.kind === 'String' ? tok.str : undefined;
    const n = text === undefined ? undefined : integerValue(text);
    if (n === undefined || n < min || n > max) return { ok: false };
    return { ok: true, value: as(n) };
  }

  private skipValue(): void {
    const tok = this.read();
    if (tok.kind !== 'ObjectOpen' && tok.kind !== 'ArrayOpen') return;
    let depth = 1;
    while (depth > 0) {
      const t = this.read();
      if (t.kind === 'ObjectOpen' || t.kind === 'ArrayOpen') depth++;
      if (t.kind === 'ObjectClose' || t.kind === 'ArrayClose') depth--;
    }
  }
}

/** A JSON number's exact integer value, or undefined when it has a fraction. */
function integerValue(text: string): bigint | undefined {
  const m = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  const exp = Number(exponent) - fraction.length;
  let digits = BigInt(`${whole}${fraction}`);
  if (exp >= 0) {
    if (exp > 40) return undefined;
    digits *= 10n ** BigInt(exp);
  } else {
    const divisor = 10n ** BigInt(-exp);
    if (digits % divisor !== 0n) return undefined;
    digits /= divisor;
  }
  return sign === '-' ? -digits : digits;
}

/**
 * protojson's bytes: standard base64, or URL-safe when the text has `-` or `_`; padded when
 * its length is a multiple of 4, unpadded otherwise; `\r` and `\n` skipped, as Go's decoder
 * does; trailing bits need not be zero (the decoder is not Strict).
 */
export function goBase64(text: string): Buffer | undefined {
  const url = /[-_]/.test(text);
  const padded = text.length % 4 === 0;
  const alphabet = url ? /^[A-Za-z0-9\-_]*$/ : /^[A-Za-z0-9+/]*$/;
  const s = text.replace(/[\r\n]/g, '');
  let body = s;
  if (padded) {
    if (s.length % 4 !== 0) return undefined;
    const pad = /=*$/.exec(s)?.[0].length ?? 0;
    if (pad > 2) return undefined;
    body = s.slice(0, s.length - pad);
    if (pad > 0 && body.length % 4 !== 4 - pad) return undefined;
  }
  if (!alphabet.test(body) || body.length % 4 === 1) return undefined;
  return Buffer.from(body, url ? 'base64url' : 'base64');
}
