import crypto from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { DigestAlgorithm } from '../artifact/digest.js';

/**
 * Signatures over a digest the caller computed. Node's crypto only signs and verifies messages
 * it hashes itself, which would mean holding a multi-gigabyte file in memory or reading it
 * twice. ECDSA (and RSA PKCS#1 v1.5) signatures over the digest are the very signatures any
 * verifier checks against the whole file, so we stream the file once and work on its digest.
 * The ECDSA arithmetic is @noble/curves (audited, pure JS); keys stay Node KeyObjects.
 */

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

/**
 * An ECDSA signature (DER) by a P-256 private scalar over a digest. Hedged (RFC 6979 nonce mixed
 * with fresh randomness): a purely deterministic signature of the same file is the same Rekor
 * entry, which Rekor v2 refuses as a duplicate (409) without handing the first one back.
 */
export function signDigestP256(privateScalar: Uint8Array, digest: Buffer): Buffer {
  return Buffer.from(
    p256.sign(digest, privateScalar, { prehash: false, format: 'der', extraEntropy: true }),
  );
}

/**
 * Verifies `signature` over `digest` with `key`. Returns undefined for key types that cannot be
 * verified from a digest alone (Ed25519, RSA-PSS): the caller then needs the message itself.
 */
export function verifyDigestSignature(
  key: crypto.KeyObject,
  algorithm: DigestAlgorithm,
  digest: Buffer,
  signature: Buffer,
): boolean | undefined {
  if (key.asymmetricKeyType === 'ec') {
    const jwk = key.export({ format: 'jwk' });
    const curve = CURVES[jwk.crv as keyof typeof CURVES];
    if (!curve || !jwk.x || !jwk.y) return undefined;
    const point = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x, 'base64url'),
      Buffer.from(jwk.y, 'base64url'),
    ]);
    try {
      // lowS: false, as OpenSSL: both S values of a valid signature verify.
      return curve.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false });
    } catch {
      return false; // not a DER signature
    }
  }
  if (key.asymmetricKeyType === 'rsa') {
    let recovered: Buffer;
    try {
      recovered = crypto.publicDecrypt(
        { key, padding: crypto.constants.RSA_PKCS1_PADDING },
        signature,
      );
    } catch {
      return false;
    }
    const expected = Buffer.concat([DIGEST_INFO_PREFIX[algorithm], digest]);
    return recovered.length === expected.length && crypto.timingSafeEqual(recovered, expected);
  }
  return undefined;
}

// DER DigestInfo headers (RFC 8017, section 9.2, note 1).
const DIGEST_INFO_PREFIX: Record<DigestAlgorithm, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};
