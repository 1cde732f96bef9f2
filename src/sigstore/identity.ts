import { ActionError, rootCauseMessage } from '../errors.js';

/** Where the OIDC identity token comes from. @sigstore/sign's IdentityProvider shape. */
export interface IdentityProvider {
  getToken(): Promise<string>;
  /** Throws when no token can possibly come (checked before any network call). */
  preflight?(): void;
}

/** The audience Fulcio expects in GitHub tokens. */
export const SIGSTORE_AUDIENCE = 'sigstore';

/** The few claims this action reads from a token, before Fulcio sees it. */
export interface TokenClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | string[];
  readonly exp?: number;
  readonly [claim: string]: unknown;
}

/**
 * The job's ambient GitHub Actions token, fetched by the injected function (@actions/core's
 * getIDToken in the action). A fresh token per call, so a renewed certificate gets a token
 * that has not expired.
 */
export class AmbientIdentityProvider implements IdentityProvider {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly fetchToken: (audience: string) => Promise<string>,
  ) {}

  preflight(): void {
    if (!this.env.ACTIONS_ID_TOKEN_REQUEST_URL || !this.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
      throw new ActionError(
        'OIDC_PERMISSION_MISSING',
        'this job cannot get an OIDC identity token: add "permissions: id-token: write" to the job ' +
          '(or the workflow). Pull requests from forks never get one; sign in a workflow that runs ' +
          'on push, release or workflow_dispatch instead, or pass identity-token.',
      );
    }
  }

  async getToken(): Promise<string> {
    this.preflight();
    let token: string;
    try {
      token = await this.fetchToken(SIGSTORE_AUDIENCE);
    } catch (err) {
      throw new ActionError(
        'OIDC_TOKEN_FAILED',
        `the runner refused an OIDC identity token: ${rootCauseMessage(err).replace(/\s+/g, ' ').trim()}. ` +
          'Check that the job has "permissions: id-token: write".',
        { cause: err },
      );
    }
    checkTokenShape(token, 'the runner');
    return token;
  }
}

/** A token the user passed in `identity-token`: checked once, then used as is. */
export class StaticIdentityProvider implements IdentityProvider {
  constructor(
    private readonly token: string,
    private readonly now: () => number = Date.now,
  ) {
    checkTokenShape(token, 'identity-token');
  }

  preflight(): void {
    const { exp } = decodeTokenClaims(this.token);
    if (typeof exp === 'number' && exp * 1000 <= this.now()) {
      throw new ActionError(
        'OIDC_TOKEN_INVALID',
        `identity-token expired at ${new Date(exp * 1000).toISOString()}; pass a fresh token, or leave identity-token unset to use the job's own token.`,
      );
    }
  }

  getToken(): Promise<string> {
    return Promise.resolve().then(() => {
      this.preflight();
      return this.token;
    });
  }
}

/** Decodes (without verifying: Fulcio does that) the payload of a JWT. */
export function decodeTokenClaims(token: string): TokenClaims {
  const parts = token.split('.');
  const payload = parts.length === 3 ? parts[1] : undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as unknown;
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) {
      return claims as TokenClaims;
    }
  } catch {
    // reported below
  }
  // Never include the token itself: it is a credential.
  throw new ActionError(
    'OIDC_TOKEN_INVALID',
    'the identity token is not a JWT (three base64url parts, the middle one a JSON object).',
  );
}

function checkTokenShape(token: string, source: string): void {
  const claims = decodeTokenClaims(token);
  if (typeof claims.sub !== 'string' && typeof claims.email !== 'string') {
    throw new ActionError(
      'OIDC_TOKEN_INVALID',
      `the token from ${source} has no "sub" claim, which Fulcio needs to bind the certificate.`,
    );
  }
}
