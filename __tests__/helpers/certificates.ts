// Self-signed test certificates for a fresh key: node:crypto cannot issue certificates, the
// stack's x509 helper does. For code that reads a certificate's key (not a Fulcio chain).
import crypto from 'node:crypto';
import { issueCertificate, randomSerial, toPem } from '../../stack/x509.js';

export interface TestCertificate {
  readonly pem: string;
  readonly der: Buffer;
  readonly key: crypto.KeyObject;
}

/** A ten-minute self-signed certificate for a new EC key on `curve` (P-256, P-384, P-521). */
export function selfSignedCertificate(curve = 'P-256'): TestCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: curve });
  const name = { organization: 'test', commonName: 'test' };
  const der = issueCertificate(
    {
      serial: randomSerial(),
      issuer: name,
      subject: name,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 600_000),
      publicKey,
      extensions: [],
    },
    privateKey,
  );
  return { pem: toPem(der), der, key: privateKey };
}
