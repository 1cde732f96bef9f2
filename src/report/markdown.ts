/**
 * Markdown for the job summary and the release notes. Every string this action did not write
 * itself (file and asset names, identities, predicate types, error messages, URLs) goes through
 * one of these, so that it renders as the characters it has, never as markup: it cannot end a
 * table cell or row, close a code span or a fence, start a link, image, autolink or HTML element.
 * References are to the GitHub Flavored Markdown spec (0.29-gfm): tables 4.10, fenced code
 * blocks 4.5, backslash escapes 6.1, entity references 6.2, code spans 6.3, links 6.6,
 * autolinks (extension) 6.9. Control and invisible characters are escaped first, as in the log
 * (log-text.ts), so no untrusted string holds a line break.
 */
import { AggregateActionError, describeError, redact } from '../errors.js';
import { printableMessage, printableName } from './log-text.js';

/** Characters that would be markup inside a line, and what they become. */
const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  // An entity, not `\|`: a table splits its rows at pipes before any escape is read.
  '|': '&#124;',
};

/**
 * Untrusted text as Markdown text, in a line or starting one: `& < > |` as entity references (no
 * HTML, no autolink in angle brackets, no cell break); backslash escapes for emphasis and
 * strikethrough (`* _ ~`), code (`` ` ``), links and images (`[ ]`), math (`$`), the backslash
 * itself, and what GitHub turns into links or emoji on its own (the `:` of `https://` and
 * `:smile:`, the `@` of addresses, the `.` of `www.`). At the start, whatever would open a block
 * (a heading, a list item, an indented code block) is escaped too.
 */
export function escapeMarkdown(text: string): string {
  return printableMessage(text)
    .replace(/[&<>|\\`*_~[\]:@$]|(?<=\bwww)\./gi, (c) => TEXT_ESCAPES[c] ?? `\\${c}`)
    .replace(/^[#+\-=]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^ /, '&#32;');
}

/**
 * A thrown value for the summary, as escapeMarkdown text; the errors of an aggregate as a list.
 */
export function errorMarkdown(err: unknown, secrets: Iterable<string> = []): string {
  if (!(err instanceof AggregateActionError)) return escapeMarkdown(describeError(err, secrets));
  return [
    `${escapeMarkdown(redact(err.summary, secrets))} (${err.code})`,
    '',
    ...err.errors.map((e) => `- ${escapeMarkdown(redact(e.message, secrets))}`),
  ].join('\n');
}

/**
 * Untrusted text as an inline code span: delimited by a backtick run longer than any inside it
 * (padded with a space where it starts or ends with a backtick or a space), so nothing in it can
 * close the span. Inside a table, `tableRow` escapes its pipes as GFM tables require.
 */
export function code(text: string): string {
  const content = printableName(text);
  if (content === '') return '';
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const delimiter = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== '' ? ' ' : '';
  return `${delimiter}${pad}${content}${pad}${delimiter}`;
}

/**
 * One table row. A pipe anywhere in a cell, code spans included, is written `\|`: GFM splits the
 * row at unescaped pipes before it reads anything else, and takes `\|` as a pipe in the cell.
 */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/**
 * A fenced code block whose fence (at least three backticks) is longer than any backtick run in
 * `content`: no line of the content can close it.
 */
export function fencedBlock(info: string, content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

/**
 * A link to an http(s) URL, its text escaped. The destination keeps RFC 3986's characters except
 * parentheses, and percent-encodes the rest (spaces, `<>`, `|`, backslashes, non-ASCII), so it
 * is one destination that ends where it should. Any other scheme (`javascript:`, `data:`) is
 * shown as code, not linked.
 */
export function link(text: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return `${escapeMarkdown(text)} (${code(url)})`;
  const destination = url.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]/gu, (c) =>
    [...Buffer.from(c, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
  return `[${escapeMarkdown(text)}](${destination})`;
}

/**
 * The longest stretch of `text` a browser cannot wrap, in characters: a table column is at least
 * that wide (GitHub's `overflow-wrap: break-word` breaks long words in paragraphs, but a table
 * sizes its columns before that, so a long word widens the table until it scrolls sideways).
 * Lines break at spaces, and after a hyphen or a slash followed by a letter (Unicode line
 * breaking, UAX #14: never before a digit, as in `linux-1.2`, and never at a dot or an
 * underscore); this counts conservatively, so `a_b.c` is one word.
 */
export function longestUnbreakableRun(text: string): number {
  return Math.max(0, ...text.split(/ |(?<=[-/])(?=\p{L})/u).map((word) => [...word].length));
}

/**
 * Markdown of our own (a result, a log index) whose spaces must not wrap: in a table squeezed to
 * the page, "✅ signed" on two lines makes every row twice as tall. Not for untrusted text, whose
 * spaces are the name's own.
 */
export function noWrap(markdown: string): string {
  return markdown.replace(/ /g, '&nbsp;');
}
