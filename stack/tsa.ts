// An RFC 3161 timestamp authority behind sigstore's timestamp-authority JSON API
// (`POST /api/v1/timestamp` with `{artifactHash, hashAlgorithm}`). Replaces @sigstore/mock's TSA,
// whose genTime carries DER fractions (`...55.5Z`) that @sigstore/core rejects unless they happen
// to be exactly three digits (7-10% of timestamps failed). genTime here is whole seconds. The mock
// also reuses one serial number for every token and one key for root and signer.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import * as der from './der.js';
import {
  json,
  methodNotAllowed,
  notFound,
  parseJsonObject,
  stringField,
  type StackRequest,
  type StackResponse,
} from './http.js';
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
    if (req.path === '/api/v1/timestamp/certchain') {
      return {
        status: 200,
        headers: { 'content-type': 'application/pem-certificate-chain' },
        body: this.chain.map((c) => toPem(c)).join(''),
      };
    }
    if (req.path !== '/api/v1/timestamp') return notFound(req.path);
    if (req.method !== 'POST') return methodNotAllowed(req.method, req.path);
    let request: TimestampRequest;
    try {
      request = parseRequest(req.body);
    } catch (err) {
      return json(400, { code: 400, message: (err as Error).message });
    }
    return {
      status: 201,
      headers: { 'content-type': 'application/timestamp-reply' },
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
      ...(req.nonce === undefined ? [] : [der.integer(req.nonce)]),
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
      ...(req.certificates ? [der.explicit(0, ...this.chain)] : []),
      der.set(signerInfo),
    );
    const token = der.sequence(der.oid(OID_SIGNED_DATA), der.explicit(0, signedData));
    return der.sequence(der.sequence(der.integer(0)), token); // status: granted
  }
}

function attribute(type: string, value: Buffer): Buffer {
  return der.sequence(der.oid(type), der.set(value));
}

function parseRequest(body: Buffer): TimestampRequest {
  const json = parseJsonObject(body);
  const hashAlgorithm = (stringField(json, 'hashAlgorithm') ?? 'sha256')
    .toLowerCase()
    .replace('-', '');
  const hash = HASHES[hashAlgorithm];
  if (!hash)
    throw new Error(`unsupported hashAlgorithm ${hashAlgorithm}: use sha256, sha384 or sha512`);
  const artifactHash = Buffer.from(stringField(json, 'artifactHash') ?? '', 'base64');
  if (artifactHash.length !== hash.length) {
    throw new Error(
      `artifactHash must be the base64 of a ${hash.length}-byte ${hashAlgorithm} digest`,
    );
  }
  let nonce: bigint | undefined;
  if (json.nonce !== undefined) {
    const text =
      typeof json.nonce === 'number' || typeof json.nonce === 'string' ? `${json.nonce}` : '';
    if (!/^\d+$/.test(text)) throw new Error('nonce must be a non-negative integer');
    nonce = BigInt(text);
  }
  const certificates = json.certificates === true;
  return { artifactHash, hashAlgorithm, nonce, certificates };
}
