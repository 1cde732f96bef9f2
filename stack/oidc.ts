// GitHub Actions' OIDC token service: the ambient `ACTIONS_ID_TOKEN_REQUEST_URL` endpoint, the
// issuer's discovery document and JWKS, and a test-only minting endpoint for tokens that are
// wrong in one chosen way (expired, foreign key, other issuer or audience, missing claims).
import { generateKeyPair, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { GITHUB_ISSUER } from './github.js';
import {
  json,
  isRecord,
  methodNotAllowed,
  notFound,
  parseJsonObject,
  type StackRequest,
  type StackResponse,
} from './http.js';
import { rsaThumbprint, signJwt, type JwtClaims, type PublicJwk } from './jwt.js';

const generateRsa = promisify(generateKeyPair);
const DEFAULT_AUDIENCE = 'sigstore';
const DEFAULT_LIFETIME_SECONDS = 5 * 60; // GitHub's tokens live five minutes

/** Body of `POST /__token`. */
export interface MintTokenRequest {
  /** Merged over the default claims; a `null` value deletes the claim. */
  claims?: Record<string, unknown>;
  audience?: string;
  /** Negative: the token is already expired. */
  expiresInSeconds?: number;
  /** Sign with a key that is NOT in the JWKS. */
  untrustedKey?: boolean;
}

interface SigningKey {
  privateKey: KeyObject;
  jwk: PublicJwk;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' });
  const jwk: PublicJwk = { ...exported, kid: rsaThumbprint(exported), alg: 'RS256', use: 'sig' };
  return { privateKey, jwk };
}

export class OidcProvider {
  private untrusted: Promise<SigningKey> | undefined;

  private constructor(
    private readonly baseUrl: string,
    private readonly requestToken: string,
    private readonly claims: Record<string, string>,
    private readonly key: SigningKey,
  ) {}

  static async create(opts: {
    /** Where this service is mounted, e.g. `http://127.0.0.1:PORT/oidc`. */
    baseUrl: string;
    requestToken: string;
    claims: Record<string, string>;
  }): Promise<OidcProvider> {
    return new OidcProvider(opts.baseUrl, opts.requestToken, opts.claims, await newSigningKey());
  }

  /** The issuer's public keys, as served at `/.well-known/jwks`. */
  get jwks(): PublicJwk[] {
    return [this.key.jwk];
  }

  async mint(req: MintTokenRequest = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (req.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS);
    // An expired token should otherwise look normal: issued a lifetime before it expired.
    const iat = Math.min(now, exp - DEFAULT_LIFETIME_SECONDS);
    const claims: JwtClaims = {
      jti: randomUUID(),
      ...this.claims,
      aud: req.audience ?? DEFAULT_AUDIENCE,
      iat,
      nbf: iat,
      exp,
    };
    for (const [name, value] of Object.entries(req.claims ?? {})) {
      if (value === null) delete claims[name];
      else claims[name] = value;
    }
    const key = req.untrustedKey ? await (this.untrusted ??= newSigningKey()) : this.key;
    return signJwt({ typ: 'JWT', alg: 'RS256', kid: key.jwk.kid }, claims, key.privateKey);
  }

  /** Requests under `/oidc`. */
  async handle(req: StackRequest): Promise<StackResponse> {
    if (req.path === '/token') {
      if (req.method !== 'GET') return methodNotAllowed(req.method, req.path);
      if (!this.authorized(req.headers.authorization)) {
        return json(401, {
          message:
            "Bad credentials: the bearer token is not this run's ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        });
      }
      const audience = req.query.get('audience') ?? undefined;
      return json(200, { value: await this.mint({ audience }) });
    }
    if (req.path === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: GITHUB_ISSUER,
        jwks_uri: `${this.baseUrl}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: [
          'sub',
          'aud',
          'exp',
          'iat',
          'iss',
          'jti',
          'nbf',
          'ref',
          'sha',
          'repository',
          'repository_id',
          'repository_owner',
          'repository_owner_id',
          'run_id',
          'run_number',
          'run_attempt',
          'actor',
          'actor_id',
          'workflow',
          'workflow_ref',
          'workflow_sha',
          'head_ref',
          'base_ref',
          'event_name',
          'ref_type',
          'ref_protected',
          'environment',
          'job_workflow_ref',
          'job_workflow_sha',
          'repository_visibility',
          'runner_environment',
        ],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      });
    }
    if (req.path === '/.well-known/jwks') return json(200, { keys: this.jwks });
    return notFound(req.path);
  }

  /** `POST /__token`. */
  async handleMint(req: StackRequest): Promise<StackResponse> {
    if (req.method !== 'POST') return methodNotAllowed(req.method, '/__token');
    let body: Record<string, unknown> = {};
    try {
      if (req.body.length > 0) body = parseJsonObject(req.body);
      const mintReq = toMintRequest(body);
      return json(200, { token: await this.mint(mintReq) });
    } catch (err) {
      return json(400, { message: err instanceof Error ? err.message : String(err) });
    }
  }

  private authorized(header: string | undefined): boolean {
    const expected = Buffer.from(`Bearer ${this.requestToken}`);
    const actual = Buffer.from(header ?? '');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

function toMintRequest(body: Record<string, unknown>): MintTokenRequest {
  const { claims, audience, expiresInSeconds, untrustedKey } = body;
  if (claims !== undefined && !isRecord(claims)) throw new Error('claims must be an object');
  if (audience !== undefined && typeof audience !== 'string')
    throw new Error('audience must be a string');
  if (expiresInSeconds !== undefined && typeof expiresInSeconds !== 'number') {
    throw new Error('expiresInSeconds must be a number');
  }
  if (untrustedKey !== undefined && typeof untrustedKey !== 'boolean') {
    throw new Error('untrustedKey must be a boolean');
  }
  return { claims, audience, expiresInSeconds, untrustedKey };
}
