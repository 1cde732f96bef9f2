// Signature checks a transparency log makes before it logs anything: real Rekor rejects an entry
// whose signature does not verify (@sigstore/mock's Rekor logs whatever it is sent).
import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';

/** The public key of a PEM/DER certificate or public key. */
export function verifierKey(material: string | Buffer): KeyObject {
  const text = Buffer.isBuffer(material) ? material.toString('latin1') : material;
  if (text.includes('-----BEGIN CERTIFICATE-----')) return new X509Certificate(text).publicKey;
  if (text.includes('-----BEGIN')) return createPublicKey(text);
  // DER: a certificate (what @sigstore/sign sends to Rekor v2) or an SPKI public key.
  const bytes = Buffer.isBuffer(material) ? material : Buffer.from(material, 'latin1');
  try {
    return new X509Certificate(bytes).publicKey;
  } catch {
    return createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  }
}

/**
 * Verifies an ECDSA signature over a message digest (hashedrekord signs the artifact, the log
 * only sees its SHA-256). node:crypto always hashes the input, so the curve math is noble's.
 */
export function verifyDigestSignature(key: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const jwk = key.export({ format: 'jwk' });
  const curve = { 'P-256': p256, 'P-384': p384, 'P-521': p521 }[jwk.crv ?? ''];
  if (!curve || !jwk.x || !jwk.y) {
    throw new Error(
      `unsupported key type for a digest signature: ${String(jwk.kty)} ${String(jwk.crv)}`,
    );
  }
  const point = Buffer.concat([
    Buffer.from([0x04]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  try {
    return curve.verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    return false;
  }
}

/** DSSE v1 pre-authentication encoding: what an envelope signature is computed over. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

export function verifyMessageSignature(
  key: KeyObject,
  message: Buffer,
  signature: Buffer,
): boolean {
  const digest = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  try {
    return verify(digest, message, key, signature);
  } catch {
    return false;
  }
}
