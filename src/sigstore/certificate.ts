import crypto from 'node:crypto';
import { pem, X509Certificate } from '@sigstore/core';
import type { Signer } from '@sigstore/sign';
import { ActionError } from '../errors.js';
import { ServiceClient, type NetworkOptions } from '../net/service-client.js';
import { certificateClaims } from './claims.js';
import { signDigestP256 } from './prehashed.js';
import { decodeTokenClaims, type IdentityProvider } from './identity.js';

/** A Fulcio certificate and the ephemeral key it certifies. The key never leaves the process. */
export interface SigningCredential {
  /** Leaf certificate, PEM (what @sigstore/sign witnesses expect). */
  readonly certificatePEM: string;
  readonly certificateDER: Buffer;
  /** The certificate's subject alternative name: who signed. */
  readonly identity: string;
  /** The OIDC issuer Fulcio recorded in the certificate. */
  readonly issuer?: string;
  /** OWNER/REPO the run belongs to (GitHub: the Source Repository URI), for verify commands. */
  readonly sourceRepository?: string;
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
  readonly network: NetworkOptions;
  readonly now?: () => number;
}

/**
 * Renew when this fraction of a certificate's lifetime has passed (7.5 of Fulcio's 10 minutes),
 * so every signature and its log entry fall well inside the validity window.
 */
const RENEW_AT_FRACTION = 0.75;

/**
 * One ephemeral key and ONE Fulcio certificate for all files of a run, renewed before it
 * expires. @sigstore/sign's FulcioSigner fetches a token and a certificate for every signature,
 * retries without jitter or Retry-After, and puts the whole identity token in its error message
 * when the token cannot be parsed; so the certificate request (the same one FulcioSigner makes)
 * goes through our ServiceClient, and each file's digest is signed with the certified key here.
 * Concurrent callers share one pending request.
 */
export class CertificateSession {
  private current?: SigningCredential;
  private renewAt = 0;
  private pending?: Promise<SigningCredential>;
  private issuedCount = 0;
  private readonly now: () => number;
  private readonly fulcio: ServiceClient;

  constructor(private readonly options: CertificateSessionOptions) {
    this.now = options.now ?? Date.now;
    this.fulcio = new ServiceClient({
      ...options.network,
      service: 'Fulcio',
      errorCode: 'FULCIO_FAILED',
    });
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
    const certificatePEM = await this.requestCertificate(key);
    const cert = X509Certificate.parse(certificatePEM);
    const identity = cert.subjectAltName;
    if (!identity) {
      throw new ActionError(
        'FULCIO_FAILED',
        `the certificate from ${this.options.fulcioURL} has no subject alternative name.`,
      );
    }
    const claims = certificateClaims(cert);
    const credential: SigningCredential = {
      certificatePEM,
      certificateDER: pem.toDER(certificatePEM),
      identity,
      issuer: claims.issuer,
      sourceRepository: claims.repository,
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

  /** Fulcio's signingCert request, as @sigstore/sign's CAClient builds it. */
  private async requestCertificate(key: EphemeralKey): Promise<string> {
    const token = await this.options.identityProvider.getToken();
    const claims = decodeTokenClaims(token);
    // Proof of possession: the key signs the token's subject (its email for email issuers).
    const subject = typeof claims.email === 'string' ? claims.email : claims.sub;
    if (typeof subject !== 'string') {
      throw new ActionError(
        'OIDC_TOKEN_INVALID',
        'the identity token has no "sub" claim, which Fulcio needs to bind the certificate.',
      );
    }
    const { json } = await this.fulcio.send({
      method: 'POST',
      url: `${this.options.fulcioURL.replace(/\/$/, '')}/api/v2/signingCert`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        credentials: { oidcIdentityToken: token },
        publicKeyRequest: {
          publicKey: { algorithm: 'ECDSA', content: key.publicKeyPEM },
          proofOfPossession: key.signMessage(Buffer.from(subject)).toString('base64'),
        },
      }),
      json: true,
    });
    const answer = json as FulcioAnswer | null;
    const chain = (answer?.signedCertificateEmbeddedSct ?? answer?.signedCertificateDetachedSct)
      ?.chain?.certificates;
    const leaf = Array.isArray(chain) ? chain[0] : undefined;
    if (typeof leaf !== 'string' || !leaf.includes('BEGIN CERTIFICATE')) {
      throw new ActionError(
        'FULCIO_FAILED',
        `Fulcio (${this.options.fulcioURL}) answered without a certificate chain.`,
      );
    }
    return leaf;
  }
}

interface FulcioAnswer {
  signedCertificateEmbeddedSct?: { chain?: { certificates?: unknown[] } };
  signedCertificateDetachedSct?: { chain?: { certificates?: unknown[] } };
}

/** An ECDSA P-256 key pair that can sign both messages (for Fulcio) and prehashed digests. */
class EphemeralKey {
  private constructor(
    private readonly privateKey: crypto.KeyObject,
    private readonly scalar: Uint8Array,
    readonly publicKeyPEM: string,
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

  /** The file's signature, from the digest computed while streaming it (see prehashed.ts). */
  signDigest(digest: Buffer): Buffer {
    return signDigestP256(this.scalar, digest);
  }

  signMessage(message: Buffer): Buffer {
    return crypto.sign('sha256', message, this.privateKey);
  }
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
