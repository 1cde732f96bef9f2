// Compact JWS (RS256) signing and verification with node:crypto: all the OIDC stand-in and the
// Fulcio stand-in need, without pulling a JOSE library into the stack.
import {
  createHash,
  createPublicKey,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/** A public JWK as an issuer serves it: with the key id verifiers select it by. */
export interface PublicJwk extends JsonWebKey {
  kid: string;
}

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
}

export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtHeader;
  claims: JwtClaims;
  signingInput: Buffer;
  signature: Buffer;
}

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function signJwt(header: JwtHeader, claims: JwtClaims, privateKey: KeyObject): string {
  const signingInput = `${encodePart(header)}.${encodePart(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

function decodePart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Error(`malformed JWT: ${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`malformed JWT: ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('malformed JWT: expected three dot-separated parts');
  const header = decodePart(parts[0], 'header');
  if (typeof header.alg !== 'string') throw new Error('malformed JWT: header has no alg');
  return {
    header: {
      alg: header.alg,
      typ: typeof header.typ === 'string' ? header.typ : undefined,
      kid: typeof header.kid === 'string' ? header.kid : undefined,
    },
    claims: decodePart(parts[1], 'payload'),
    signingInput: Buffer.from(`${parts[0]}.${parts[1]}`),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

/**
 * Checks the JWS signature against a JWKS, choosing the key by `kid` as OIDC verifiers do.
 * Returns a reason when it does not verify.
 */
export function checkJwtSignature(jwt: DecodedJwt, keys: PublicJwk[]): string | undefined {
  if (jwt.header.alg !== 'RS256') return `unsupported signing algorithm ${jwt.header.alg}`;
  const jwk = keys.find((key) => key.kid === jwt.header.kid);
  if (!jwk) return `signing key ${String(jwt.header.kid)} is not in the issuer's JWKS`;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('sha256', jwt.signingInput, key, jwt.signature)
    ? undefined
    : 'failed to verify signature';
}

/** RFC 7638 thumbprint, used as the key id. */
export function rsaThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}
