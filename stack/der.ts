// A minimal DER encoder: just the ASN.1 types that certificates, RFC 3161 timestamps and
// CMS SignedData need. Writing DER directly (instead of going through pkijs/@peculiar/x509, as
// @sigstore/mock does) keeps every signed byte under our control: what we sign is exactly what
// verifiers re-encode, with no WebCrypto bridging and no re-serialisation surprises.

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One tag-length-value element. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(items));
}

/** SET OF: DER wants the members sorted by their encodings. */
export function set(...items: Buffer[]): Buffer {
  return tlv(TAG.set, Buffer.concat([...items].sort((a, b) => Buffer.compare(a, b))));
}

export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/** INTEGER from a non-negative number/bigint, or from unsigned big-endian magnitude bytes. */
export function integer(value: number | bigint | Buffer): Buffer {
  let bytes: Buffer;
  if (Buffer.isBuffer(value)) {
    bytes = value;
  } else {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    bytes = Buffer.from(hex, 'hex');
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  // A set high bit would make the value negative: prefix a zero byte.
  if ((bytes[0] & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.integer, bytes);
}

/** INTEGER from any bigint, negative ones in two's complement (DER's signed encoding). */
export function signedInteger(value: bigint): Buffer {
  if (value >= 0n) return integer(value);
  let length = 1;
  while (value < -(1n << BigInt(8 * length - 1))) length++;
  const twos = (1n << BigInt(8 * length)) + value;
  return tlv(TAG.integer, Buffer.from(twos.toString(16).padStart(2 * length, '0'), 'hex'));
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const out: number[] = [Number(arcs[0] * 40n + arcs[1])];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [];
    let n = arc;
    do {
      chunk.unshift(Number(n & 0x7fn));
      n >>= 7n;
    } while (n > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(TAG.oid, Buffer.from(out));
}

export function nullValue(): Buffer {
  return tlv(TAG.null, Buffer.alloc(0));
}

export function octetString(content: Buffer): Buffer {
  return tlv(TAG.octetString, content);
}

/** BIT STRING with `unusedBits` padding bits at the end of the last byte. */
export function bitString(content: Buffer, unusedBits = 0): Buffer {
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), content]));
}

export function utf8String(value: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(value, 'utf8'));
}

export function printableString(value: string): Buffer {
  return tlv(TAG.printableString, Buffer.from(value, 'ascii'));
}

export function ia5String(value: string): Buffer {
  return tlv(TAG.ia5String, Buffer.from(value, 'ascii'));
}

// Times are always whole seconds: @sigstore/core only accepts fractions of exactly three
// digits, and DER forbids trailing zeros in fractions, so any fraction is a trap.
function timeDigits(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
}

export function utcTime(date: Date): Buffer {
  return tlv(TAG.utcTime, Buffer.from(`${timeDigits(date).slice(2)}Z`, 'ascii'));
}

export function generalizedTime(date: Date): Buffer {
  return tlv(TAG.generalizedTime, Buffer.from(`${timeDigits(date)}Z`, 'ascii'));
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
export function x509Time(date: Date): Buffer {
  return date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);
}

/** [n] EXPLICIT: a constructed context-specific wrapper around complete elements. */
export function explicit(n: number, ...items: Buffer[]): Buffer {
  return tlv(0xa0 | n, Buffer.concat(items));
}

/** [n] IMPLICIT: replaces the tag of an encoded element, keeping its content. */
export function implicit(n: number, element: Buffer, constructed: boolean): Buffer {
  const lengthBytes = element[1] < 0x80 ? 1 : 1 + (element[1] & 0x7f);
  const content = element.subarray(1 + lengthBytes);
  return tlv((constructed ? 0xa0 : 0x80) | n, content);
}
