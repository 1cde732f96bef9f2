/**
 * gh-action-sigstore-python's inputs, read by readActionInputs and checkKnownInputs: the same
 * meaning under the same name, or a refusal that names what to use instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYAML } from 'yaml';
import {
  readActionInputs,
  type ActionConfig,
  type RunContext,
} from '../../../src/action/inputs.js';
import {
  ACTION_INPUTS,
  checkKnownInputs,
  inputVariable,
} from '../../../src/action/known-inputs.js';
import { REPLACED_INPUTS } from '../../../src/action/migration.js';
import { ActionError, AggregateActionError } from '../../../src/errors.js';
import { THEIR_INPUTS } from '../../helpers/gh-action-sigstore-python.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const ACTION = parseYAML(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
};
const ISSUER = 'https://token.actions.githubusercontent.com';

/** The inputs as the runner gives them: action.yml's defaults, then the step's `with:`. */
function runnerInputs(values: Record<string, string>): (name: string) => string {
  const defaults = Object.fromEntries(
    Object.entries(ACTION.inputs).map(([name, spec]) => [name, String(spec.default ?? '')]),
  );
  const all: Record<string, string> = { ...defaults, 'github-token': 'ghs_token', ...values };
  return (name) => all[name] ?? '';
}

const push: RunContext = {
  repository: 'octo-org/octo-repo',
  ref: 'refs/tags/v1.2.3',
  eventName: 'push',
  defaultArtifactName: 'sigstore-bundles-build-0123abcd',
};
const release = (action: string): RunContext => ({
  ...push,
  eventName: 'release',
  eventAction: action,
  eventReleaseTag: 'v1.2.3',
});

function read(values: Record<string, string>, context = push): ActionConfig {
  return readActionInputs(runnerInputs(values), context);
}

function sign(
  values: Record<string, string>,
  context = push,
): Extract<ActionConfig, { mode: 'sign' }> {
  const config = read(values, context);
  if (config.mode !== 'sign') throw new Error('expected sign mode');
  return config;
}

function failure(values: Record<string, string>, context = push): ActionError {
  try {
    read(values, context);
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe("gh-action-sigstore-python's names of the same inputs", () => {
  it('verify-cert-identity and verify-oidc-issuer are checked on each new bundle', () => {
    const config = sign({
      inputs: 'dist/*',
      verify: 'true',
      'verify-cert-identity': 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1',
      'verify-oidc-issuer': ISSUER,
    }).sign;
    expect(config.verify).toBe(true);
    expect(config.expectedIdentity).toBe(
      'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1',
    );
    // Given explicitly, GitHub's issuer is required too, although it is cert-oidc-issuer's default.
    expect(config.expectedIssuer).toBe(ISSUER);
    expect(config.expectationNames).toEqual({
      identity: 'verify-cert-identity',
      issuer: 'verify-oidc-issuer',
    });
  });

  it("requires no issuer in sign mode unless one is given (cert-oidc-issuer's default is not)", () => {
    expect(sign({ inputs: 'a' }).sign.expectedIssuer).toBeUndefined();
    expect(
      sign({ inputs: 'a', 'cert-oidc-issuer': 'https://issuer.example' }).sign.expectedIssuer,
    ).toBe('https://issuer.example');
    expect(failure({ inputs: 'a', 'verify-oidc-issuer': 'github' }).message).toBe(
      `verify-oidc-issuer must be the issuer's URL as the certificate records it (GitHub Actions: ${ISSUER}), not "github".`,
    );
  });

  it('are the policy of verify mode too', () => {
    const config = read({
      mode: 'verify',
      inputs: 'dist/*',
      'verify-cert-identity': 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1',
      'verify-oidc-issuer': 'https://issuer.example',
    });
    if (config.mode !== 'verify') throw new Error('expected verify mode');
    expect(config.verify.policy.identity).toBe(
      'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1',
    );
    expect(config.verify.policy.issuer).toBe('https://issuer.example');
  });

  it('refuse a different value under both names, and accept the same one', () => {
    const conflict = failure({
      inputs: 'a',
      'cert-identity': 'https://github.com/o/r/.github/workflows/a.yml@refs/heads/main',
      'verify-cert-identity': 'https://github.com/o/r/.github/workflows/b.yml@refs/heads/main',
    });
    expect(conflict.code).toBe('INPUT_CONFLICT');
    expect(conflict.message).toBe(
      "verify-cert-identity (gh-action-sigstore-python's name for cert-identity) and cert-identity are both set, to different values; keep cert-identity and remove verify-cert-identity.",
    );
    const id = 'https://github.com/o/r/.github/workflows/a.yml@refs/heads/main';
    expect(
      sign({ inputs: 'a', 'cert-identity': id, 'verify-cert-identity': id }).sign.expectedIdentity,
    ).toBe(id);
    expect(
      failure({
        inputs: 'a',
        'cert-oidc-issuer': 'https://a.example',
        'verify-oidc-issuer': 'https://b.example',
      }).code,
    ).toBe('INPUT_CONFLICT');
  });

  it('oidc-client-id is the audience of the token (sign mode only)', () => {
    expect(sign({ inputs: 'a', 'oidc-client-id': 'my-fulcio' }).sign.oidcAudience).toBe(
      'my-fulcio',
    );
    expect(sign({ inputs: 'a', 'oidc-client-id': 'sigstore' }).sign.oidcAudience).toBe('sigstore');
    expect(failure({ inputs: 'a', 'oidc-client-id': 'x', 'oidc-audience': 'y' }).message).toContain(
      "oidc-client-id (gh-action-sigstore-python's name for oidc-audience)",
    );
    expect(
      failure({ mode: 'verify', inputs: 'a', 'cert-identity': 'x', 'oidc-client-id': 'y' }).message,
    ).toBe('oidc-client-id is only used in sign mode; remove it, or set mode: sign.');
  });

  it('refuses an identity check that verify: false would skip, as gh-action-sigstore-python does', () => {
    const err = failure({ inputs: 'a', verify: 'false', 'verify-cert-identity': 'x' });
    expect(err.code).toBe('INPUT_CONFLICT');
    expect(err.message).toBe(
      'verify-cert-identity is checked by the verification of each new bundle, which verify: false turns off; remove verify: false (verify defaults to true), or remove it.',
    );
    expect(
      failure({
        inputs: 'a',
        verify: 'false',
        'cert-identity': 'x',
        'verify-oidc-issuer': ISSUER,
      }).message,
    ).toMatch(/^cert-identity and verify-oidc-issuer are checked by the verification/);
    expect(sign({ inputs: 'a', verify: 'false' }).sign.verify).toBe(false);
  });

  it("points sign mode's bundle to bundle-directory", () => {
    const err = failure({ inputs: 'a', bundle: 'out.sigstore.json' });
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      "bundle is only used in verify mode; remove it, or set mode: verify. To choose where sign mode writes the bundles (gh-action-sigstore-python's bundle), set bundle-directory: each bundle is <file name>.sigstore.json there.",
    );
  });
});

describe('release-signing-artifacts unset', () => {
  it('attaches on a published release, as gh-action-sigstore-python', () => {
    const config = sign({ inputs: 'dist/*' }, release('published'));
    expect(config.publish.release).toEqual({ tag: 'v1.2.3', notes: false });
    expect(config.github).toEqual({ token: 'ghs_token', repository: 'octo-org/octo-repo' });
    expect(config.notices).toEqual([]);
  });

  it('attaches nothing on other events, and says so on other release events', () => {
    const created = sign({ inputs: 'dist/*' }, release('created'));
    expect(created.publish.release).toBeUndefined();
    expect(created.notices).toEqual([
      'release-signing-artifacts is not set, and this release event is "created", not "published": nothing is attached to the release (gh-action-sigstore-python attaches on "published" only). Set release-signing-artifacts: true to attach the bundles.',
    ]);
    const pushed = sign({ inputs: 'dist/*' });
    expect(pushed.publish.release).toBeUndefined();
    expect(pushed.notices).toEqual([]);
  });

  it('follows an explicit value on any event', () => {
    expect(
      sign({ inputs: 'a', 'release-signing-artifacts': 'false' }, release('published')).publish
        .release,
    ).toBeUndefined();
    expect(sign({ inputs: 'a', 'release-signing-artifacts': 'true' }).publish.release).toEqual({
      tag: 'v1.2.3',
      notes: false,
    });
  });

  it("refuses empty inputs on a release event, saying this action does not sign GitHub's archives", () => {
    const err = failure({ inputs: '' }, release('published'));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(/^inputs is empty: name the files to sign/);
    expect(err.message).toContain("gh-action-sigstore-python signs GitHub's source archives");
  });
});

describe('checkKnownInputs', () => {
  const runnerEnv = (extra: Record<string, string>): Record<string, string> => ({
    PATH: '/usr/bin',
    GITHUB_WORKSPACE: '/w',
    ...Object.fromEntries(
      Object.entries(ACTION.inputs).map(([name, spec]) => [
        inputVariable(name),
        String(spec.default ?? ''),
      ]),
    ),
    ...extra,
  });

  it("knows action.yml's inputs, in its order", () => {
    expect(ACTION_INPUTS).toEqual(Object.keys(ACTION.inputs));
    expect(() => checkKnownInputs(runnerEnv({}))).not.toThrow();
  });

  it("refuses a key of gh-action-sigstore-python's with its replacement", () => {
    const err = (() => {
      try {
        checkKnownInputs(runnerEnv({ INPUT_SIGNATURE: 'out.sig' }));
      } catch (e) {
        return e as ActionError;
      }
      throw new Error('expected a failure');
    })();
    expect(err.code).toBe('INPUT_UNKNOWN');
    expect(err.message).toBe(
      'unknown input `signature` (an input of gh-action-sigstore-python): this action writes one Sigstore bundle per file (<file>.sigstore.json, beside it or in bundle-directory) that holds the signature and the certificate; sigstore-python, cosign and this action verify the bundle; remove it.',
    );
  });

  it('refuses every unknown key at once, a misspelling with the input it resembles', () => {
    let err: unknown;
    try {
      checkKnownInputs(
        runnerEnv({
          'INPUT_CERT-IDENTIY': 'x',
          'INPUT_FULCIO-URL': 'https://fulcio.example',
          INPUT_NONSENSE_WITH_SPACES: 'x',
        }),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AggregateActionError);
    const aggregate = err as AggregateActionError;
    expect(aggregate.summary).toBe(
      '3 inputs of this step are not inputs of this action (nothing was done):',
    );
    expect(aggregate.errors.map((e) => e.message)).toEqual([
      'unknown input `cert-identiy`: did you mean `cert-identity`? Rename it, or remove it.',
      expect.stringMatching(
        /^unknown input `fulcio-url` \(an input of gh-action-sigstore-python\): a custom Sigstore instance is given by signing-config/,
      ) as unknown,
      'unknown input `nonsense_with_spaces`: this action has no input of that name (its inputs are listed in its README and action.yml); remove it.',
    ]);
  });

  it('has an answer for every input gh-action-sigstore-python ever had', () => {
    const unanswered = THEIR_INPUTS.filter(
      (name) => !ACTION_INPUTS.includes(name) && !(name in REPLACED_INPUTS),
    );
    expect(unanswered).toEqual([]);
    // And no replacement text for a name this action accepts.
    expect(Object.keys(REPLACED_INPUTS).filter((name) => ACTION_INPUTS.includes(name))).toEqual([]);
  });
});
