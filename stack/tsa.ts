// An RFC 3161 timestamp authority behind sigstore's timestamp-authority API
// (`POST /api/v1/timestamp`, JSON `{artifactHash, hashAlgorithm}` or a DER TimeStampReq).
// Replaces @sigstore/mock's TSA, whose genTime carries DER fractions (`...55.5Z`) that
// @sigstore/core rejects unless they happen to be exactly three digits (7-10% of timestamps
// failed). genTime here is whole seconds. The mock also reuses one serial number for every token
// and one key for root and signer.
// Requests are refused as sigstore/timestamp-authority 027bd03ae621feff8b88c01f1f05c5369f4e7bcf
// refuses them: its go-swagger front first (stack/go-openapi.ts: 404/405, 415 for a Content-Type
// other than application/timestamp-query or application/json, a missing one included, 422 for no
// body), then pkg/api/timestamp.go with the messages of pkg/api/error.go, each a 400 whose JSON
// body goes out with the negotiated Content-Type, application/timestamp-reply (the handler's
// Responder is written by the operation's producer).
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import * as der from './der.js';
import { ASN1Obj } from '@sigstore/core';
import {
  frontDoor,
  responderError,
  serveError,
  ValidationCode,
  type SwaggerRoute,
} from './go-openapi.js';
import type { StackRequest, StackResponse } from './http.js';
import {
  encodeName,
  ext,
  issueCertificate,
  OID,
  randomSerial,
  selfSignedRoot,
  toPem,
  type CertifiedKey,
} from './x509.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365 * DAY_MS;

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_TSTINFO = '1.2.840.113549.1.9.16.1.4';
const OID_ATTR_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_ATTR_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_ATTR_SIGNING_TIME = '1.2.840.113549.1.9.5';
const OID_ATTR_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
/** Sigstore's timestamping policy OID. */
const OID_TSA_POLICY = '1.3.6.1.4.1.57264.2';

const HASHES: Record<string, { oid: string; length: number }> = {
  sha256: { oid: OID.sha256, length: 32 },
  sha384: { oid: OID.sha384, length: 48 },
  sha512: { oid: OID.sha512, length: 64 },
};
const SHA1_OID = '1.3.14.3.2.26';

/** pkg/api/error.go. */
export const TSA_MESSAGES = {
  failed: 'Error generating timestamp response',
  tooLarge: 'timestamp request is too large',
  longOid: 'OID should be comprised of at most 128 components',
  weakHash: 'Weak hash algorithm in timestamp request',
  digestLength: 'Message digest has incorrect length for specified algorithm',
  unacceptedPolicy: 'unaccepted policy: requested TSA policy is not supported by the TSA',
  unacceptedExtension: 'unaccepted extension: requested extensions are not supported by the TSA',
} as const;

/** pkg/api/timestamp.go maxJSONRequestBytes. */
const MAX_JSON_REQUEST_BYTES = 1024;

/** openapi.yaml's two operations, with their consumes and produces. */
const ROUTES: SwaggerRoute[] = [
  {
    method: 'POST',
    path: '/api/v1/timestamp',
    consumes: ['application/timestamp-query', 'application/json'],
    produces: ['application/timestamp-reply'],
  },
  {
    method: 'GET',
    path: '/api/v1/timestamp/certchain',
    produces: ['application/pem-certificate-chain'],
  },
];

class TimestampRequestError extends Error {}

interface TimestampRequest {
  artifactHash: Buffer;
  hashAlgorithm: string;
  nonce?: bigint;
  certificates: boolean;
}

export class TimestampAuthority {
  readonly root: CertifiedKey;
  readonly signer: CertifiedKey;
  private readonly signerSerial = randomSerial();

  constructor(now = new Date()) {
    const notBefore = new Date(now.getTime() - 2 * DAY_MS);
    const notAfter = new Date(now.getTime() + 10 * YEAR_MS);
    const rootKeys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    this.root = selfSignedRoot({
      name: { organization: 'sigstore.local', commonName: 'sigstore-tsa-selfsigned' },
      ...rootKeys,
      notBefore,
      notAfter,
      pathLen: 0,
    });
    const signerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signerName = { organization: 'sigstore.local', commonName: 'sigstore-tsa' };
    this.signer = {
      der: issueCertificate(
        {
          serial: this.signerSerial,
          issuer: this.root.name,
          subject: signerName,
          notBefore,
          notAfter,
          publicKey: signerKeys.publicKey,
          extensions: [
            ext.keyUsage('signer'),
            // RFC 3161 §2.3: the only purpose, and critical.
            ext.extKeyUsage([OID.timeStamping], true),
            ext.subjectKeyIdentifier(signerKeys.publicKey),
            ext.authorityKeyIdentifier(this.root.publicKey),
          ],
        },
        this.root.privateKey,
      ),
      name: signerName,
      ...signerKeys,
    };
  }

  /** Leaf-first chain, as trusted_root.json lists it. */
  get chain(): Buffer[] {
    return [this.signer.der, this.root.der];
  }

  handle(req: StackRequest): StackResponse {
    const front = frontDoor(ROUTES, req);
    if ('answer' in front) return front.answer;
    if (front.route.method === 'GET') {
      return {
        status: 200,
        headers: { 'content-type': front.format },
        body: this.chain.map((c) => toPem(c)).join(''),
      };
    }
    // GetTimestampResponseParams.BindRequest: the body is required.
    if (req.body.length === 0) {
      return serveError(ValidationCode.Required, 'request in body is required');
    }
    let request: TimestampRequest;
    try {
      request = /^\s*application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')
        ? parseJsonRequest(req.body)
        : parseDerRequest(req.body);
    } catch (err) {
      if (!(err instanceof TimestampRequestError)) throw err;
      return responderError(400, err.message, front.format);
    }
    // The server's default (cmd/timestamp-server: --use-http-201=false) is 200 OK.
    return {
      status: 200,
      headers: { 'content-type': front.format },
      body: this.timestamp(request),
    };
  }

  /** A TimeStampResp (RFC 3161 §2.4.2) granting a token over the request's hash. */
  timestamp(req: TimestampRequest, now = new Date()): Buffer {
    const genTime = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const hash = HASHES[req.hashAlgorithm];
    const tstInfo = der.sequence(
      der.integer(1),
      der.oid(OID_TSA_POLICY),
      der.sequence(der.sequence(der.oid(hash.oid)), der.octetString(req.artifactHash)),
      der.integer(randomSerial()),
      der.generalizedTime(genTime),
      der.sequence(der.integer(1)), // accuracy: one second
      ...(req.nonce === undefined ? [] : [der.signedInteger(req.nonce)]),
    );

    const signerCertHash = createHash('sha256').update(this.signer.der).digest();
    const issuerAndSerial = der.sequence(
      encodeName(this.root.name),
      der.integer(this.signerSerial),
    );
    const signedAttrs = der.set(
      attribute(OID_ATTR_CONTENT_TYPE, der.oid(OID_TSTINFO)),
      attribute(OID_ATTR_SIGNING_TIME, der.utcTime(genTime)),
      attribute(
        OID_ATTR_MESSAGE_DIGEST,
        der.octetString(createHash('sha256').update(tstInfo).digest()),
      ),
      attribute(
        OID_ATTR_SIGNING_CERTIFICATE_V2,
        // SigningCertificateV2 { certs: [ESSCertIDv2 { certHash (SHA-256 default), issuerSerial }] }
        der.sequence(
          der.sequence(
            der.sequence(
              der.octetString(signerCertHash),
              der.sequence(
                der.sequence(der.explicit(4, encodeName(this.root.name))),
                der.integer(this.signerSerial),
              ),
            ),
          ),
        ),
      ),
    );
    // CMS signs the DER SET OF attributes; the SignerInfo carries them as [0] IMPLICIT.
    const signature = sign('sha256', signedAttrs, this.signer.privateKey);
    const signerInfo = der.sequence(
      der.integer(1),
      issuerAndSerial,
      der.sequence(der.oid(OID.sha256)),
      der.implicit(0, signedAttrs, true),
      der.sequence(der.oid(OID.ecdsaWithSha256)),
      der.octetString(signature),
    );
    const signedData = der.sequence(
      der.integer(3),
      der.set(der.sequence(der.oid(OID.sha256))),
      der.sequence(der.oid(OID_TSTINFO), der.explicit(0, der.octetString(tstInfo))),
      // certReq adds the signing certificate alone (AddTSACertificate); the chain only with
      // --include-chain-in-response, off by default.
      ...(req.certificates ? [der.explicit(0, this.signer.der)] : []),
      der.set(signerInfo),
    );
    const token = der.sequence(der.oid(OID_SIGNED_DATA), der.explicit(0, signedData));
    return der.sequence(der.sequence(der.integer(0)), token); // status: granted
  }
}

function attribute(type: string, value: Buffer): Buffer {
  return der.sequence(der.oid(type), der.set(value));
}

/**
 * ParseJSONRequest: Go's json.Unmarshal into JSONRequest (field names matched case-insensitively,
 * unknown fields ignored, a wrong JSON type an error), then the hash algorithm (no default:
 * getHashAlg), the policy OID, strict standard base64, and VerifyRequest's digest length.
 */
function parseJsonRequest(body: Buffer): TimestampRequest {
  if (body.length > MAX_JSON_REQUEST_BYTES) throw new TimestampRequestError(TSA_MESSAGES.tooLarge);
  const fields = goUnmarshal(body.toString('utf8'));
  const hashAlgorithm = fields.hashAlgorithm.toLowerCase();
  if (hashAlgorithm === 'sha1') throw new TimestampRequestError(TSA_MESSAGES.weakHash);
  if (!HASHES[hashAlgorithm]) throw new TimestampRequestError(TSA_MESSAGES.failed);
  checkPolicy(fields.tsaPolicyOID);
  const artifactHash = strictBase64(fields.artifactHash);
  if (!artifactHash) throw new TimestampRequestError(TSA_MESSAGES.failed);
  if (artifactHash.length !== HASHES[hashAlgorithm].length) {
    throw new TimestampRequestError(TSA_MESSAGES.digestLength);
  }
  return {
    artifactHash,
    hashAlgorithm,
    nonce: fields.nonce,
    certificates: fields.certificates,
  };
}

interface JsonRequestFields {
  artifactHash: string;
  certificates: boolean;
  hashAlgorithm: string;
  nonce?: bigint;
  tsaPolicyOID: string;
}

function goUnmarshal(text: string): JsonRequestFields {
  const out: JsonRequestFields = {
    artifactHash: '',
    certificates: false,
    hashAlgorithm: '',
    tsaPolicyOID: '',
  };
  const fail = (): never => {
    throw new TimestampRequestError(TSA_MESSAGES.failed);
  };
  let parsed: unknown;
  const nonceSources = new Map<unknown, string>();
  try {
    // The reviver's third argument (JSON.parse source text access) keeps big nonces exact.
    parsed = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
      if (typeof value === 'number') nonceSources.set(value, context?.source ?? String(value));
      return value;
    });
  } catch {
    return fail();
  }
  if (parsed === null) return out;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return fail();
  const names = Object.keys(out).concat('nonce') as (keyof JsonRequestFields)[];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const name =
      names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name === undefined || value === null) continue;
    if (name === 'certificates') {
      if (typeof value !== 'boolean') fail();
      out.certificates = value as boolean;
    } else if (name === 'nonce') {
      // *big.Int's UnmarshalJSON: a JSON integer literal only.
      const source = typeof value === 'number' ? nonceSources.get(value) : undefined;
      if (source === undefined || !/^-?\d+$/.test(source)) fail();
      out.nonce = BigInt(source as string);
    } else {
      if (typeof value !== 'string') fail();
      out[name] = value as string;
    }
  }
  return out;
}

/** A non-empty policy must be one the TSA accepts (--accepted-policy-oids: its own). */
function checkPolicy(oid: string): void {
  if (oid === '') return;
  if (oid.split('.').length > 129 || !oid.split('.').every((c) => /^[+-]?\d+$/.test(c))) {
    throw new TimestampRequestError(TSA_MESSAGES.longOid);
  }
  if (oid !== OID_TSA_POLICY) throw new TimestampRequestError(TSA_MESSAGES.unacceptedPolicy);
}

/** Go's base64.StdEncoding.DecodeString: padded, standard alphabet; \r and \n skipped. */
function strictBase64(text: string): Buffer | undefined {
  const s = text.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

/** A DER TimeStampReq (RFC 3161 §2.4.1), as digitorus/timestamp ParseRequest reads it. */
function parseDerRequest(body: Buffer): TimestampRequest {
  let hashOid: string;
  let artifactHash: Buffer;
  let policy = '';
  let nonce: bigint | undefined;
  let certificates = false;
  let extensions = false;
  try {
    const req = ASN1Obj.parseBuffer(Buffer.from(body));
    if (req.toDER().length !== body.length) throw new Error('trailing data');
    const [version, imprint, ...rest] = req.subs;
    if (version.toInteger() !== 1n) throw new Error('unsupported version');
    hashOid = imprint.subs[0].subs[0].toOID();
    artifactHash = imprint.subs[1].value;
    for (const item of rest) {
      if (item.tag.isOID()) policy = item.toOID();
      else if (item.tag.isInteger()) nonce = item.toInteger();
      else if (item.tag.isBoolean()) certificates = item.toBoolean();
      else if (item.tag.isContextSpecific(0)) extensions = true;
    }
  } catch {
    throw new TimestampRequestError(TSA_MESSAGES.failed);
  }
  if (hashOid === SHA1_OID) throw new TimestampRequestError(TSA_MESSAGES.weakHash);
  const hashAlgorithm = Object.keys(HASHES).find((name) => HASHES[name].oid === hashOid);
  if (!hashAlgorithm) throw new TimestampRequestError(TSA_MESSAGES.failed);
  if (artifactHash.length !== HASHES[hashAlgorithm].length) {
    throw new TimestampRequestError(TSA_MESSAGES.digestLength);
  }
  if (policy !== '' && policy !== OID_TSA_POLICY) {
    throw new TimestampRequestError(TSA_MESSAGES.unacceptedPolicy);
  }
  if (extensions) throw new TimestampRequestError(TSA_MESSAGES.unacceptedExtension);
  return { artifactHash, hashAlgorithm, nonce, certificates };
}
