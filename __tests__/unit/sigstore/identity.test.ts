import { ActionError } from '../../../src/errors.js';
import { AmbientIdentityProvider, StaticIdentityProvider } from '../../../src/sigstore/identity.js';

/** An unsigned JWT with these claims (this code only decodes; Fulcio verifies). */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const GOOD = {
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  aud: 'sigstore',
  exp: 4102444800,
};

function failure(make: () => unknown): ActionError {
  try {
    make();
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('StaticIdentityProvider', () => {
  it('accepts a token for the sigstore audience, alone or among others', async () => {
    const token = jwt(GOOD);
    expect(await new StaticIdentityProvider(token).getToken()).toBe(token);
    expect(
      () => new StaticIdentityProvider(jwt({ ...GOOD, aud: ['other', 'sigstore'] })),
    ).not.toThrow();
  });

  it('refuses another audience before Fulcio is asked, naming the input and the fix', () => {
    const err = failure(() => new StaticIdentityProvider(jwt({ ...GOOD, aud: 'api://Azure' })));
    expect(err.code).toBe('OIDC_TOKEN_INVALID');
    expect(err.message).toMatch(
      /^identity-token has the audience "api:\/\/Azure", and Fulcio only accepts tokens for the audience "sigstore"; request the token with that audience/,
    );
    const none = failure(
      () => new StaticIdentityProvider(jwt({ sub: 's' }), { input: '--identity-token' }),
    );
    expect(none.message).toMatch(/^--identity-token has no "aud" claim/);
    expect(none.message).toMatch(/leave --identity-token unset/);
  });

  it('refuses what is not a JWT, without ever quoting the token', () => {
    for (const token of ['ghs_0123456789abcdef', 'a.b', 'a.!!.c', `${jwt(GOOD)}.extra`]) {
      const err = failure(() => new StaticIdentityProvider(token));
      expect(err.code).toBe('OIDC_TOKEN_INVALID');
      expect(err.message).toMatch(/^identity-token is not a JWT/);
      expect(err.message).not.toContain(token);
    }
    const bearer = failure(() => new StaticIdentityProvider(`Bearer ${jwt(GOOD)}`));
    expect(bearer.message).toBe(
      'identity-token starts with "Bearer ": pass the token alone, without that prefix.',
    );
  });

  it('refuses a token without a subject, and an expired one', async () => {
    expect(failure(() => new StaticIdentityProvider(jwt({ aud: 'sigstore' }))).message).toMatch(
      /^identity-token has no "sub" claim/,
    );
    const expired = new StaticIdentityProvider(jwt({ ...GOOD, exp: 1000 }), {
      now: () => 2_000_000,
    });
    await expect(expired.getToken()).rejects.toThrow(
      /^identity-token expired at 1970-01-01T00:16:40\.000Z; pass a fresh token/,
    );
  });
});

describe('AmbientIdentityProvider', () => {
  const fetchToken = (): Promise<string> => Promise.resolve(jwt(GOOD));

  it('without the request variables, says which permission to add', () => {
    const err = failure(() => new AmbientIdentityProvider({}, fetchToken).preflight());
    expect(err.code).toBe('OIDC_PERMISSION_MISSING');
    expect(err.message).toMatch(/add "permissions: id-token: write" to the job/);
  });

  it('on a pull request, explains that forks never get a token', () => {
    const err = failure(() =>
      new AmbientIdentityProvider(
        { GITHUB_EVENT_NAME: 'pull_request_target' },
        fetchToken,
      ).preflight(),
    );
    expect(err.message).toMatch(
      /runs for a pull_request_target event: pull requests from forks never get one, whatever the permissions/,
    );
  });

  it('reports a refused request, saying what to check', async () => {
    const provider = new AmbientIdentityProvider(
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x/?a=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' },
      () => Promise.reject(new Error('Failed to get ID Token.\n Error Code : 401')),
    );
    await expect(provider.getToken()).rejects.toThrow(
      /^the runner refused an OIDC identity token: Failed to get ID Token\. Error Code : 401\. Check that the job has "permissions: id-token: write"/,
    );
  });
});
