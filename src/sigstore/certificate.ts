import crypto from 'node:crypto';
import { pem, X509Certificate } from '@sigstore/core';
import { FulcioSigner, type Signer } from '@sigstore/sign';
import { ActionError, rootCauseMessage } from '../errors.js';
import { certificateClaims } from './claims.js';
import { signDigestP256 } from './prehashed.js';
import type { IdentityProvider } from './identity.js';

/** A Fulcio certificate and the ephemeral key it certifies. The key never leaves the process. */
export interface SigningCredential {
  /** Leaf certificate, PEM (what @sigstore/sign witnesses expect). */
  readonly certificatePEM: string;
  readonly certificateDER: Buffer;
  /** The certificate's subject alternative name: who signed. */
  readonly identity: string;
  /** The OIDC issuer Fulcio recorded in the certificate. */
  readonly issuer?: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** ECDSA P-256 signature (DER) over a SHA-256 digest computed by the caller. */
  signDigest(sha256: Buffer): Buffer;
  /** The same signature from the message itself (OpenSSL: far faster, for small files). */
  signMessage(message: Buffer): Buffer;
}

export interface CertificateSessionOptions {
  readonly fulcioURL: string;
  readonly identityProvider: IdentityProvider;
  readonly timeout: number;
  readonly retries: number;
  readonly now?: () => number;
}

/**
 * Renew when this fraction of a certificate's lifetime has passed (7.5 of Fulcio's 10 minutes),
 * so every signature and its log entry fall well inside the validity window.
 */
const RENEW_AT_FRACTION = 0.75;

/**
 * One ephemeral key and ONE Fulcio certificate for all files of a run, renewed before it
 * expires. @sigstore/sign's FulcioSigner alone fetches a token and a certificate for every
 * signature; we give it our own key holder and call it once per certificate, then sign each
 * file's digest with the certified key ourselves. Concurrent callers share one pending request.
 */
export class CertificateSession {
  private current?: SigningCredential;
  private renewAt = 0;
  private pending?: Promise<SigningCredential>;
  private issuedCount = 0;
  private readonly now: () => number;

  constructor(private readonly options: CertificateSessionOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Certificates issued so far. */
  get issued(): number {
    return this.issuedCount;
  }

  async credential(): Promise<SigningCredential> {
    if (this.current && this.now() < this.renewAt) return this.current;
    this.pending ??= this.issue().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async issue(): Promise<SigningCredential> {
    const key = EphemeralKey.generate();
    const fulcio = new FulcioSigner({
      fulcioBaseURL: this.options.fulcioURL,
      identityProvider: this.options.identityProvider,
      keyHolder: key,
      timeout: this.options.timeout,
      retry: { retries: this.options.retries },
    });
    let certificatePEM: string;
    try {
      // FulcioSigner proves possession of the key, gets the certificate, then signs its input;
      // the input is empty because only the certificate is wanted here.
      const result = await fulcio.sign(Buffer.alloc(0));
      if (result.key.$case !== 'x509Certificate') throw new Error('Fulcio returned no certificate');
      certificatePEM = result.key.certificate;
    } catch (err) {
      throw toCertificateError(err, this.options.fulcioURL);
    }
    const cert = X509Certificate.parse(certificatePEM);
    const identity = cert.subjectAltName;
    if (!identity) {
      throw new ActionError(
        'FULCIO_FAILED',
        `the certificate from ${this.options.fulcioURL} has no subject alternative name.`,
      );
    }
    const credential: SigningCredential = {
      certificatePEM,
      certificateDER: pem.toDER(certificatePEM),
      identity,
      issuer: certificateClaims(cert).issuer,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      signDigest: (digest) => key.signDigest(digest),
      signMessage: (message) => key.signMessage(message),
    };
    const lifetime = cert.notAfter.getTime() - cert.notBefore.getTime();
    this.renewAt = cert.notBefore.getTime() + lifetime * RENEW_AT_FRACTION;
    this.current = credential;
    this.issuedCount++;
    return credential;
  }
}

/** An ECDSA P-256 key pair that can sign both messages (for Fulcio) and prehashed digests. */
class EphemeralKey implements Signer {
  private constructor(
    private readonly privateKey: crypto.KeyObject,
    private readonly scalar: Uint8Array,
    private readonly publicKeyPEM: string,
  ) {}

  static generate(): EphemeralKey {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const d = privateKey.export({ format: 'jwk' }).d;
    if (!d) throw new Error('generated EC key has no private scalar');
    return new EphemeralKey(
      privateKey,
      Buffer.from(d, 'base64url'),
      publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    );
  }

  /** The Signer interface, used by FulcioSigner for the proof of possession. */
  sign(
    data: Buffer,
  ): Promise<{ signature: Buffer; key: { $case: 'publicKey'; publicKey: string } }> {
    return Promise.resolve({
      signature: crypto.sign('sha256', data, this.privateKey),
      key: { $case: 'publicKey', publicKey: this.publicKeyPEM },
    });
  }

  /** The file's signature, from the digest computed while streaming it (see prehashed.ts). */
  signDigest(digest: Buffer): Buffer {
    return signDigestP256(this.scalar, digest);
  }

  signMessage(message: Buffer): Buffer {
    return crypto.sign('sha256', message, this.privateKey);
  }
}

function toCertificateError(err: unknown, fulcioURL: string): ActionError {
  // FulcioSigner wraps our identity provider's errors; those already say what to do.
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ActionError) return e;
  }
  return new ActionError(
    'FULCIO_FAILED',
    `Fulcio (${fulcioURL}) did not issue a signing certificate: ${rootCauseMessage(err)}.`,
    { cause: err },
  );
}

/**
 * The session as an @sigstore/sign Signer, for the builders that sign whole payloads (DSSE):
 * each call signs with the current certificate instead of asking Fulcio for a new one.
 */
export function sessionSigner(session: CertificateSession): Signer {
  return {
    async sign(data: Buffer) {
      const credential = await session.credential();
      const digest = crypto.createHash('sha256').update(data).digest();
      return {
        signature: credential.signDigest(digest),
        key: { $case: 'x509Certificate', certificate: credential.certificatePEM },
      };
    },
  };
}
