import { readSignInputs } from '../../../src/action/inputs.js';
import { ActionError } from '../../../src/errors.js';

function inputs(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? '';
}

function failure(values: Record<string, string>): ActionError {
  try {
    readSignInputs(inputs(values));
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
