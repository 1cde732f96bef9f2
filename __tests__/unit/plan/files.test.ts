import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandInputPatterns } from '../../../src/plan/files.js';
import { parseInputPatterns } from '../../../src/plan/patterns.js';
import { ActionError } from '../../../src/errors.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'files-test-'));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), f);
  }
  return dir;
}

async function expand(dir: string, text: string, skipBundles = false): Promise<string[]> {
  const files = await expandInputPatterns(parseInputPatterns(text), {
    baseDir: dir,
    skipGlobMatch: skipBundles ? (f) => f.endsWith('.sigstore.json') : undefined,
  });
  return files.map((f) => f.displayPath);
}

async function failure(dir: string, text: string): Promise<ActionError> {
  try {
    await expand(dir, text);
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('expandInputPatterns', () => {
  const dir = tree([
    'dist/a.whl',
    'dist/b.whl',
    'dist/b.whl.sigstore.json',
    'dist/sub/c.tar.gz',
    'dist/sub/c-dev.tar.gz',
    'my dir/x [1].txt',
    'weird/*star.txt',
    'weird/plain.txt',
    '.hidden/h.txt',
  ]);

  it('expands globs and ** and sorts the result', async () => {
    expect(await expand(dir, 'dist/*.whl dist/**/*.tar.gz')).toEqual([
      'dist/a.whl',
      'dist/b.whl',
      'dist/sub/c-dev.tar.gz',
      'dist/sub/c.tar.gz',
    ]);
  });

  it('applies excludes to every include', async () => {
    expect(await expand(dir, 'dist/** !dist/**/*-dev.tar.gz !dist/*.json')).toEqual([
      'dist/a.whl',
      'dist/b.whl',
      'dist/sub/c.tar.gz',
    ]);
    expect(await expand(dir, 'dist/a.whl dist/b.whl !dist/b.*')).toEqual(['dist/a.whl']);
  });

  it('skips existing bundles matched by a glob but not a named one', async () => {
    expect(await expand(dir, 'dist/*', true)).toEqual(['dist/a.whl', 'dist/b.whl']);
    expect(await expand(dir, 'dist/b.whl.sigstore.json', true)).toEqual([
      'dist/b.whl.sigstore.json',
    ]);
  });

  it('takes quoted names with spaces and glob characters literally', async () => {
    expect(await expand(dir, `'my dir/x [1].txt' 'weird/*star.txt'`)).toEqual([
      'my dir/x [1].txt',
      'weird/*star.txt',
    ]);
    expect(await expand(dir, `"my dir"/*.txt`)).toEqual(['my dir/x [1].txt']);
  });

  it('matches hidden files with globs', async () => {
    expect(await expand(dir, '.hidden/*')).toEqual(['.hidden/h.txt']);
  });

  it('deduplicates files named twice', async () => {
    expect(await expand(dir, 'dist/a.whl dist/*.whl ./dist/a.whl')).toEqual([
      'dist/a.whl',
      'dist/b.whl',
    ]);
  });

  it('accepts absolute paths', async () => {
    const files = await expand(dir, path.join(dir, 'dist/a.whl'));
    expect(files).toEqual(['dist/a.whl']);
  });

  it('fails on a pattern that matches nothing, naming it', async () => {
    const err = await failure(dir, 'dist/*.whl dist/*.exe');
    expect(err.code).toBe('PATTERN_NO_MATCH');
    expect(err.message).toMatch(/the pattern "dist\/\*\.exe" matches no file/);
  });

  it('says when excludes removed everything', async () => {
    const err = await failure(dir, 'dist/*.whl !dist/*');
    expect(err.message).toMatch(/matches only files that the "!" patterns exclude/);
  });

  it('fails on a missing file and on a directory, saying what to write', async () => {
    const missing = await failure(dir, 'dist/nope.whl');
    expect(missing.code).toBe('PATH_NOT_FOUND');
    expect(missing.message).toMatch(/"dist\/nope.whl" does not exist/);
    const directory = await failure(dir, 'dist/');
    expect(directory.code).toBe('PATH_IS_DIRECTORY');
    expect(directory.message).toMatch(/e\.g\. "dist\/\*" or "dist\/\*\*"/);
  });

  it('reports every bad pattern at once', async () => {
    const err = await failure(dir, 'nope1 dist/a.whl nope2/*');
    expect(err.message).toMatch(/2 patterns could not be used/);
    expect(err.message).toMatch(/"nope1" does not exist/);
    expect(err.message).toMatch(/"nope2\/\*" matches no file/);
  });

  it('fails on empty or exclude-only input', async () => {
    expect((await failure(dir, ' ')).message).toMatch(/inputs is empty/);
    expect((await failure(dir, '!dist/*')).message).toMatch(/only exclude patterns/);
  });

  it('follows symbolic links to files', async () => {
    const d = tree(['real.txt']);
    symlinkSync(path.join(d, 'real.txt'), path.join(d, 'link.txt'));
    expect(await expand(d, '*.txt')).toEqual(['link.txt', 'real.txt']);
  });
});

describe('expandInputPatterns with special files', () => {
  it('refuses a FIFO, named or matched by a glob', async () => {
    const { execFileSync } = await import('node:child_process');
    const d = tree(['a.txt']);
    execFileSync('mkfifo', [path.join(d, 'pipe')]);
    expect((await failure(d, 'pipe')).message).toMatch(/"pipe" is not a regular file/);
    expect((await failure(d, '*')).message).toMatch(
      /pipe \(matched by "\*"\) is not a regular file/,
    );
    expect(await expand(d, '* !pipe')).toEqual(['a.txt']);
  });
});

describe('expandInputPatterns with symbolic links leaving the workspace', () => {
  const outside = tree(['secret.txt', 'lib/x.so']);

  it('refuses a link to a file outside, saying where it leads and what to do', async () => {
    const d = tree(['a.txt']);
    symlinkSync(path.join(outside, 'secret.txt'), path.join(d, 'app'));
    const err = await failure(d, 'a.txt app');
    expect(err.code).toBe('PATH_OUTSIDE_WORKSPACE');
    expect(err.message).toMatch(
      /^inputs: "app" leads through a symbolic link to \/.*\/secret\.txt, outside the workspace/,
    );
    expect(err.message).toMatch(/copy the file into the workspace, or name its real path/);
  });

  it('refuses files a glob reaches through a linked directory', async () => {
    const d = tree(['dist/a.txt']);
    symlinkSync(path.join(outside, 'lib'), path.join(d, 'dist', 'lib'));
    const err = await failure(d, 'dist/**');
    expect(err.code).toBe('PATH_OUTSIDE_WORKSPACE');
    expect(err.message).toMatch(/dist\/lib\/x\.so \(matched by "dist\/\*\*"\) leads through/);
    expect(err.message).toMatch(/exclude it with "!"/);
    // Excluded, it is no longer a problem.
    expect(await expand(d, 'dist/** !dist/lib/**')).toEqual(['dist/a.txt']);
  });

  it('accepts links that stay inside, and a path outside that is named as such', async () => {
    const d = tree(['real/a.txt']);
    symlinkSync(path.join(d, 'real'), path.join(d, 'alias'));
    expect(await expand(d, 'alias/a.txt')).toEqual(['alias/a.txt']);
    expect(await expand(d, path.join(outside, 'secret.txt'))).toEqual([
      path.join(outside, 'secret.txt'),
    ]);
  });

  it('compares real paths when the workspace itself is reached through a link', async () => {
    const real = tree(['a.txt']);
    const parent = mkdtempSync(path.join(tmpdir(), 'files-test-'));
    const linked = path.join(parent, 'ws');
    symlinkSync(real, linked);
    expect(await expand(linked, 'a.txt')).toEqual(['a.txt']);
  });
});
