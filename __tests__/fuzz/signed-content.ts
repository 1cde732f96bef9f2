/**
 * The fuzz test's oracle: what a bundle ASSERTS, and the EVIDENCE it offers for it, in canonical
 * form, so that a mutant can be told apart from a harmless re-spelling or thinning of its seed.
 *
 * THE RULE. A mutant that verifies is a wrong acceptance unless (1) it asserts exactly what its
 * seed asserts and (2) every piece of evidence it carries is one its seed carries, unchanged;
 * and even then it must verify with the seed's result (same signer; the log index the same or
 * not reported). Dropping redundant evidence is harmless: a v0.3 bundle with a signed entry
 * timestamp AND an RFC 3161 timestamp still verifies on either alone; any CHANGED evidence must
 * fail.
 *
 * The assertion: the signing key (the leaf certificate, or "a public key"), the signed content
 * (message digest, algorithm and signature, or the DSSE payload, payload type and signatures)
 * and each transparency log entry (log id, kind and version, canonicalized body, and a Rekor v2
 * entry's log index). The evidence: each entry's inclusion promise (with the integrated time and
 * log index it signs), each inclusion proof (with its checkpoint), each RFC 3161 timestamp.
 *
 * Both are normalized, and the normalization drops only what no verifier may rely on:
 * - JSON spelling: whitespace, key order, unknown keys (protobuf JSON ignores them), `null` or
 *   absence for a default value (protobuf JSON: the same), an int64 as a number or a string, an
 *   enum by name or number, base64 vs base64url and the padding of a base64 string (only its
 *   bytes count). Base64 with any other character, an int64 that is not a plain decimal, a
 *   field of the wrong JSON type, two members of one oneof: all kept as a "malformed" marker,
 *   so such a mutant must be rejected.
 * - mediaType, when it is one of the four known spellings: it selects which fields must be
 *   present and says nothing about the artifact. An unknown media type is kept (must fail).
 * - x509CertificateChain certificates after the first: the chain is built from the trusted
 *   root, never from the bundle (sigstore's bundle spec). The leaf is kept, whichever field
 *   carries it.
 * - publicKey.hint and dsseEnvelope.signatures[].keyid: hints for picking a key. The key
 *   itself comes from the verifier's configuration.
 * - integratedTime and logIndex of a Rekor v1 entry without an inclusion promise: nothing signs
 *   them and nothing may use them (@sigstore/verify takes the time from the promise; our
 *   verifier reports no index then). With a promise they are kept, inside the promise.
 * - In a checkpoint, signature lines whose name and key hint match no log of the trusted root
 *   (witness cosignatures), and repeats of a line: only signatures by a trusted log count. The
 *   signed note and each distinct signature line that claims a trusted log are kept, decoded.
 * - In an RFC 3161 timestamp, the unsigned parts of the CMS structure (the response status,
 *   embedded certificates): only the TSTInfo, the signed attributes, the signature and the
 *   signer's identifiers and algorithms are kept.
 * - In the leaf certificate and a timestamp, how the signature is wrapped rather than what it
 *   is: the certificate is kept as its signed part (tbsCertificate), its signature value and
 *   the digest it is checked with. @sigstore/core reads the signature out of the BIT STRING
 *   without looking at its tag, and checks a signature whose algorithm identifier it does not
 *   know with the key's default digest (SHA-256 for EC and RSA keys): the fuzzer found both
 *   (seed 424242, cases 4926, 9873, 3309). Neither changes what is signed nor what signed it;
 *   an identifier that changes the digest actually used is kept, and must fail.
 */
import { RFC3161Timestamp, X509Certificate } from '@sigstore/core';

const KNOWN_MEDIA_TYPES = new Set([
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
]);
const HASH_ALGORITHMS = [
  'HASH_ALGORITHM_UNSPECIFIED',
  'SHA2_256',
  'SHA2_384',
  'SHA2_512',
  'SHA3_256',
  'SHA3_384',
];

/** A trusted log, as a checkpoint signature names it. */
export interface TrustedLog {
  readonly keyId: Buffer;
  readonly baseUrl: string;
}

export function trustedLogs(trustedRootJSON: unknown): TrustedLog[] {
  const tlogs = (trustedRootJSON as { tlogs?: { baseUrl?: string; logId?: { keyId?: string } }[] })
    .tlogs;
  return (tlogs ?? []).map((t) => ({
    keyId: Buffer.from(t.logId?.keyId ?? '', 'base64'),
    baseUrl: t.baseUrl ?? '',
  }));
}

const MALFORMED = (why: string): { malformed: string } => ({ malformed: why });
type Projected = unknown;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

/** Most mutants repeat their seed's base64 values: each distinct one is normalized once. */
const normalized = new Map<string, Projected>();

function bytes(v: unknown): Projected {
  if (absent(v)) return '';
  if (typeof v !== 'string') return MALFORMED(`bytes of type ${typeof v}`);
  let known = normalized.get(v);
  if (known === undefined) {
    known = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/.test(v)
      ? Buffer.from(v, 'base64').toString('base64')
      : MALFORMED('not base64');
    if (normalized.size > 50_000) normalized.clear();
    if (v.length <= 100_000) normalized.set(v, known);
  }
  return known;
}

function int64(v: unknown): Projected {
  if (absent(v)) return '0';
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && /^(0|[1-9][0-9]*)$/.test(v) && BigInt(v) < 2n ** 63n) return v;
  return MALFORMED('not an int64');
}

function str(v: unknown): Projected {
  if (absent(v)) return '';
  return typeof v === 'string' ? v : MALFORMED(`string of type ${typeof v}`);
}

function obj<T>(
  v: unknown,
  f: (o: Record<string, unknown>) => T,
): T | { malformed: string } | undefined {
  if (absent(v)) return undefined;
  return isObject(v) ? f(v) : MALFORMED('not an object');
}

function list(v: unknown, f: (item: unknown, index: number) => Projected): Projected[] {
  if (absent(v)) return [];
  return Array.isArray(v) ? v.map((item, i) => f(item, i)) : [MALFORMED('not a list')];
}

/** The member of a protobuf oneof that is set; two set are ambiguous, never equal to a seed. */
function oneof(
  o: Record<string, unknown>,
  keys: string[],
): string | { malformed: string } | undefined {
  const set = keys.filter((k) => !absent(o[k]));
  return set.length > 1 ? MALFORMED(`oneof ${set.join('+')}`) : set[0];
}

function checkpoint(envelope: unknown, logs: readonly TrustedLog[]): Projected {
  if (typeof envelope !== 'string') return str(envelope);
  const split = envelope.indexOf('\n\n');
  if (split < 0) return { raw: envelope };
  const note = envelope.slice(0, split + 1);
  const trusted = new Set(
    [...envelope.slice(split + 2).matchAll(/\u2014 (\S+) (\S+)\n/g)]
      .map(([, name, b64]) => ({ name, sig: Buffer.from(b64, 'base64') }))
      .filter(({ name, sig }) =>
        logs.some(
          (l) =>
            sig.length >= 4 &&
            l.keyId.subarray(0, 4).equals(sig.subarray(0, 4)) &&
            l.baseUrl.includes(name),
        ),
      )
      .map(({ name, sig }) => `${name} ${sig.toString('base64')}`),
  );
  return { note, signatures: [...trusted].sort() };
}

/** Mutants share most DER with their seeds: each distinct value is decoded once. */
function memoized(decode: (der: string) => Projected): (v: unknown) => Projected {
  const seen = new Map<string, Projected>();
  return (v) => {
    const der = bytes(v);
    if (typeof der !== 'string') return der;
    if (!seen.has(der)) {
      if (seen.size > 10_000) seen.clear();
      seen.set(der, decode(der));
    }
    return seen.get(der);
  };
}

/** An unknown signature algorithm is checked with the key's default digest (see the rule). */
const DEFAULT_DIGEST = 'sha256';

const leaf = memoized((der) => {
  try {
    const cert = X509Certificate.parse(Buffer.from(der, 'base64'));
    return {
      tbs: cert.tbsCertificate.toDER().toString('base64'),
      digest: cert.signatureAlgorithm ?? DEFAULT_DIGEST,
      signature: cert.signatureValue.toString('base64'),
    };
  } catch {
    return { der };
  }
});

const timestamp = memoized((der) => {
  try {
    const ts = RFC3161Timestamp.parse(Buffer.from(der, 'base64'));
    const signedAttrs = (ts as unknown as { signedAttrsObj: { toDER(): Buffer } }).signedAttrsObj;
    return {
      contentType: ts.contentType,
      eContentType: ts.eContentType,
      tstInfo: ts.tstInfo.raw.toString('base64'),
      signedAttrs: signedAttrs.toDER().toString('base64'),
      signature: ts.signatureValue.toString('base64'),
      signatureAlgorithm: ts.signatureAlgorithm ?? DEFAULT_DIGEST,
      digestAlgorithm: ts.signerDigestAlgorithm,
      issuer: ts.signerIssuer.toString('base64'),
      serial: ts.signerSerialNumber.toString('base64'),
    };
  } catch {
    return { der }; // not parseable: the bytes themselves
  }
});

/** A bundle's assertion and evidence, normalized; see the rule at the top. */
export interface Projection {
  readonly assertion: string;
  readonly evidence: readonly string[];
}

function tlogEntry(
  e: Record<string, unknown>,
  i: number,
  logs: readonly TrustedLog[],
  evidence: string[],
): Projected {
  const kindVersion = obj(e.kindVersion, (k) => ({ kind: str(k.kind), version: str(k.version) }));
  const rekorV2 =
    kindVersion !== undefined &&
    'version' in kindVersion &&
    kindVersion.version === '0.0.2' &&
    (kindVersion.kind === 'hashedrekord' || kindVersion.kind === 'dsse');
  const promise = obj(e.inclusionPromise, (p) => ({
    set: bytes(p.signedEntryTimestamp),
    integratedTime: int64(e.integratedTime),
    logIndex: int64(e.logIndex),
  }));
  if (promise !== undefined) evidence.push(JSON.stringify({ entry: i, promise }));
  const proof = obj(e.inclusionProof, (p) => ({
    logIndex: int64(p.logIndex),
    rootHash: bytes(p.rootHash),
    treeSize: int64(p.treeSize),
    hashes: list(p.hashes, bytes),
    checkpoint: obj(p.checkpoint, (c) => checkpoint(c.envelope, logs)),
  }));
  if (proof !== undefined) evidence.push(JSON.stringify({ entry: i, proof }));
  return {
    logIndex: rekorV2 ? int64(e.logIndex) : undefined,
    logId: obj(e.logId, (l) => ({ keyId: bytes(l.keyId) })),
    kindVersion,
    canonicalizedBody: bytes(e.canonicalizedBody),
  };
}

function verificationMaterial(
  m: Record<string, unknown>,
  logs: readonly TrustedLog[],
  evidence: string[],
): Projected {
  const which = oneof(m, ['publicKey', 'x509CertificateChain', 'certificate']);
  let key: Projected;
  if (typeof which !== 'string') key = which;
  else if (which === 'publicKey') key = obj(m.publicKey, () => 'publicKey');
  else if (which === 'certificate') key = obj(m.certificate, (c) => ({ leaf: leaf(c.rawBytes) }));
  else {
    key = obj(m.x509CertificateChain, (c) => ({
      leaf: list(c.certificates, (x) => obj(x, (y) => leaf(y.rawBytes)))[0],
    }));
  }
  const tsa = obj(m.timestampVerificationData, (t) =>
    list(t.rfc3161Timestamps, (x) => obj(x, (y) => timestamp(y.signedTimestamp))),
  );
  for (const t of Array.isArray(tsa) ? tsa : tsa ? [tsa] : []) {
    evidence.push(JSON.stringify({ timestamp: t }));
  }
  return {
    key,
    tlogEntries: list(m.tlogEntries, (e, i) => obj(e, (x) => tlogEntry(x, i, logs, evidence))),
  };
}

function content(b: Record<string, unknown>): Projected {
  const which = oneof(b, ['messageSignature', 'dsseEnvelope']);
  if (typeof which !== 'string') return which;
  if (which === 'messageSignature') {
    return obj(b.messageSignature, (m) => ({
      messageDigest: obj(m.messageDigest, (d) => ({
        algorithm: absent(d.algorithm)
          ? 'HASH_ALGORITHM_UNSPECIFIED'
          : typeof d.algorithm === 'number'
            ? (HASH_ALGORITHMS[d.algorithm] ?? MALFORMED('unknown enum'))
            : HASH_ALGORITHMS.includes(d.algorithm as string)
              ? d.algorithm
              : MALFORMED('unknown enum'),
        digest: bytes(d.digest),
      })),
      signature: bytes(m.signature),
    }));
  }
  return obj(b.dsseEnvelope, (d) => ({
    payload: bytes(d.payload),
    payloadType: str(d.payloadType),
    signatures: list(d.signatures, (s) => obj(s, (x) => ({ sig: bytes(x.sig) }))),
  }));
}

/** The projection of a bundle's text, or undefined when it is not a JSON object at all. */
export function project(text: string, logs: readonly TrustedLog[]): Projection | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(json)) return undefined;
  const mediaType =
    typeof json.mediaType === 'string' && KNOWN_MEDIA_TYPES.has(json.mediaType)
      ? 'known'
      : MALFORMED('unknown media type');
  const evidence: string[] = [];
  const assertion = JSON.stringify({
    mediaType,
    verificationMaterial: obj(json.verificationMaterial, (m) =>
      verificationMaterial(m, logs, evidence),
    ),
    content: content(json),
  });
  return { assertion, evidence };
}

/**
 * True when `mutant` asserts what `seed` asserts with no evidence the seed lacks: accepting it is
 * right. False for anything else, including text that is not a JSON object.
 */
export function sameOrThinner(seed: Projection, mutant: Projection | undefined): boolean {
  if (!mutant || mutant.assertion !== seed.assertion) return false;
  const known = new Set(seed.evidence);
  return mutant.evidence.every((e) => known.has(e));
}
