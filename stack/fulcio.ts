// Fulcio's v2 JSON API behind its grpc-gateway (stack/grpc-gateway.ts), checking what real Fulcio
// checks before it issues anything, and answering as it answers. @sigstore/mock's Fulcio only
// decodes the token: no signature, issuer, audience or expiry check, no proof of possession.
// Every refusal is what sigstore/fulcio eb10c98e186f1d8e78dd60a257d8897f66d5147a
// pkg/server/grpc_server.go CreateSigningCertificate returns: InvalidArgument (HTTP 400) with one
// of the generic client messages of pkg/server/error.go; the detailed reason stays in the log
// (handleFulcioGRPCError logs it, the client gets only the constant). The stand-in logs it to
// stderr.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ASN1Obj } from '@sigstore/core';
import type { CertificateAuthority } from './ca.js';
import * as der from './der.js';
import { GITHUB_ISSUER, GITHUB_SERVER_URL } from './github.js';
import {
  Code,
  parseRequestBody,
  protoResponse,
  routingError,
  statusError,
  type GatewayRoute,
} from './grpc-gateway.js';
import type { StackRequest, StackResponse } from './http.js';
import { checkJwtSignature, decodeJwt, type JwtClaims, type PublicJwk } from './jwt.js';
import {
  CreateSigningCertificateRequest,
  SigningCertificate,
  TrustBundle,
} from './proto-messages.js';
import { toPem, type Extension } from './x509.js';

const REQUIRED_AUDIENCE = 'sigstore';
/** go-oidc tolerates this much clock skew on `nbf`. */
const NOT_BEFORE_LEEWAY_SECONDS = 5 * 60;

/** pkg/server/error.go: the only messages a client sees. */
export const FULCIO_MESSAGES = {
  invalidIdentityToken: 'There was an error processing the identity token',
  invalidSignature: 'The signature supplied in the request could not be verified',
  invalidPublicKey: 'The public key supplied in the request could not be parsed',
  invalidCSR: 'The certificate signing request could not be parsed',
  insecurePublicKey: 'The public key supplied in the request is insecure',
} as const;

/** The routes cmd/app/http.go registers for the v2 API (fulcio.proto's google.api.http). */
const ROUTES: GatewayRoute[] = [
  { method: 'POST', path: '/api/v2/signingCert' },
  { method: 'GET', path: '/api/v2/trustBundle' },
  { method: 'GET', path: '/api/v2/configuration' },
];

/** A refusal: the client message, and the reason only the log gets. */
class FulcioError extends Error {
  constructor(
    readonly clientMessage: string,
    readonly reason: string,
  ) {
    super(`${clientMessage}: ${reason}`);
  }
}

const tokenError = (reason: string): FulcioError =>
  new FulcioError(FULCIO_MESSAGES.invalidIdentityToken, reason);

/** Claims Fulcio's GitHub principal refuses to do without (it maps each to an extension). */
const REQUIRED_CLAIMS = [
  'sub',
  'job_workflow_ref',
  'job_workflow_sha',
  'sha',
  'event_name',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'workflow',
  'workflow_ref',
  'workflow_sha',
  'ref',
  'run_id',
  'run_attempt',
  'runner_environment',
] as const;

type GitHubPrincipal = Record<(typeof REQUIRED_CLAIMS)[number], string> & {
  iss: string;
  repository_visibility?: string;
};

/** The decoded CreateSigningCertificateRequest (stack/protojson.ts shapes). */
interface SigningCertificateRequest {
  credentials?: { credentials?: { $case: 'oidcIdentityToken'; oidcIdentityToken: string } };
  key?:
    | {
        $case: 'publicKeyRequest';
        publicKeyRequest: {
          publicKey?: { algorithm: number; content: string };
          proofOfPossession: Buffer;
        };
      }
    | { $case: 'certificateSigningRequest'; certificateSigningRequest: Buffer };
}

export interface FulcioOptions {
  ca: CertificateAuthority;
  /** The OIDC issuer's JWKS (Fulcio fetches it through discovery; the stack hands it over). */
  issuerKeys: () => PublicJwk[];
  certValiditySeconds: number;
}

export class Fulcio {
  constructor(private readonly opts: FulcioOptions) {}

  handle(req: StackRequest): StackResponse {
    const unrouted = routingError(ROUTES, req.method, req.path);
    if (unrouted) return unrouted;
    if (req.path === '/api/v2/trustBundle') {
      const { intermediate, root } = this.opts.ca;
      const chain = { certificates: [toPem(intermediate.der), toPem(root.der)] };
      return protoResponse(200, { chains: [chain] }, TrustBundle);
    }
    if (req.path === '/api/v2/configuration') {
      return statusError(Code.Unimplemented, 'the stand-in does not serve GetConfiguration');
    }
    // Fulcio's gateway: the default marshaler, which drops unknown fields (grpc-gateway.ts).
    const parsed = parseRequestBody(req.body, CreateSigningCertificateRequest, {
      discardUnknown: true,
    });
    if ('refused' in parsed) return parsed.refused;
    try {
      return this.createSigningCertificate(parsed.message, req);
    } catch (err) {
      if (!(err instanceof FulcioError)) throw err;
      console.error(`fulcio stand-in: 400 ${err.clientMessage} (reason: ${err.reason})`);
      return statusError(Code.InvalidArgument, err.clientMessage);
    }
  }

  private createSigningCertificate(
    request: SigningCertificateRequest,
    req: StackRequest,
  ): StackResponse {
    // The token from the body, else from `Authorization` (extractOIDCTokenFromAuthHeader:
    // the first "Bearer " removed, whatever else the header holds).
    const token =
      request.credentials?.credentials?.oidcIdentityToken ||
      (req.headers.authorization ?? '').replace('Bearer ', '');
    const principal = this.authenticate(token);

    let publicKey: KeyObject;
    const key = request.key;
    if (key?.$case === 'certificateSigningRequest' && key.certificateSigningRequest.length > 0) {
      publicKey = checkCertificateSigningRequest(key.certificateSigningRequest);
    } else {
      const publicKeyRequest = key?.$case === 'publicKeyRequest' ? key.publicKeyRequest : undefined;
      publicKey = parsePublicKey(publicKeyRequest?.publicKey?.content ?? '');
      checkProofOfPossession(
        publicKey,
        publicKeyRequest?.proofOfPossession ?? Buffer.alloc(0),
        principal.sub,
      );
    }

    const leaf = this.opts.ca.issue({
      publicKey,
      subjectAltNameUri: `${GITHUB_SERVER_URL}/${principal.job_workflow_ref}`,
      extensions: githubExtensions(principal),
      validitySeconds: this.opts.certValiditySeconds,
    });
    const certificates = this.opts.ca.chain(leaf).map((cert) => toPem(cert));
    return protoResponse(
      200,
      {
        certificate: {
          $case: 'signedCertificateEmbeddedSct',
          signedCertificateEmbeddedSct: { chain: { certificates } },
        },
      },
      SigningCertificate,
    );
  }

  /** Token checks in the order go-oidc and Fulcio's GitHub principal make them. */
  private authenticate(token: string): GitHubPrincipal {
    let jwt;
    try {
      jwt = decodeJwt(token);
    } catch (err) {
      throw tokenError((err as Error).message);
    }
    const claims = jwt.claims;
    if (claims.iss !== GITHUB_ISSUER) {
      throw tokenError(`unsupported issuer ${JSON.stringify(claims.iss)}`);
    }
    const signatureProblem = checkJwtSignature(jwt, this.opts.issuerKeys());
    if (signatureProblem) throw tokenError(`invalid token signature: ${signatureProblem}`);

    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(REQUIRED_AUDIENCE)) {
      throw tokenError(
        `expected audience "${REQUIRED_AUDIENCE}", got ${JSON.stringify(claims.aud)}`,
      );
    }
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number') throw tokenError('token has no exp claim');
    if (claims.exp < now) {
      throw tokenError(
        `token is expired (expired at ${new Date(claims.exp * 1000).toISOString()})`,
      );
    }
    if (typeof claims.nbf === 'number' && claims.nbf > now + NOT_BEFORE_LEEWAY_SECONDS) {
      throw tokenError(`token is not valid yet (nbf ${new Date(claims.nbf * 1000).toISOString()})`);
    }
    return toPrincipal(claims);
  }
}

function toPrincipal(claims: JwtClaims): GitHubPrincipal {
  const principal: Record<string, string> = { iss: GITHUB_ISSUER };
  for (const name of REQUIRED_CLAIMS) {
    const value = claims[name];
    if (typeof value !== 'string' || value === '') {
      throw tokenError(`missing ${name} claim in ID token`);
    }
    principal[name] = value;
  }
  if (typeof claims.repository_visibility === 'string') {
    principal.repository_visibility = claims.repository_visibility;
  }
  return principal as GitHubPrincipal;
}

/** pkg/challenges ParsePublicKey (PEM, else DER), then goodkey.ValidatePubKey. */
function parsePublicKey(content: string): KeyObject {
  if (content === '') {
    throw new FulcioError(FULCIO_MESSAGES.invalidPublicKey, 'public key not provided');
  }
  let key: KeyObject;
  try {
    if (!/-----BEGIN /.test(content)) {
      key = createPublicKey({ key: Buffer.from(content, 'latin1'), format: 'der', type: 'spki' });
    } else if (/-----BEGIN PUBLIC KEY-----/.test(content)) {
      key = createPublicKey(content);
    } else {
      // cryptoutils.UnmarshalPEMToPublicKey takes a PUBLIC KEY block, not a certificate.
      throw new Error('not a PUBLIC KEY block');
    }
  } catch {
    throw new FulcioError(
      FULCIO_MESSAGES.invalidPublicKey,
      'error parsing PEM or DER encoded public key',
    );
  }
  checkKeyStrength(key);
  return key;
}

/** sigstore/sigstore cryptoutils/goodkey: the curves and RSA sizes Fulcio certifies. */
function checkKeyStrength(key: KeyObject): void {
  const details = key.asymmetricKeyDetails ?? {};
  const ok =
    key.asymmetricKeyType === 'ed25519' ||
    (key.asymmetricKeyType === 'ec' &&
      ['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '')) ||
    (key.asymmetricKeyType === 'rsa' &&
      (details.modulusLength ?? 0) >= 2048 &&
      (details.modulusLength ?? 0) <= 4096);
  if (!ok) {
    throw new FulcioError(
      FULCIO_MESSAGES.insecurePublicKey,
      `${key.asymmetricKeyType ?? 'unknown'} key not accepted`,
    );
  }
}

/** The hash sigstore's default verifier uses with a key (signature.LoadDefaultVerifier). */
function defaultHash(key: KeyObject): string | null {
  if (key.asymmetricKeyType === 'ed25519') return null;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : 'sha256';
}

/** Clients prove possession by signing the token's subject (principal.Name: `sub`). */
function checkProofOfPossession(publicKey: KeyObject, proof: Buffer, subject: string): void {
  let ok: boolean;
  try {
    ok = verify(defaultHash(publicKey), Buffer.from(subject), publicKey, proof);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new FulcioError(
      FULCIO_MESSAGES.invalidSignature,
      `proofOfPossession is not a signature by the submitted key over the subject "${subject}"`,
    );
  }
}

const CSR_SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.3.101.112': '', // Ed25519
};

/** The CSR branch: a PEM PKCS#10 request, its key checked and its self-signature verified. */
function checkCertificateSigningRequest(pem: Buffer): KeyObject {
  const match =
    /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([^-]+)-----END (?:NEW )?CERTIFICATE REQUEST-----/.exec(
      pem.toString('latin1'),
    );
  let info: ASN1Obj;
  let algorithm: string;
  let signature: Buffer;
  let publicKey: KeyObject;
  try {
    if (!match) throw new Error('no CSR found while decoding');
    const csr = ASN1Obj.parseBuffer(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
    [info] = csr.subs;
    algorithm = csr.subs[1].subs[0].toOID();
    signature = csr.subs[2].value.subarray(1); // BIT STRING: unused-bits byte first
    publicKey = createPublicKey({ key: info.subs[2].toDER(), format: 'der', type: 'spki' });
  } catch (err) {
    throw new FulcioError(FULCIO_MESSAGES.invalidCSR, (err as Error).message);
  }
  checkKeyStrength(publicKey);
  const hash = CSR_SIGNATURE_HASHES[algorithm];
  let ok: boolean;
  try {
    ok = hash !== undefined && verify(hash || null, info.toDER(), publicKey, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new FulcioError(FULCIO_MESSAGES.invalidSignature, 'CSR signature does not verify');
  return publicKey;
}

const FULCIO_OID = '1.3.6.1.4.1.57264.1';

/**
 * Fulcio's mapping of GitHub claims to certificate extensions (docs/oid-info.md): 1.1-1.6 are
 * the deprecated raw-bytes forms, 1.8-1.22 DER UTF8Strings.
 */
export function githubExtensions(p: GitHubPrincipal): Extension[] {
  const raw = (n: number, value: string): Extension => ({
    oid: `${FULCIO_OID}.${n}`,
    value: Buffer.from(value),
  });
  const utf8 = (n: number, value: string): Extension => ({
    oid: `${FULCIO_OID}.${n}`,
    value: der.utf8String(value),
  });
  const url = (path: string): string => `${GITHUB_SERVER_URL}/${path}`;
  return [
    raw(1, p.iss),
    raw(2, p.event_name),
    raw(3, p.sha),
    raw(4, p.workflow),
    raw(5, p.repository),
    raw(6, p.ref),
    utf8(8, p.iss),
    utf8(9, url(p.job_workflow_ref)),
    utf8(10, p.job_workflow_sha),
    utf8(11, p.runner_environment),
    utf8(12, url(p.repository)),
    utf8(13, p.sha),
    utf8(14, p.ref),
    utf8(15, p.repository_id),
    utf8(16, url(p.repository_owner)),
    utf8(17, p.repository_owner_id),
    utf8(18, url(p.workflow_ref)),
    utf8(19, p.workflow_sha),
    utf8(20, p.event_name),
    utf8(21, url(`${p.repository}/actions/runs/${p.run_id}/attempts/${p.run_attempt}`)),
    ...(p.repository_visibility ? [utf8(22, p.repository_visibility)] : []),
  ];
}
