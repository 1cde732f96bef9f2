import { longestUnbreakableRun } from '../../../src/report/markdown.js';
import { counted, listed, noun } from '../../../src/report/wording.js';

describe('counts in words', () => {
  it('says "1 file" and "2 files", never "1 files" or "file(s)"', () => {
    expect(counted(0, 'file')).toBe('0 files');
    expect(counted(1, 'file')).toBe('1 file');
    expect(counted(2, 'file')).toBe('2 files');
    expect(counted(1, 'timestamp authority', 'timestamp authorities')).toBe(
      '1 timestamp authority',
    );
    expect(counted(3, 'timestamp authority', 'timestamp authorities')).toBe(
      '3 timestamp authorities',
    );
    expect(`${counted(1, 'file')} ${noun(1, 'was', 'were')} not attempted`).toBe(
      '1 file was not attempted',
    );
    expect(`${counted(2, 'file')} ${noun(2, 'was', 'were')} not attempted`).toBe(
      '2 files were not attempted',
    );
  });

  it('lists names as a phrase, and says how many it leaves out', () => {
    expect(listed([])).toBe('');
    expect(listed(['a'])).toBe('a');
    expect(listed(['a', 'b'])).toBe('a and b');
    expect(listed(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listed(['a', 'b', 'c', 'd', 'e'], 3)).toBe('a, b, c and 2 more');
  });
});

describe('the longest word of a name, for a table column', () => {
  it('breaks where a browser can: spaces, and after a hyphen or slash before a letter', () => {
    expect(longestUnbreakableRun('dist/app-linux-amd64.tar.gz')).toBe('amd64.tar.gz'.length);
    expect(longestUnbreakableRun('a b')).toBe(1);
    // Never before a digit (linux-1.2 stays whole), at a dot or at an underscore.
    expect(longestUnbreakableRun('linux-1.2.3')).toBe('linux-1.2.3'.length);
    expect(longestUnbreakableRun('a_b.c_d')).toBe(7);
    expect(longestUnbreakableRun(`sha256-${'0f'.repeat(32)}`)).toBe(71);
    expect(longestUnbreakableRun(`sha256-${'f0'.repeat(32)}`)).toBe(64);
    expect(longestUnbreakableRun('')).toBe(0);
  });
});
