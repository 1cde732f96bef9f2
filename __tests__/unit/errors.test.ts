import { printable } from '../../src/errors.js';

describe('printable', () => {
  it('escapes control, format, separator and lone surrogate characters', () => {
    expect(printable('a\nb\r\u0000\u001b[31m\u007f\u0085\u2028\u202e\ufeff\ud800z')).toBe(
      'a\\u000ab\\u000d\\u0000\\u001b[31m\\u007f\\u0085\\u2028\\u202e\\ufeff\\ud800z',
    );
  });

  it('keeps ordinary text, accents, emoji and the em dash of checkpoints', () => {
    expect(printable('é 😀 \u2014 x')).toBe('é 😀 \u2014 x');
  });

  it('cuts long text, not in the middle of a surrogate pair, and says how long it was', () => {
    expect(printable('x'.repeat(1000), 10)).toBe('xxxxxxxxxx… (1000 characters)');
    expect(printable(`${'x'.repeat(9)}😀😀`, 10)).toBe('xxxxxxxxx… (13 characters)');
  });
});
