import { ActionError, rootCauseMessage } from '../errors.js';

/** Where the OIDC identity token comes from. @sigstore/sign's IdentityProvider shape. */
export interface IdentityProvider {
  getToken(): Promise<string>;
  /** Throws when no token can possibly come (checked before any network call). */
  preflight?(): void;
}

/**
 * The audience every public Sigstore instance's Fulcio expects in tokens (its OIDC client id),
 * and the default `oidc-audience`. A private instance can have its own: a token is a bearer
 * credential for its audience, so a token minted for `sigstore` and sent to a private Fulcio
 * would also be accepted by public-good's, for the few minutes it is valid.
 */
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
    /** `oidc-audience`: the audience the runner is asked to mint the token for. */
    private readonly audience: string = SIGSTORE_AUDIENCE,
  ) {}

  preflight(): void {
    if (!this.env.ACTIONS_ID_TOKEN_REQUEST_URL || !this.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
      const event = this.env.GITHUB_EVENT_NAME ?? '';
      throw new ActionError(
        'OIDC_PERMISSION_MISSING',
        event.startsWith('pull_request')
          ? `this job cannot get an OIDC identity token, and it runs for a ${event} event: pull requests ` +
              'from forks never get one, whatever the permissions. Sign in a workflow that runs on push, ' +
              'release or workflow_dispatch (or skip this step for forks); for pull requests from this ' +
              'repository, add "permissions: id-token: write" to the job.'
          : 'this job cannot get an OIDC identity token: add "permissions: id-token: write" to the job ' +
              '(or the workflow). Pull requests from forks never get one; sign in a workflow that runs ' +
              'on push, release or workflow_dispatch instead, or pass identity-token.',
      );
    }
  }

  async getToken(): Promise<string> {
    this.preflight();
    let token: string;
    try {
      token = await this.fetchToken(this.audience);
    } catch (err) {
      throw new ActionError(
        'OIDC_TOKEN_FAILED',
        `the runner refused an OIDC identity token: ${rootCauseMessage(err).replace(/\s+/g, ' ').trim()}. ` +
          'Check that the job has "permissions: id-token: write".',
        { cause: err },
      );
    }
    checkTokenShape(token, 'the token from the runner');
    return token;
  }
}

/** A token the user passed in `identity-token`: checked once, then used as is. */
export class StaticIdentityProvider implements IdentityProvider {
  private readonly input: string;
  private readonly now: () => number;

  constructor(
    private readonly token: string,
    options: {
      /** How the user spells the option, for messages: `identity-token`, `--identity-token`. */
      readonly input?: string;
      readonly now?: () => number;
      /** The audience the token must be for (`oidc-audience`). */
      readonly audience?: string;
    } = {},
  ) {
    this.input = options.input ?? 'identity-token';
    this.now = options.now ?? Date.now;
    const claims = checkTokenShape(token, this.input);
    checkAudience(claims, this.input, options.audience ?? SIGSTORE_AUDIENCE);
  }

  preflight(): void {
    const { exp } = decodeTokenClaims(this.token, this.input);
    if (typeof exp === 'number' && exp * 1000 <= this.now()) {
      throw new ActionError(
        'OIDC_TOKEN_INVALID',
        `${this.input} expired at ${new Date(exp * 1000).toISOString()}; pass a fresh token, or leave ${this.input} unset to use the job's own token.`,
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

/**
 * Decodes (without verifying: Fulcio does that) the payload of a JWT. `source` names where the
 * token came from (`identity-token`, "the runner"). The token itself is never in a message: it
 * is a credential.
 */
export function decodeTokenClaims(token: string, source = 'the identity token'): TokenClaims {
  const payload = /^[\w-]+\.([\w-]+)\.[\w-]*$/.exec(token)?.[1];
  try {
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as unknown;
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) {
      return claims as TokenClaims;
    }
  } catch {
    // reported below
  }
  throw new ActionError(
    'OIDC_TOKEN_INVALID',
    /^bearer\s/i.test(token)
      ? `${source} starts with "Bearer ": pass the token alone, without that prefix.`
      : `${source} is not a JWT (three base64url parts separated by dots, the middle one a JSON object); pass the OIDC identity token itself (an ID token, not an access token or a file name).`,
  );
}

function checkTokenShape(token: string, source: string): TokenClaims {
  const claims = decodeTokenClaims(token, source);
  if (typeof claims.sub !== 'string' && typeof claims.email !== 'string') {
    throw new ActionError(
      'OIDC_TOKEN_INVALID',
      `${source} has no "sub" claim, which Fulcio needs to bind the certificate; pass an OIDC identity token (an ID token, not an access token).`,
    );
  }
  return claims;
}

/**
 * Fulcio accepts tokens issued for its own audience only: `sigstore` for every public Sigstore
 * instance (and the audience this action asks the runner for), or the `oidc-audience` of a
 * private one. A token for another audience would be refused by Fulcio after the run had
 * started: refuse it before.
 */
function checkAudience(claims: TokenClaims, source: string, audience: string): void {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(audience)) {
    const found =
      claims.aud === undefined ? 'no "aud" claim' : `the audience ${JSON.stringify(claims.aud)}`;
    throw new ActionError(
      'OIDC_TOKEN_INVALID',
      `${source} has ${found}, and Fulcio only accepts tokens for the audience "${audience}"${audience === SIGSTORE_AUDIENCE ? '' : ' (oidc-audience)'}; request the token with that audience (in a workflow: core.getIDToken('${audience}')), or leave ${source} unset to use the job's own token.`,
    );
  }
}
