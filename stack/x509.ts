// X.509 certificate construction on top of der.ts and node:crypto keys.
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { ASN1Obj } from '@sigstore/core';
import * as der from './der.js';

export const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
} as const;

export interface DistinguishedName {
  organization?: string;
  commonName?: string;
}

export interface Extension {
  oid: string;
  critical?: boolean;
  /** The extnValue content (what goes inside the OCTET STRING). */
  value: Buffer;
}

export interface CertificateTemplate {
  serial: Buffer;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  extensions: Extension[];
}

/** A certificate with the key that signs what it certifies. */
export interface CertifiedKey {
  der: Buffer;
  name: DistinguishedName;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function encodeName(name: DistinguishedName): Buffer {
  const rdns: Buffer[] = [];
  if (name.organization !== undefined) {
    rdns.push(der.set(der.sequence(der.oid(OID.organization), der.utf8String(name.organization))));
  }
  if (name.commonName !== undefined) {
    rdns.push(der.set(der.sequence(der.oid(OID.commonName), der.utf8String(name.commonName))));
  }
  return der.sequence(...rdns);
}

function encodeExtension(ext: Extension): Buffer {
  return der.sequence(
    der.oid(ext.oid),
    ...(ext.critical ? [der.boolean(true)] : []),
    der.octetString(ext.value),
  );
}

/** Signature algorithm and digest for an EC signing key, by curve. */
export function signatureAlgorithm(key: KeyObject): { oid: string; hash: 'sha256' | 'sha384' } {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'secp384r1') return { oid: OID.ecdsaWithSha384, hash: 'sha384' };
  if (curve === 'prime256v1') return { oid: OID.ecdsaWithSha256, hash: 'sha256' };
  throw new Error(`unsupported signing key curve: ${String(curve)}`);
}

export function encodeTbs(t: CertificateTemplate, signingKey: KeyObject): Buffer {
  const spki = t.publicKey.export({ type: 'spki', format: 'der' });
  return der.sequence(
    der.explicit(0, der.integer(2)), // v3
    der.integer(t.serial),
    der.sequence(der.oid(signatureAlgorithm(signingKey).oid)),
    encodeName(t.issuer),
    der.sequence(der.x509Time(t.notBefore), der.x509Time(t.notAfter)),
    encodeName(t.subject),
    spki,
    der.explicit(3, der.sequence(...t.extensions.map(encodeExtension))),
  );
}

export function signTbs(tbs: Buffer, signingKey: KeyObject): Buffer {
  const alg = signatureAlgorithm(signingKey);
  const signature = sign(alg.hash, tbs, signingKey);
  return der.sequence(tbs, der.sequence(der.oid(alg.oid)), der.bitString(signature));
}

export function issueCertificate(t: CertificateTemplate, signingKey: KeyObject): Buffer {
  return signTbs(encodeTbs(t, signingKey), signingKey);
}

/** A positive 20-byte serial, as RFC 5280 allows and Fulcio uses. */
export function randomSerial(): Buffer {
  const serial = randomBytes(20);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  return serial;
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = ASN1Obj.parseBuffer(publicKey.export({ type: 'spki', format: 'der' }));
  const bits = spki.subs[1].value.subarray(1); // drop the unused-bits byte
  return createHash('sha1').update(bits).digest();
}

export const ext = {
  basicConstraints(ca: boolean, pathLen?: number): Extension {
    const content = ca
      ? [der.boolean(true), ...(pathLen === undefined ? [] : [der.integer(pathLen)])]
      : [];
    return { oid: OID.basicConstraints, critical: true, value: der.sequence(...content) };
  },
  /** keyUsage for a leaf signer (digitalSignature) or a CA (keyCertSign | cRLSign). */
  keyUsage(kind: 'signer' | 'ca'): Extension {
    // Named BIT STRING, DER-trimmed: digitalSignature is bit 0; keyCertSign 5, cRLSign 6.
    const value =
      kind === 'signer'
        ? der.bitString(Buffer.from([0x80]), 7)
        : der.bitString(Buffer.from([0x06]), 1);
    return { oid: OID.keyUsage, critical: true, value };
  },
  extKeyUsage(purposes: string[], critical = false): Extension {
    return { oid: OID.extKeyUsage, critical, value: der.sequence(...purposes.map(der.oid)) };
  },
  subjectKeyIdentifier(publicKey: KeyObject): Extension {
    return { oid: OID.subjectKeyIdentifier, value: der.octetString(keyIdentifier(publicKey)) };
  },
  authorityKeyIdentifier(issuerKey: KeyObject): Extension {
    const keyId = der.implicit(0, der.octetString(keyIdentifier(issuerKey)), false);
    return { oid: OID.authorityKeyIdentifier, value: der.sequence(keyId) };
  },
  /** SAN with one URI; critical because such certificates have an empty subject. */
  subjectAltNameUri(uri: string): Extension {
    const name = der.implicit(6, der.ia5String(uri), false);
    return { oid: OID.subjectAltName, critical: true, value: der.sequence(name) };
  },
};

/** A self-signed CA certificate. */
export function selfSignedRoot(opts: {
  name: DistinguishedName;
  privateKey: KeyObject;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  pathLen?: number;
}): CertifiedKey {
  const certificate = issueCertificate(
    {
      serial: randomSerial(),
      issuer: opts.name,
      subject: opts.name,
      notBefore: opts.notBefore,
      notAfter: opts.notAfter,
      publicKey: opts.publicKey,
      extensions: [
        ext.keyUsage('ca'),
        ext.basicConstraints(true, opts.pathLen),
        ext.subjectKeyIdentifier(opts.publicKey),
        ext.authorityKeyIdentifier(opts.publicKey),
      ],
    },
    opts.privateKey,
  );
  return {
    der: certificate,
    name: opts.name,
    privateKey: opts.privateKey,
    publicKey: opts.publicKey,
  };
}

export function toPem(derBytes: Buffer, label = 'CERTIFICATE'): string {
  const lines = derBytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
