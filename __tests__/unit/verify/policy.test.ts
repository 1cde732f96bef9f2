import { ActionError } from '../../../src/errors.js';
import type { CertificateClaims } from '../../../src/sigstore/claims.js';
import {
  buildPolicy,
  checkPolicy,
  GITHUB_ACTIONS_ISSUER,
  type PolicyInputs,
} from '../../../src/verify/policy.js';
import { patternRepository } from '../../../src/verify/source-repository.js';

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
      'github-workflow-file',
      'release.yml',
      /github-workflow-file must be the workflow file's path in its repository \(\.github\/workflows\/release\.yml\), not "release\.yml"/,
    ],
    [
      'github-workflow-file',
      'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1',
      /github-workflow-file must be the workflow file's path/,
    ],
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

const RELEASE =
  'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';

/** A certificate of a run of `repository` whose signing job ran `identity`'s workflow. */
function certificate(
  repository: string | undefined,
  more: CertificateClaims = {},
): CertificateClaims {
  return {
    identity: RELEASE,
    issuer: GITHUB_ACTIONS_ISSUER,
    repository,
    workflowName: 'Release',
    workflowFile: '.github/workflows/release.yml',
    ...more,
  };
}

function messages(inputs: PolicyInputs, claims: CertificateClaims): string[] {
  return checkPolicy(buildPolicy(inputs, asInput), claims).map((m) => m.message);
}

describe('a GitHub Actions identity pins the source repository', () => {
  it('exact cert-identity: a run of another repository (a reusable workflow caller) fails, naming both', () => {
    const inputs = { certIdentity: RELEASE, claims: {} };
    expect(buildPolicy(inputs, asInput).sourceRepository).toEqual({
      repository: 'octo-org/octo-repo',
      origin: 'cert-identity',
    });
    expect(messages(inputs, certificate('octo-org/octo-repo'))).toEqual([]);
    const [message, ...more] = messages(inputs, certificate('evil-org/evil-repo'));
    expect(more).toEqual([]);
    expect(message).toMatch(
      /^signed in evil-org\/evil-repo, expected octo-org\/octo-repo, the repository of cert-identity: .*set github-repository to that repository$/,
    );
  });

  it('a certificate without a source repository fails too', () => {
    expect(messages({ certIdentity: RELEASE, claims: {} }, certificate(undefined))).toEqual([
      'the certificate names no source repository, expected octo-org/octo-repo (cert-identity)',
    ]);
  });

  it('github-repository names the repository instead: the callers of a reusable workflow', () => {
    const inputs = {
      certIdentity: RELEASE,
      claims: { 'github-repository': 'caller-org/app' },
    };
    const policy = buildPolicy(inputs, asInput);
    expect(policy.sourceRepository).toEqual({
      repository: 'caller-org/app',
      origin: 'github-repository',
    });
    expect(policy.claims).toEqual({});
    expect(messages(inputs, certificate('caller-org/app'))).toEqual([]);
    expect(messages(inputs, certificate('octo-org/octo-repo'))).toEqual([
      'signed in octo-org/octo-repo, expected caller-org/app (github-repository)',
    ]);
  });

  it('a regexp that fixes one repository pins it', () => {
    for (const pattern of [
      'https://github\\.com/octo-org/octo-repo/\\.github/workflows/release\\.yml@refs/tags/v[0-9.]+',
      '^https://github.com/octo-org/octo-repo/.*$',
      'https:\\/\\/github\\.com\\/octo-org\\/octo-repo\\/(?:a|b)\\.yml@.*',
    ]) {
      expect(
        buildPolicy({ certIdentityRegexp: pattern, claims: {} }, asInput).sourceRepository,
      ).toEqual({
        repository: 'octo-org/octo-repo',
        origin: 'cert-identity-regexp',
      });
    }
    expect(
      messages(
        { certIdentityRegexp: 'https://github\\.com/octo-org/octo-repo/.*', claims: {} },
        certificate('evil-org/evil-repo'),
      ),
    ).toEqual([
      expect.stringMatching(
        /^signed in evil-org\/evil-repo, expected octo-org\/octo-repo, the repository of cert-identity-regexp/,
      ),
    ]);
  });

  it.each([
    ['any repository of an owner', 'https://github\\.com/octo-org/.*'],
    ['a wildcard in the repository', 'https://github\\.com/octo-org/octo.repo/.*'],
    ['a class in the owner', 'https://github\\.com/[a-z-]+/octo-repo/.*'],
    ['an optional slash after the repository', 'https://github\\.com/octo-org/octo-repo/?.*'],
    ['no slash after the repository', 'https://github\\.com/octo-org/octo-repo.*'],
    [
      'a second alternative',
      'https://github\\.com/octo-org/octo-repo/.*|https://github\\.com/evil/x/.*',
    ],
    ['a fragment', 'octo-org/octo-repo/.*'],
    ['an escape sequence', 'https://github\\.com/octo\\x2dorg/octo-repo/.*'],
  ])('refuses, before anything is read, a regexp without a fixed repository: %s', (_, pattern) => {
    expect(patternRepository(pattern)).toBeUndefined();
    const err = failure({ certIdentityRegexp: pattern, claims: {} });
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(
      /does not fix one repository.*start the pattern with https:\/\/github\\\.com\/OWNER\/REPO\/ .*set github-repository .*turn on allow-any-source-repository .*Nothing was verified\.$/,
    );
    // With the CLI's names.
    expect(failure({ certIdentityRegexp: pattern, claims: {} }, asFlag).message).toMatch(
      /^--cert-identity-regexp .*--github-repository .*--allow-any-source-repository/,
    );
    // Pinned by github-repository, or opened explicitly, it is accepted.
    expect(
      buildPolicy({ certIdentityRegexp: pattern, claims: { 'github-repository': 'o/r' } }, asInput)
        .sourceRepository,
    ).toEqual({ repository: 'o/r', origin: 'github-repository' });
    const open = buildPolicy(
      { certIdentityRegexp: pattern, claims: {}, allowAnySourceRepository: true },
      asInput,
    );
    expect(open.sourceRepository).toBeUndefined();
    expect(open.anySourceRepository).toBe(true);
  });

  it('allow-any-source-repository accepts a run of any repository, and only for GitHub identities', () => {
    const inputs = { certIdentity: RELEASE, claims: {}, allowAnySourceRepository: true };
    expect(messages(inputs, certificate('evil-org/evil-repo'))).toEqual([]);
    const conflict = failure({ ...inputs, claims: { 'github-repository': 'o/r' } });
    expect(conflict.code).toBe('INPUT_CONFLICT');
    expect(conflict.message).toMatch(
      /^allow-any-source-repository and github-repository cannot be used together/,
    );
    expect(
      failure({
        ...inputs,
        certIdentity: 'a@example.com',
        certOidcIssuer: 'https://accounts.google.com',
      }).message,
    ).toMatch(/^allow-any-source-repository is about GitHub Actions identities/);
  });

  it('leaves other issuers, and the conformance protocol, as they were', () => {
    const email = {
      certIdentity: 'a@example.com',
      certOidcIssuer: 'https://accounts.google.com',
      claims: {},
    };
    expect(buildPolicy(email, asInput).sourceRepository).toBeUndefined();
    const conformance = { certIdentity: RELEASE, claims: {}, pinSourceRepository: false };
    expect(buildPolicy(conformance, asInput).sourceRepository).toBeUndefined();
    expect(messages(conformance, certificate('evil-org/evil-repo'))).toEqual([]);
  });
});

describe('github-workflow-file checks the workflow file, which no other workflow can copy', () => {
  const inputs = {
    claims: {
      'github-repository': 'octo-org/octo-repo',
      'github-workflow-name': 'Release',
      'github-workflow-file': '.github/workflows/release.yml',
    },
  };

  it('passes the release workflow, and refuses another file that took the same name', () => {
    expect(messages(inputs, certificate('octo-org/octo-repo'))).toEqual([]);
    expect(
      messages(
        inputs,
        certificate('octo-org/octo-repo', { workflowFile: '.github/workflows/pr-preview.yml' }),
      ),
    ).toEqual([
      'github-workflow-file is .github/workflows/pr-preview.yml in the certificate, expected .github/workflows/release.yml',
    ]);
  });
});
