// What a Markdown document renders as, for tests that check untrusted text stayed inert: parsed by
// markdown-it the way GitHub reads it (CommonMark, GFM tables and strikethrough, raw HTML passed
// on, URLs with a scheme and e-mail addresses autolinked as GFM's autolink extension does), then
// described as a structure to compare. Every link is kept, `javascript:` ones too: what matters
// is whether the text FORMED a link, not whether a sanitizer would drop it afterwards.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export interface MarkdownStructure {
  /** Fenced or indented code blocks: the info string and the content. */
  codeBlocks: { info: string; content: string }[];
  /** Tables: the header's cells and each body row's cells, as rendered text. */
  tables: { header: string[]; rows: string[][] }[];
  /** Raw HTML, inline or as a block, as written. */
  html: string[];
  /** Link targets (autolinks included) and image sources. */
  links: string[];
  images: string[];
  /** Inline code spans' content. */
  codeSpans: string[];
  headings: string[];
}

const parser = new MarkdownIt('default', { html: true, linkify: true });
parser.validateLink = () => true;
// GFM links `https://x` and `a@b.c`, not a bare `x.com` nor `//x.com` (linkify-it's extras).
// (Its `www.` links are not modelled here: a bare domain would count as one too.)
parser.linkify.set({ fuzzyLink: false, fuzzyEmail: true, fuzzyIP: false });
parser.linkify.add('//', null).add('ftp:', null);

/** The HTML a document renders as (raw HTML passed on, as GitHub does before sanitizing). */
export function renderMarkdown(markdown: string): string {
  return parser.render(markdown);
}

export function markdownStructure(markdown: string): MarkdownStructure {
  const tokens = parser.parse(markdown, {});
  const s: MarkdownStructure = {
    codeBlocks: [],
    tables: [],
    html: [],
    links: [],
    images: [],
    codeSpans: [],
    headings: [],
  };
  let table: MarkdownStructure['tables'][number] | undefined;
  let row: string[] | undefined;
  let inHeader = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'fence':
      case 'code_block':
        s.codeBlocks.push({ info: t.info.trim(), content: t.content });
        break;
      case 'html_block':
        s.html.push(t.content);
        break;
      case 'table_open':
        table = { header: [], rows: [] };
        s.tables.push(table);
        break;
      case 'thead_open':
        inHeader = true;
        break;
      case 'thead_close':
        inHeader = false;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (table && row) {
          if (inHeader) table.header = row;
          else table.rows.push(row);
        }
        row = undefined;
        break;
      case 'heading_open':
        s.headings.push(inlineText(tokens[i + 1]));
        break;
      case 'inline':
        if (row && (tokens[i - 1]?.type === 'th_open' || tokens[i - 1]?.type === 'td_open')) {
          row.push(inlineText(t));
        }
        for (const child of t.children ?? []) inlineChild(child, s);
        break;
    }
  }
  return s;
}

function inlineChild(t: Token, s: MarkdownStructure): void {
  switch (t.type) {
    case 'html_inline':
      s.html.push(t.content);
      break;
    case 'link_open':
      s.links.push(String(t.attrGet('href') ?? ''));
      break;
    case 'image':
      s.images.push(String(t.attrGet('src') ?? ''));
      break;
    case 'code_inline':
      s.codeSpans.push(t.content);
      break;
  }
}

/** The text an inline token renders as (code spans as their content, markup dropped). */
function inlineText(t: Token | undefined): string {
  return (t?.children ?? [])
    .map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : ''))
    .join('');
}
