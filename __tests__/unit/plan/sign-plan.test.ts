import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActionError } from '../../../src/errors.js';
import { planSigning } from '../../../src/plan/sign-plan.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-test-'));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), f);
  }
  return dir;
}

async function failure(
  dir: string,
  names: string[],
  options: { bundleDirectory?: string; overwrite?: boolean } = {},
): Promise<ActionError> {
  try {
    await planSigning(
      names.map((n) => ({ path: path.join(dir, n), displayPath: n })),
      { baseDir: dir, overwrite: options.overwrite ?? false, ...options },
    );
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('planSigning refuses, before signing, bundles that cannot be written', () => {
  it('a bundle-directory that is a file, or below a file', async () => {
    const d = tree(['a.txt', 'sigs']);
    const file = await failure(d, ['a.txt'], { bundleDirectory: 'sigs' });
    expect(file.code).toBe('INPUT_INVALID');
    expect(file.message).toMatch(
      /^bundle-directory: "sigs" exists and is not a directory; name a directory/,
    );
    const below = await failure(d, ['a.txt'], { bundleDirectory: 'sigs/v1' });
    expect(below.code).toBe('INPUT_INVALID');
    expect(below.message).toMatch(
      /"sigs\/v1" cannot be a directory, because a part of its path is a file/,
    );
  });

  it('a bundle path that is a directory, even with overwrite', async () => {
    const d = tree(['a.txt', 'a.txt.sigstore.json/x']);
    const err = await failure(d, ['a.txt'], { overwrite: true });
    expect(err.code).toBe('BUNDLE_NAME_CONFLICT');
    expect(err.message).toMatch(/a\.txt: its bundle path a\.txt\.sigstore\.json is a directory/);
  });
});
