import { describeError, ActionError, AggregateActionError } from '../../../src/errors.js';
import { printable, printableName } from '../../../src/report/log-text.js';

/** Whether the runner would take a line as a workflow command (actions/runner ActionCommand.cs). */
function isWorkflowCommand(line: string): boolean {
  const v2 = line.trimStart();
  return (v2.startsWith('::') && v2.indexOf('::', 2) > 0) || line.includes('##[');
}

describe('printable', () => {
  it('escapes line breaks, so that a name cannot start a line of its own', () => {
    const name = 'a\n::warning title=X::pwned\r::add-mask::OK\u2028b\u0085c.tar.gz';
    const shown = printableName(name);
    expect(shown.split(/[\r\n\u2028\u2029\u0085]/)).toHaveLength(1);
    expect(shown).toBe(
      'a\\u000a:\\u003awarning title=X:\\u003apwned\\u000d:\\u003aadd-mask:\\u003aOK\\u2028b\\u0085c.tar.gz',
    );
  });

  it('leaves no workflow command prefix, wherever the text is put in a line', () => {
    for (const text of [
      '::warning::x',
      ':warning::x',
      ':::',
      'x##[add-mask]OK',
      '  ::error::x',
      ':',
      'x:',
    ]) {
      const shown = printable(text);
      expect(shown).not.toContain('::');
      expect(shown).not.toContain('##[');
      // Alone on a line, after spaces, after a `#`, before a colon.
      for (const line of [shown, `   ${shown}`, `${shown}: x::y`, `#${shown}`, `##${shown}`]) {
        expect(isWorkflowCommand(line)).toBe(false);
      }
    }
    // A colon that may start a line is escaped; one inside the text, or at its end, is not.
    expect(printable(' :x:')).toBe(' \\u003ax:');
    expect(printable('https://example.com/a:b')).toBe('https://example.com/a:b');
    expect(printable('##[x')).toBe('##\\u005bx');
  });

  it('shows bidirectional, zero-width and other invisible characters as escapes', () => {
    expect(printable('evil\u202egz.tar')).toBe('evil\\u202egz.tar');
    expect(printable('a\u2066b\u2069c\u200bd\u200ce\u200df\u2060g\ufeffh')).toBe(
      'a\\u2066b\\u2069c\\u200bd\\u200ce\\u200df\\u2060g\\ufeffh',
    );
    expect(printable('x\u3164y\u00a0z\u2003w\u{e0041}')).toBe(
      'x\\u3164y\\u00a0z\\u2003w\\u{e0041}',
    );
  });

  it('keeps ordinary names, accents, emoji and Windows paths readable', () => {
    expect(printableName('dist\\app-1.0 (final).tar.gz')).toBe('dist\\app-1.0 (final).tar.gz');
    expect(printable('café 😀 — ok')).toBe('café 😀 — ok');
  });

  it('is idempotent: escaping twice shows the same', () => {
    const text = 'a\n::b##[c\u202e';
    expect(printable(printable(text))).toBe(printable(text));
  });
});

describe('describeError', () => {
  it('makes every error message printable, one line per error', () => {
    const name = 'x\n::warning::pwned';
    expect(describeError(new ActionError('FILE_UNREADABLE', `${name} cannot be read`))).toBe(
      'x\\u000a:\\u003awarning:\\u003apwned cannot be read [FILE_UNREADABLE]',
    );
    const aggregate = new AggregateActionError('PATTERN_NO_MATCH', 'two problems:', [
      new ActionError('PATH_NOT_FOUND', `${name} is missing`),
      new ActionError('PATH_NOT_FOUND', 'y is missing'),
    ]);
    const lines = describeError(aggregate).split('\n');
    expect(lines).toEqual([
      'two problems:',
      '  - x\\u000a:\\u003awarning:\\u003apwned is missing',
      '  - y is missing [PATTERN_NO_MATCH]',
    ]);
    expect(describeError(new Error('bad\r\n##[add-mask]x'))).toBe(
      'bad\\u000d\\u000a##\\u005badd-mask]x [INTERNAL]',
    );
  });
});
