// Fulcio's certificate authority: a root, an intermediate that issues leaves, and a CT log for
// the embedded SCT. @sigstore/mock's CA signs leaves straight off a root, with a fixed serial
// number and a fixed 10-minute validity; real Fulcio chains leaf -> intermediate -> root, uses
// random serials, and the validity is what clients must plan around, so it is configurable.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CTLog, sctListExtension } from './ctlog.js';
import {
  encodeTbs,
  ext,
  issueCertificate,
  OID,
  randomSerial,
  selfSignedRoot,
  signTbs,
  type CertifiedKey,
  type CertificateTemplate,
  type Extension,
} from './x509.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365 * DAY_MS;

export interface LeafRequest {
  publicKey: KeyObject;
  subjectAltNameUri: string;
  /** Extensions after the standard ones (Fulcio's 1.3.6.1.4.1.57264.1.* claims). */
  extensions: Extension[];
  validitySeconds: number;
}

export class CertificateAuthority {
  readonly root: CertifiedKey;
  readonly intermediate: CertifiedKey;
  readonly ctLog: CTLog;

  constructor(now = new Date()) {
    // Back-dated so that anything signed while the stack runs is inside every validity window.
    const notBefore = new Date(now.getTime() - 2 * DAY_MS);
    const notAfter = new Date(now.getTime() + 10 * YEAR_MS);

    const rootKeys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    this.root = selfSignedRoot({
      name: { organization: 'sigstore.local', commonName: 'sigstore' },
      ...rootKeys,
      notBefore,
      notAfter,
      pathLen: 1,
    });

    const intermediateKeys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const intermediateName = {
      organization: 'sigstore.local',
      commonName: 'sigstore-intermediate',
    };
    this.intermediate = {
      der: issueCertificate(
        {
          serial: randomSerial(),
          issuer: this.root.name,
          subject: intermediateName,
          notBefore,
          notAfter,
          publicKey: intermediateKeys.publicKey,
          extensions: [
            ext.keyUsage('ca'),
            ext.extKeyUsage([OID.codeSigning]),
            ext.basicConstraints(true, 0),
            ext.subjectKeyIdentifier(intermediateKeys.publicKey),
            ext.authorityKeyIdentifier(this.root.publicKey),
          ],
        },
        this.root.privateKey,
      ),
      name: intermediateName,
      ...intermediateKeys,
    };
    this.ctLog = new CTLog();
  }

  /** Issues a leaf with an embedded SCT, as Fulcio does (precertificate, then final). */
  issue(req: LeafRequest, now = new Date()): Buffer {
    const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const template: CertificateTemplate = {
      serial: randomSerial(),
      issuer: this.intermediate.name,
      subject: {}, // Fulcio leaves carry the identity in the SAN only
      notBefore,
      notAfter: new Date(notBefore.getTime() + req.validitySeconds * 1000),
      publicKey: req.publicKey,
      extensions: [
        ext.keyUsage('signer'),
        ext.extKeyUsage([OID.codeSigning]),
        ext.subjectKeyIdentifier(req.publicKey),
        ext.authorityKeyIdentifier(this.intermediate.publicKey),
        ext.subjectAltNameUri(req.subjectAltNameUri),
        ...req.extensions,
      ],
    };
    const signingKey = this.intermediate.privateKey;
    const precertTbs = encodeTbs(template, signingKey);
    const sct = this.ctLog.timestamp(precertTbs, this.intermediate.publicKey, now);
    const final = { ...template, extensions: [...template.extensions, sctListExtension([sct])] };
    return signTbs(encodeTbs(final, signingKey), signingKey);
  }

  /** Leaf-first chain, as Fulcio returns it. */
  chain(leaf: Buffer): Buffer[] {
    return [leaf, this.intermediate.der, this.root.der];
  }
}
