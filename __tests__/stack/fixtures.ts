// Requests the stack tests make by hand, the way sigstore-js makes them.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { StackProcess } from '../helpers/stack.js';

export interface FulcioResult {
  status: number;
  body: {
    code?: number;
    message?: string;
    signedCertificateEmbeddedSct?: { chain: { certificates: string[] } };
  };
  privateKey: KeyObject;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/**
 * POST /fulcio/api/v2/signingCert with a fresh P-256 key and a proof of possession over the
 * token's `sub` (or over `proveOver`, to get it wrong).
 */
export async function requestCertificate(
  stack: StackProcess,
  token: string,
  opts: { proveOver?: string } = {},
): Promise<FulcioResult> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subject = opts.proveOver ?? String(claimsOf(token).sub);
  const res = await fetch(`${stack.url}/fulcio/api/v2/signingCert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: {
        publicKey: {
          algorithm: 'ECDSA',
          content: publicKey.export({ type: 'spki', format: 'pem' }),
        },
        proofOfPossession: sign('sha256', Buffer.from(subject), privateKey).toString('base64'),
      },
    }),
  });
  return { status: res.status, body: (await res.json()) as FulcioResult['body'], privateKey };
}

/** The leaf certificate (PEM) of a successful Fulcio answer. */
export function leafPem(result: FulcioResult): string {
  const pem = result.body.signedCertificateEmbeddedSct?.chain.certificates[0];
  if (!pem) throw new Error(`no certificate: ${result.status} ${JSON.stringify(result.body)}`);
  return pem;
}

export const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 9162 §2.1.3.2, written independently of stack/merkle.ts. */
export function rootFromInclusionProof(
  index: number,
  treeSize: number,
  leaf: Buffer,
  proof: Buffer[],
): Buffer {
  let fn = index;
  let sn = treeSize - 1;
  let r = sha256(Buffer.from([0]), leaf);
  for (const p of proof) {
    if (sn === 0) throw new Error('proof too long');
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.from([1]), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = sha256(Buffer.from([1]), r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn !== 0) throw new Error('proof too short');
  return r;
}
