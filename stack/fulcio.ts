// Fulcio's v2 JSON API (`POST /api/v2/signingCert`), checking what real Fulcio checks before it
// issues anything. @sigstore/mock's Fulcio only decodes the token: no signature, issuer,
// audience or expiry check, no proof of possession, and the SAN copied from one claim. Here
// every failure is a 4xx with grpc-gateway's `{code, message}` body, naming the problem.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { CertificateAuthority } from './ca.js';
import * as der from './der.js';
import { GITHUB_ISSUER, GITHUB_SERVER_URL } from './github.js';
import {
  isRecord,
  json,
  methodNotAllowed,
  notFound,
  parseJsonObject,
  stringField,
  type StackRequest,
  type StackResponse,
} from './http.js';
import { checkJwtSignature, decodeJwt, type JwtClaims, type PublicJwk } from './jwt.js';
import { toPem, type Extension } from './x509.js';

const REQUIRED_AUDIENCE = 'sigstore';
/** go-oidc tolerates this much clock skew on `nbf`. */
const NOT_BEFORE_LEEWAY_SECONDS = 5 * 60;

// gRPC status codes, which grpc-gateway puts in the `code` field of error bodies.
const INVALID_ARGUMENT = { code: 3, http: 400 };
const UNAUTHENTICATED = { code: 16, http: 401 };

class FulcioError extends Error {
  constructor(
    readonly status: { code: number; http: number },
    message: string,
  ) {
    super(message);
  }
}

function unauthenticated(reason: string): FulcioError {
  return new FulcioError(
    UNAUTHENTICATED,
    `There was an error processing the identity token: ${reason}`,
  );
}

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

export interface FulcioOptions {
  ca: CertificateAuthority;
  /** The OIDC issuer's JWKS (Fulcio fetches it through discovery; the stack hands it over). */
  issuerKeys: () => PublicJwk[];
  certValiditySeconds: number;
}

export class Fulcio {
  constructor(private readonly opts: FulcioOptions) {}

  handle(req: StackRequest): StackResponse {
    if (req.path === '/api/v2/trustBundle') {
      if (req.method !== 'GET') return methodNotAllowed(req.method, req.path);
      const { intermediate, root } = this.opts.ca;
      return json(200, { chains: [{ certificates: [toPem(intermediate.der), toPem(root.der)] }] });
    }
    if (req.path !== '/api/v2/signingCert') return notFound(req.path);
    if (req.method !== 'POST') return methodNotAllowed(req.method, req.path);
    try {
      return this.createSigningCertificate(req);
    } catch (err) {
      if (err instanceof FulcioError) {
        return json(err.status.http, { code: err.status.code, message: err.message, details: [] });
      }
      throw err;
    }
  }

  private createSigningCertificate(req: StackRequest): StackResponse {
    let body: Record<string, unknown>;
    try {
      body = parseJsonObject(req.body);
    } catch (err) {
      throw new FulcioError(INVALID_ARGUMENT, (err as Error).message);
    }
    const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const token = stringField(body.credentials, 'oidcIdentityToken') ?? bearer;
    if (!token) throw unauthenticated('no credentials.oidcIdentityToken in the request');
    const principal = this.authenticate(token);

    if (body.certificateSigningRequest !== undefined) {
      throw new FulcioError(
        INVALID_ARGUMENT,
        'certificateSigningRequest is not supported here: send publicKeyRequest',
      );
    }
    const publicKey = parsePublicKey(body.publicKeyRequest);
    checkProofOfPossession(body.publicKeyRequest, publicKey, principal.sub);

    const leaf = this.opts.ca.issue({
      publicKey,
      subjectAltNameUri: `${GITHUB_SERVER_URL}/${principal.job_workflow_ref}`,
      extensions: githubExtensions(principal),
      validitySeconds: this.opts.certValiditySeconds,
    });
    const certificates = this.opts.ca.chain(leaf).map((cert) => toPem(cert));
    return json(200, { signedCertificateEmbeddedSct: { chain: { certificates } } });
  }

  /** Token checks in the order go-oidc and Fulcio's GitHub principal make them. */
  private authenticate(token: string): GitHubPrincipal {
    let jwt;
    try {
      jwt = decodeJwt(token);
    } catch (err) {
      throw unauthenticated((err as Error).message);
    }
    const claims = jwt.claims;
    if (claims.iss !== GITHUB_ISSUER) {
      throw unauthenticated(
        `unsupported issuer ${JSON.stringify(claims.iss)}: only ${GITHUB_ISSUER} is configured`,
      );
    }
    const signatureProblem = checkJwtSignature(jwt, this.opts.issuerKeys());
    if (signatureProblem) throw unauthenticated(`invalid token signature: ${signatureProblem}`);

    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(REQUIRED_AUDIENCE)) {
      throw unauthenticated(
        `expected audience "${REQUIRED_AUDIENCE}", got ${JSON.stringify(claims.aud)}`,
      );
    }
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number') throw unauthenticated('token has no exp claim');
    if (claims.exp < now) {
      throw unauthenticated(
        `token is expired (expired at ${new Date(claims.exp * 1000).toISOString()})`,
      );
    }
    if (typeof claims.nbf === 'number' && claims.nbf > now + NOT_BEFORE_LEEWAY_SECONDS) {
      throw unauthenticated(
        `token is not valid yet (nbf ${new Date(claims.nbf * 1000).toISOString()})`,
      );
    }
    return toPrincipal(claims);
  }
}

function toPrincipal(claims: JwtClaims): GitHubPrincipal {
  const principal: Record<string, string> = { iss: GITHUB_ISSUER };
  for (const name of REQUIRED_CLAIMS) {
    const value = claims[name];
    if (typeof value !== 'string' || value === '') {
      throw unauthenticated(`missing ${name} claim in ID token`);
    }
    principal[name] = value;
  }
  if (typeof claims.repository_visibility === 'string') {
    principal.repository_visibility = claims.repository_visibility;
  }
  return principal as GitHubPrincipal;
}

function parsePublicKey(request: unknown): KeyObject {
  const content = isRecord(request) ? stringField(request.publicKey, 'content') : undefined;
  if (!content)
    throw new FulcioError(INVALID_ARGUMENT, 'publicKeyRequest.publicKey.content (PEM) is required');
  try {
    return createPublicKey(content);
  } catch {
    throw new FulcioError(
      INVALID_ARGUMENT,
      'The public key supplied in the request could not be parsed',
    );
  }
}

/** sigstore-js proves possession by signing the token's `sub` claim with the submitted key. */
function checkProofOfPossession(request: unknown, publicKey: KeyObject, subject: string): void {
  const proof = stringField(request, 'proofOfPossession');
  if (!proof)
    throw new FulcioError(INVALID_ARGUMENT, 'publicKeyRequest.proofOfPossession is required');
  const digest = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  let ok: boolean;
  try {
    ok = verify(digest, Buffer.from(subject), publicKey, Buffer.from(proof, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new FulcioError(
      INVALID_ARGUMENT,
      `The signature supplied in the request could not be verified: proofOfPossession is not a signature by the submitted public key over the token subject "${subject}"`,
    );
  }
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
