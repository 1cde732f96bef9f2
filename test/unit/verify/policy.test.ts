import { ActionError } from '../../../src/errors.js';
import { buildPolicy, type PolicyInputs } from '../../../src/verify/policy.js';

const asInput = (input: string): string => input;
const asFlag = (input: string): string => `--${input}`;

function failure(inputs: PolicyInputs, name = asInput): ActionError {
  try {
    buildPolicy(inputs, name);
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('buildPolicy refuses requirements that could never match', () => {
  it('a regexp that does not compile, naming the input, the reason and the pattern', () => {
    const err = failure({ certIdentityRegexp: 'octo-org/(repo', claims: {} });
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(
      /^cert-identity-regexp is not a valid regular expression \(Unterminated group in "octo-org\/\(repo"\); fix the pattern/,
    );
    // Valid without the u flag, not with it: the message says why.
    expect(failure({ certIdentityRegexp: 'octo\\-org', claims: {} }, asFlag).message).toMatch(
      /^--cert-identity-regexp is not a valid regular expression \(Invalid escape in "octo\\\\-org"\).*Unicode mode/,
    );
  });

  it.each([
    ['github-sha', 'abc1234', /github-sha must be the full commit SHA/],
    ['github-sha', 'A'.repeat(40), /github-sha must be the full commit SHA \(40 lowercase hex/],
    [
      'github-ref',
      'main',
      /github-ref must be a full ref \(refs\/tags\/v1\.2\.3, refs\/heads\/main\), not "main"/,
    ],
    ['github-repository', 'octo-repo', /github-repository must be OWNER\/REPO/],
    [
      'runner-environment',
      'linux',
      /runner-environment must be github-hosted or self-hosted, not "linux"/,
    ],
  ] as const)('%s %s', (claim, value, message) => {
    const err = failure({ claims: { 'github-repository': 'o/r', [claim]: value } });
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/any other value never matches/);
  });

  it('an issuer that is not a URL', () => {
    expect(failure({ certIdentity: 'x', certOidcIssuer: 'github', claims: {} }).message).toMatch(
      /^cert-oidc-issuer must be the issuer's URL .*, not "github"/,
    );
  });

  it('accepts the forms the certificate uses', () => {
    const policy = buildPolicy(
      {
        certIdentityRegexp: 'https://github\\.com/o/r/.*',
        certOidcIssuer: 'https://token.actions.githubusercontent.com',
        claims: {
          'github-repository': 'o/r',
          'github-ref': 'refs/pull/7/merge',
          'github-sha': 'a'.repeat(40),
          'runner-environment': 'self-hosted',
        },
      },
      asInput,
    );
    expect(policy.identityPattern?.regexp.test('https://github.com/o/r/x')).toBe(true);
  });
});
