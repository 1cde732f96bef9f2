import { parseInputPatterns, type InputPattern } from '../../../src/plan/patterns.js';

const parsed = (text: string): Omit<InputPattern, 'source'>[] =>
  parseInputPatterns(text).map(({ exclude, isGlob, pattern }) => ({ exclude, isGlob, pattern }));

describe('parseInputPatterns', () => {
  it('splits on spaces, tabs and newlines', () => {
    expect(parsed('a.txt  b.txt\n\tc.txt\n\n')).toEqual([
      { exclude: false, isGlob: false, pattern: 'a.txt' },
      { exclude: false, isGlob: false, pattern: 'b.txt' },
      { exclude: false, isGlob: false, pattern: 'c.txt' },
    ]);
  });

  it('keeps quoted spaces and makes quoted glob characters literal', () => {
    expect(parsed(`'my file.txt' "other file.txt" my\\ third.txt`).map((p) => p.pattern)).toEqual([
      'my file.txt',
      'other file.txt',
      'my third.txt',
    ]);
    expect(parsed(`'report [final].pdf'`)).toEqual([
      { exclude: false, isGlob: false, pattern: 'report [final].pdf' },
    ]);
    expect(parsed(`"my dir"/*.whl`)).toEqual([
      { exclude: false, isGlob: true, pattern: 'my dir/*.whl' },
    ]);
    expect(parsed(`'a*b'/*.whl`)).toEqual([
      { exclude: false, isGlob: true, pattern: 'a[*]b/*.whl' },
    ]);
  });

  it('recognises globs and excludes', () => {
    expect(parsed('dist/**/*.tar.gz !dist/**/*-dev.tar.gz')).toEqual([
      { exclude: false, isGlob: true, pattern: 'dist/**/*.tar.gz' },
      { exclude: true, isGlob: true, pattern: 'dist/**/*-dev.tar.gz' },
    ]);
    expect(parsed(`'!important.txt'`)).toEqual([
      { exclude: false, isGlob: false, pattern: '!important.txt' },
    ]);
  });

  it('does not expand variables', () => {
    expect(parsed('$HOME/x "${GITHUB_WORKSPACE}"').map((p) => p.pattern)).toEqual([
      '$HOME/x',
      '${GITHUB_WORKSPACE}',
    ]);
  });

  it('handles escapes inside double quotes like a shell', () => {
    expect(parsed(`"say \\"hi\\".txt" "back\\\\slash" "keep\\n"`).map((p) => p.pattern)).toEqual([
      'say "hi".txt',
      'back\\slash',
      'keep\\n',
    ]);
  });

  it('returns nothing for blank input', () => {
    expect(parsed('  \n \t ')).toEqual([]);
  });

  it('rejects an unterminated quote, naming the line', () => {
    expect(() => parseInputPatterns(`a.txt\n'b.txt`)).toThrow(
      /' quote opened on line 2 is never closed/,
    );
    expect(() => parseInputPatterns(`"b.txt`)).toThrow(/" quote opened on line 1/);
  });

  it('rejects a bare "!"', () => {
    expect(() => parseInputPatterns('a !')).toThrow(/excludes nothing/);
  });
});
