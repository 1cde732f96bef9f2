import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { claimsOf } from './fixtures.js';

const WORKFLOW_REF = 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';

describe('the OIDC token service', () => {
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await spawnStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function ambientToken(
    audience?: string,
    requestToken = stack.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  ): Promise<Response> {
    // As @actions/core's getIDToken builds it: the runner URL plus `&audience=`.
    const url =
      stack.env.ACTIONS_ID_TOKEN_REQUEST_URL +
      (audience ? `&audience=${encodeURIComponent(audience)}` : '');
    return fetch(url, {
      headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' },
    });
  }

  it('serves a discovery document and a JWKS', async () => {
    const discovery = (await (
      await fetch(`${stack.url}/oidc/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe('https://token.actions.githubusercontent.com');
    expect(discovery.jwks_uri).toBe(`${stack.url}/oidc/.well-known/jwks`);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: JsonWebKey[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(typeof jwks.keys[0].kid).toBe('string');
  });

  it('issues an ambient token whose RS256 signature verifies against the JWKS, with GitHub claims', async () => {
    const res = await ambientToken('sigstore');
    expect(res.status).toBe(200);
    const { value } = (await res.json()) as { value: string };
    const [headerB64, payloadB64, signatureB64] = value.split('.');
    const header = JSON.parse(Buffer.from(headerB64, 'base64url').toString()) as {
      alg: string;
      kid: string;
    };
    expect(header.alg).toBe('RS256');

    const jwks = (await (await fetch(`${stack.url}/oidc/.well-known/jwks`)).json()) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    expect(
      verify(
        'sha256',
        Buffer.from(`${headerB64}.${payloadB64}`),
        key,
        Buffer.from(signatureB64, 'base64url'),
      ),
    ).toBe(true);

    const claims = claimsOf(value);
    expect(claims).toEqual(
      expect.objectContaining({
        iss: 'https://token.actions.githubusercontent.com',
        aud: 'sigstore',
        sub: 'repo:octo-org/octo-repo:ref:refs/tags/v1.2.3',
        repository: 'octo-org/octo-repo',
        repository_owner: 'octo-org',
        repository_visibility: 'public',
        ref: 'refs/tags/v1.2.3',
        ref_type: 'tag',
        workflow: stack.env.GITHUB_WORKFLOW,
        workflow_ref: WORKFLOW_REF,
        job_workflow_ref: WORKFLOW_REF,
        event_name: 'push',
        runner_environment: 'github-hosted',
        sha: stack.env.GITHUB_SHA,
        repository_id: stack.env.GITHUB_REPOSITORY_ID,
        repository_owner_id: stack.env.GITHUB_REPOSITORY_OWNER_ID,
        run_id: stack.env.GITHUB_RUN_ID,
        run_number: stack.env.GITHUB_RUN_NUMBER,
        run_attempt: stack.env.GITHUB_RUN_ATTEMPT,
        actor: stack.env.GITHUB_ACTOR,
        actor_id: stack.env.GITHUB_ACTOR_ID,
      }),
    );
    for (const name of ['workflow_sha', 'job_workflow_sha'])
      expect(claims[name]).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof claims.jti).toBe('string');
    const now = Date.now() / 1000;
    expect(claims.iat).toBeLessThanOrEqual(now + 1);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.exp).toBe((claims.iat as number) + 300);
  });

  it('defaults the audience to sigstore and honours another one', async () => {
    const plain = ((await (await ambientToken()).json()) as { value: string }).value;
    expect(claimsOf(plain).aud).toBe('sigstore');
    const other = ((await (await ambientToken('https://example.com')).json()) as { value: string })
      .value;
    expect(claimsOf(other).aud).toBe('https://example.com');
  });

  it('answers 401 to a wrong or missing request token', async () => {
    expect((await ambientToken('sigstore', 'not-the-token')).status).toBe(401);
    expect((await fetch(stack.env.ACTIONS_ID_TOKEN_REQUEST_URL)).status).toBe(401);
  });

  it('mints test tokens with claims merged over the defaults (null deletes)', async () => {
    const token = await stack.mintToken({
      claims: { ref: 'refs/heads/main', actor: null },
      audience: 'other',
      expiresInSeconds: -60,
    });
    const claims = claimsOf(token);
    expect(claims.ref).toBe('refs/heads/main');
    expect(claims).not.toHaveProperty('actor');
    expect(claims.aud).toBe('other');
    expect(claims.exp).toBeLessThan(Date.now() / 1000);
    expect(claims.repository).toBe('octo-org/octo-repo');
  });
});
