import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActionError } from '../../../src/errors.js';
import { parseInputPatterns } from '../../../src/plan/patterns.js';
import {
  keepFile,
  prepareDownloadDirectory,
  selectAssets,
} from '../../../src/verify/release-assets.js';

const ASSETS = [
  'app.tar.gz',
  'app.tar.gz.sigstore.json',
  'app.whl',
  'app.whl.sigstore.json',
  'app.whl.intoto.sigstore.json',
  'checksums.txt',
  'orphan.bin.sigstore.json',
].map((name) => ({ name }));

function select(inputs: string): { selected: string[]; excluded: string[] } {
  const { selected, excluded } = selectAssets(ASSETS, parseInputPatterns(inputs), 'v1 of o/r');
  return { selected: selected.map((a) => a.name), excluded: excluded.map((a) => a.name) };
}

function selectError(inputs: string): ActionError {
  try {
    select(inputs);
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('selected without an error');
}

describe('selectAssets', () => {
  it('selects every asset without patterns', () => {
    expect(select('').selected).toEqual(ASSETS.map((a) => a.name));
  });

  it('excludes an asset with its bundles; an orphan bundle stays, by its own name', () => {
    expect(select('* !checksums.txt').excluded).toEqual(['checksums.txt']);
    expect(select('* !app.whl')).toEqual({
      selected: [
        'app.tar.gz',
        'app.tar.gz.sigstore.json',
        'checksums.txt',
        'orphan.bin.sigstore.json',
      ],
      excluded: ['app.whl', 'app.whl.sigstore.json', 'app.whl.intoto.sigstore.json'],
    });
  });

  it('takes only excludes as "everything but"', () => {
    expect(select('!checksums.txt !orphan.bin.sigstore.json').selected).toEqual([
      'app.tar.gz',
      'app.tar.gz.sigstore.json',
      'app.whl',
      'app.whl.sigstore.json',
      'app.whl.intoto.sigstore.json',
    ]);
  });

  it('matches literal names exactly, and globs against names', () => {
    expect(select('app.whl').selected).toEqual([
      'app.whl',
      'app.whl.sigstore.json',
      'app.whl.intoto.sigstore.json',
    ]);
    expect(select('app.*.gz').selected).toEqual(['app.tar.gz', 'app.tar.gz.sigstore.json']);
    // Quoted, the star is a character of the name: no asset has it.
    expect(selectError("'app.*'").message).toMatch(/^inputs: "'app\.\*'" matches no asset/);
  });

  it('refuses a pattern that selects nothing, naming it, the release, its assets and the fix', () => {
    const err = selectError('*.zip !checksum.txt');
    expect(err.code).toBe('PATTERN_NO_MATCH');
    expect(err.message).toMatch(
      /^inputs: "\*\.zip" matches no asset; "!checksum\.txt" excludes no asset of the release v1 of o\/r\. Its assets: app\.tar\.gz, app\.whl, checksums\.txt, orphan\.bin\.sigstore\.json\. /,
    );
    expect(err.message).toMatch(/fix the pattern, or remove it to verify every asset\.$/);
    expect(selectError('app.whl !app.*').message).toMatch(
      /"app\.whl" selects only assets that the "!" patterns exclude/,
    );
  });
});

describe('download directory', () => {
  it('is created when missing, refused when not empty, and gets whole files only', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'keep-'));
    const dir = path.join(root, 'a', 'verified');
    await prepareDownloadDirectory(dir);
    const from = path.join(root, 'download');
    writeFileSync(from, 'bytes');
    await keepFile(from, dir, 'app.whl');
    expect(readdirSync(dir)).toEqual(['app.whl']);
    expect(readFileSync(path.join(dir, 'app.whl'), 'utf8')).toBe('bytes');
    await expect(prepareDownloadDirectory(dir)).rejects.toThrow(
      /download-directory: .*verified is not empty \(1 entry\); every file there must be one that verified/,
    );
    writeFileSync(from, 'bytes');
    await expect(keepFile(from, dir, '../escape')).rejects.toThrow(/is not a plain file name/);
    expect(readdirSync(dir)).toEqual(['app.whl']);
  });
});
