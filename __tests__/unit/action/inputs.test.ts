import {
  readActionInputs,
  type ActionConfig,
  type RunContext,
} from '../../../src/action/inputs.js';
import type { SignConfig } from '../../../src/config.js';
import type { VerifyConfig } from '../../../src/verify/run.js';
import { ActionError } from '../../../src/errors.js';

function inputs(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? (name === 'github-token' ? 'ghs_token' : '');
}

const context: RunContext = {
  repository: 'octo-org/octo-repo',
  ref: 'refs/tags/v1.2.3',
  defaultArtifactName: 'sigstore-bundles-build-0123abcd',
};

function readSignInputs(get: (name: string) => string): SignConfig {
  const config = readActionInputs(get, context);
  if (config.mode !== 'sign') throw new Error('expected sign mode');
  return config.sign;
}

function readVerifyInputs(values: Record<string, string>): VerifyConfig {
  const config = readActionInputs(inputs({ mode: 'verify', ...values }), context);
  if (config.mode !== 'verify') throw new Error('expected verify mode');
  return config.verify;
}

function failure(values: Record<string, string>): ActionError {
  try {
    readActionInputs(inputs(values), context);
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('readSignInputs', () => {
  it('defaults to the public-good instance, no overwrite, bundles beside the files', () => {
    const config = readSignInputs(
      inputs({ inputs: 'dist/*', staging: 'false', overwrite: 'false' }),
    );
    expect(config.instance).toEqual({ kind: 'public-good' });
    expect(config.overwrite).toBe(false);
    expect(config.bundleDirectory).toBeUndefined();
    expect(config.identityToken).toBeUndefined();
    expect(config.patterns.map((p) => p.pattern)).toEqual(['dist/*']);
  });

  it('reads rekor-version 1 or 2 (empty: the instance decides), refuses anything else', () => {
    expect(readSignInputs(inputs({ inputs: 'a' })).rekorVersion).toBeUndefined();
    expect(readSignInputs(inputs({ inputs: 'a', 'rekor-version': '2' })).rekorVersion).toEqual({
      majorApiVersion: 2,
      input: 'rekor-version',
    });
    expect(readSignInputs(inputs({ inputs: 'a', 'rekor-version': ' 1 ' })).rekorVersion).toEqual({
      majorApiVersion: 1,
      input: 'rekor-version',
    });
    for (const bad of ['3', 'v2', '2.0', 'two']) {
      expect(failure({ inputs: 'a', 'rekor-version': bad }).message).toBe(
        `rekor-version must be 1 or 2 (the Rekor major version to log to), not ${JSON.stringify(bad)}; leave it unset for the instance's default log.`,
      );
    }
    expect(failure({ mode: 'verify', inputs: 'a', 'rekor-version': '2' }).message).toBe(
      'rekor-version is only used in sign mode; remove it, or set mode: sign.',
    );
  });

  it('selects staging, files, and a TUF mirror', () => {
    expect(readSignInputs(inputs({ inputs: 'a', staging: 'true' })).instance).toEqual({
      kind: 'staging',
    });
    expect(
      readSignInputs(
        inputs({ inputs: 'a', 'signing-config': 'sc.json', 'trusted-root': 'tr.json' }),
      ).instance,
    ).toEqual({ kind: 'files', signingConfigPath: 'sc.json', trustedRootPath: 'tr.json' });
    expect(
      readSignInputs(
        inputs({ inputs: 'a', 'tuf-mirror': 'http://x/tuf/', 'tuf-root': 'root.json' }),
      ).instance,
    ).toEqual({ kind: 'tuf', mirrorURL: 'http://x/tuf', rootPath: 'root.json' });
  });

  it('refuses conflicting instance inputs, naming both', () => {
    const err = failure({ inputs: 'a', staging: 'true', 'signing-config': 'sc.json' });
    expect(err.code).toBe('INPUT_CONFLICT');
    expect(err.message).toMatch(/^staging and signing-config cannot be used together/);
    expect(
      failure({ inputs: 'a', 'tuf-mirror': 'http://x', 'signing-config': 's' }).message,
    ).toMatch(/tuf-mirror and signing-config/);
  });

  it('needs a signing config beside a trusted root, and a root beside a mirror', () => {
    expect(failure({ inputs: 'a', 'trusted-root': 'tr.json' }).message).toMatch(
      /trusted-root needs signing-config/,
    );
    expect(failure({ inputs: 'a', 'tuf-mirror': 'http://x' }).message).toMatch(
      /tuf-mirror needs tuf-root/,
    );
  });

  it('rejects a boolean input that is not true or false, naming it', () => {
    const err = failure({ inputs: 'a', overwrite: 'yes' });
    expect(err.message).toBe('overwrite must be true or false, not "yes".');
  });
});

describe('readActionInputs in verify mode', () => {
  it('builds the identity policy with the GitHub issuer by default', () => {
    const config = readVerifyInputs({
      inputs: 'dist/*',
      'cert-identity': 'https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1',
      'github-ref': 'refs/tags/v1',
      'trusted-root': 'root.json',
    });
    expect(config.policy).toEqual({
      identity: 'https://github.com/o/r/.github/workflows/w.yml@refs/tags/v1',
      identityPattern: undefined,
      issuer: 'https://token.actions.githubusercontent.com',
      claims: { 'github-ref': 'refs/tags/v1' },
      sourceRepository: { repository: 'o/r', origin: 'cert-identity' },
    });
    expect(config.trust).toEqual({ kind: 'file', trustedRootPath: 'root.json' });
    expect(readVerifyInputs({ inputs: 'a', 'github-repository': 'o/r' }).trust).toEqual({
      kind: 'public-good',
    });
  });

  it('anchors cert-identity-regexp and reports one that does not compile', () => {
    const config = readVerifyInputs({
      inputs: 'a',
      'cert-identity-regexp': 'https://github.com/o/.*',
      'github-repository': 'o/r',
    });
    expect(config.policy.identityPattern?.regexp.test('https://github.com/o/r')).toBe(true);
    expect(config.policy.identityPattern?.regexp.test('evil https://github.com/o/r')).toBe(false);
    expect(failure({ mode: 'verify', inputs: 'a', 'cert-identity-regexp': '(' }).message).toMatch(
      /^cert-identity-regexp is not a valid regular expression/,
    );
  });

  it('pins a GitHub identity to its repository, and takes the opt-out as a switch', () => {
    const unpinned = failure({
      mode: 'verify',
      inputs: 'a',
      'cert-identity-regexp': 'https://github.com/o/.*',
    });
    expect(unpinned.code).toBe('INPUT_INVALID');
    expect(unpinned.message).toMatch(/^cert-identity-regexp ".*" does not fix one repository/);
    const open = readVerifyInputs({
      inputs: 'a',
      'cert-identity-regexp': 'https://github.com/o/.*',
      'allow-any-source-repository': 'true',
    });
    expect(open.policy.anySourceRepository).toBe(true);
    expect(failure({ inputs: 'a', 'allow-any-source-repository': 'true' }).message).toMatch(
      /^allow-any-source-repository is only used in verify mode/,
    );
    expect(
      failure({ inputs: 'a', 'github-workflow-file': '.github/workflows/release.yml' }).message,
    ).toMatch(/^github-workflow-file is only used in verify mode/);
  });

  it('refuses no identity constraint, and both identity forms at once', () => {
    expect(failure({ mode: 'verify', inputs: 'a' }).message).toMatch(
      /^verification needs to know who must have signed/,
    );
    expect(
      failure({ mode: 'verify', inputs: 'a', 'cert-identity': 'x', 'cert-identity-regexp': 'x' })
        .message,
    ).toMatch(/^cert-identity and cert-identity-regexp cannot be used together/);
  });

  it('refuses empty inputs without release-tag, saying what else would do', () => {
    const err = failure({ mode: 'verify', inputs: ' ', 'github-repository': 'o/r' });
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'inputs is empty: name the files to verify (e.g. `inputs: dist/*`), or set release-tag to verify the assets of a release.',
    );
  });

  it('refuses inputs of the other mode and an unknown mode', () => {
    expect(
      failure({ mode: 'verify', inputs: 'a', 'github-repository': 'o/r', overwrite: 'true' })
        .message,
    ).toBe('overwrite is only used in sign mode; remove it, or set mode: sign.');
    expect(failure({ inputs: 'a', 'github-ref': 'refs/tags/v1' }).message).toBe(
      'github-ref is only used in verify mode; remove it, or set mode: verify.',
    );
    expect(failure({ mode: 'check', inputs: 'a' }).message).toBe(
      'mode must be sign or verify, not "check".',
    );
    expect(
      failure({
        mode: 'verify',
        inputs: 'a',
        'github-repository': 'o/r',
        staging: 'true',
        'trusted-root': 'r',
      }).message,
    ).toMatch(/^staging and trusted-root cannot be used together/);
  });
});

describe('readActionInputs for publishing', () => {
  function signWith(
    values: Record<string, string>,
    ctx: Partial<RunContext> = {},
  ): Extract<ActionConfig, { mode: 'sign' }> {
    const config = readActionInputs(inputs({ inputs: 'dist/*', ...values }), {
      ...context,
      ...ctx,
    });
    if (config.mode !== 'sign') throw new Error('expected sign mode');
    return config;
  }

  it('uploads under the unique default name unless one is given', () => {
    expect(signWith({ 'upload-signing-artifacts': 'true' }).publish.artifact).toEqual({
      name: 'sigstore-bundles-build-0123abcd',
      includeFiles: false,
    });
    expect(
      signWith({
        'upload-signing-artifacts': 'true',
        'upload-signing-artifacts-name': 'sigs',
        'upload-signed-files': 'true',
      }).publish.artifact,
    ).toEqual({ name: 'sigs', includeFiles: true });
  });

  it("takes the release tag from the input, the release event, or the run's tag ref", () => {
    expect(signWith({ 'release-signing-artifacts': 'true' }).publish.release?.tag).toBe('v1.2.3');
    expect(
      signWith(
        { 'release-signing-artifacts': 'true' },
        { ref: 'refs/heads/main', eventReleaseTag: 'v2' },
      ).publish.release?.tag,
    ).toBe('v2');
    expect(
      signWith(
        { 'release-signing-artifacts': 'true', 'release-tag': 'v3' },
        { ref: 'refs/heads/main' },
      ).publish.release?.tag,
    ).toBe('v3');
    expect(() =>
      signWith({ 'release-signing-artifacts': 'true' }, { ref: 'refs/heads/main' }),
    ).toThrow(/this run is for refs\/heads\/main, not a tag\. Set release-tag/);
  });

  it('refuses an artifact name the artifact service would refuse, before anything is signed', () => {
    const err = (() => {
      try {
        signWith({
          'upload-signing-artifacts': 'true',
          'upload-signing-artifacts-name': 'bundles/linux',
        });
      } catch (e) {
        return e as ActionError;
      }
      throw new Error('expected a failure');
    })();
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(
      /^upload-signing-artifacts-name is "bundles\/linux", which contains "\/".*e\.g\. "bundles-linux"/,
    );
  });

  it('needs release-signing-artifacts for release-notes', () => {
    expect(() => signWith({ 'release-notes': 'true' })).toThrow(
      /set release-signing-artifacts: true too/,
    );
  });

  it('verifies a release by tag, of this repository or another', () => {
    const config = readActionInputs(
      inputs({
        mode: 'verify',
        'release-tag': 'v1',
        'github-repository': 'o/r',
        repository: 'o/r',
      }),
      context,
    );
    expect(config.mode).toBe('verify-release');
    if (config.mode !== 'verify-release') return;
    expect(config.github).toEqual({ token: 'ghs_token', repository: 'o/r' });
    expect(config.release.tag).toBe('v1');
    expect(config.release.patterns).toEqual([]);
    // With release-tag, inputs select the assets that must verify.
    const selecting = readActionInputs(
      inputs({
        mode: 'verify',
        'release-tag': 'v1',
        inputs: '* !checksums.txt',
        'download-directory': 'verified',
        'github-repository': 'o/r',
      }),
      context,
    );
    if (selecting.mode !== 'verify-release') throw new Error(selecting.mode);
    expect(selecting.release.patterns.map((p) => [p.pattern, p.exclude])).toEqual([
      ['*', false],
      ['checksums.txt', true],
    ]);
    expect(selecting.release.downloadDirectory).toBe('verified');
    expect(() =>
      readActionInputs(
        inputs({
          mode: 'verify',
          inputs: 'a',
          'download-directory': 'verified',
          'github-repository': 'o/r',
        }),
        context,
      ),
    ).toThrow(/^download-directory keeps the verified assets of a release: set release-tag too/);
  });
});
