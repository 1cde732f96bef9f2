// A Certificate Transparency log that only issues SCTs (RFC 6962 §3.2), as Fulcio obtains one
// for every certificate it embeds them in. @sigstore/mock has a CT log too, but it is only
// reachable through its package index, which imports nock (nock patches Node's http globals on
// import), and it re-parses the precertificate with pkijs; an SCT is a few lines of node:crypto.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as der from './der.js';
import { OID, type Extension } from './x509.js';

const SCT_VERSION_V1 = 0;
const SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP = 0;
const ENTRY_TYPE_PRECERT = 1;
const HASH_SHA256 = 4;
const SIGNATURE_ECDSA = 3;

function uint(value: number | bigint, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let n = BigInt(value);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

export class CTLog {
  readonly publicKey: KeyObject;
  /** SHA-256 of the DER public key, as RFC 6962 and trusted_root.json define it. */
  readonly logId: Buffer;
  private readonly privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.logId = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest();
  }

  /**
   * A serialized SCT for a precertificate: `tbs` is the final certificate's TBS without the
   * SCT extension, which is exactly what verifiers rebuild.
   */
  timestamp(tbs: Buffer, issuerPublicKey: KeyObject, now = new Date()): Buffer {
    const timestamp = uint(now.getTime(), 8);
    const issuerKeyHash = createHash('sha256')
      .update(issuerPublicKey.export({ type: 'spki', format: 'der' }))
      .digest();
    const signed = Buffer.concat([
      Buffer.from([SCT_VERSION_V1, SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP]),
      timestamp,
      uint(ENTRY_TYPE_PRECERT, 2),
      issuerKeyHash,
      uint(tbs.length, 3),
      tbs,
      uint(0, 2), // no extensions
    ]);
    const signature = sign('sha256', signed, this.privateKey);
    return Buffer.concat([
      Buffer.from([SCT_VERSION_V1]),
      this.logId,
      timestamp,
      uint(0, 2), // no extensions
      Buffer.from([HASH_SHA256, SIGNATURE_ECDSA]),
      uint(signature.length, 2),
      signature,
    ]);
  }
}

/** The embedded-SCT extension: an OCTET STRING holding the TLS-encoded SCT list. */
export function sctListExtension(scts: Buffer[]): Extension {
  const items = Buffer.concat(scts.map((sct) => Buffer.concat([uint(sct.length, 2), sct])));
  const list = Buffer.concat([uint(items.length, 2), items]);
  return { oid: OID.sctList, value: der.octetString(list) };
}
