import { INVISIBLE_CHARACTER } from './log-text.js';

/** A word that any POSIX shell takes as it is. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;
const NEEDS_ESCAPE = new RegExp(INVISIBLE_CHARACTER, 'u');
const ANSI_C_ESCAPED = new RegExp(`${INVISIBLE_CHARACTER}|[\\\\']`, 'gu');
const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * Quotes a word for the shell commands the summary and the release notes print, when it needs it.
 * Single quotes keep every character as it is, line breaks and bidirectional overrides too: the
 * command would run right but not read right (a name could draw lines of its own inside the
 * block, or reorder the line it is on). So a word holding a character that log-text.ts shows
 * escaped is written in ANSI-C quotes, `$'...'`, with that character as an escape (`\n`, `\x1b`,
 * `\u202e`): the command shows what it does. `$'...'` is in bash, zsh, ksh and POSIX.1-2024
 * sh, not in dash 0.5.12 (Debian's sh); only such names need it.
 */
export function shellQuote(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  if (!NEEDS_ESCAPE.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  return `$'${word.replace(ANSI_C_ESCAPED, ansiEscape)}'`;
}

function ansiEscape(c: string): string {
  const named = NAMED_ESCAPES[c];
  if (named) return named;
  const code = c.codePointAt(0) ?? 0;
  // \xHH is a byte; above ASCII, \u and \U give the character in the locale's encoding (UTF-8).
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code > 0xffff
    ? `\\U${code.toString(16).padStart(8, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A command written over several lines, continued with `\`: the command, then each argument (or
 * option and its value) on a line of its own, indented by `indent`. A release body or a job
 * summary is about 120 monospace characters wide; a command on one line scrolls sideways and hides
 * its end, the pinned identity and repository.
 */
export function continuedCommand(command: string, args: readonly string[], indent = '  '): string {
  return [command, ...args.map((arg) => `${indent}${arg}`)].join(' \\\n');
}

/** GitHub's code blocks show about this many characters before they scroll sideways. */
export const COMMAND_WIDTH = 100;

/**
 * A command laid out to be read in a code block, its words already quoted: the head (the
 * command and its operands) packed onto the first lines, then each group of words (an option and
 * its value) on a line of its own, lines continued with ` \`. A group too long for its line has
 * its first word alone, the rest on the lines below, indented further; a single word longer than
 * the width (an identity URL) keeps its line. With `joinIfFits`, a command that fits on one line
 * stays one line.
 */
export function commandLines(
  head: readonly string[],
  groups: readonly (readonly string[])[] = [],
  options: { readonly width?: number; readonly joinIfFits?: boolean } = {},
): string {
  const width = options.width ?? COMMAND_WIDTH;
  const oneLine = [...head, ...groups.flat()].join(' ');
  if ((groups.length === 0 || options.joinIfFits) && oneLine.length <= width) return oneLine;
  // Room for the ` \` that continues every line but the last.
  const room = width - 2;
  const lines: string[] = [];
  const pack = (words: readonly string[], indent: string, nextIndent: string): void => {
    let line = '';
    for (const word of words) {
      if (line === '') line = indent + word;
      else if (line.length + 1 + word.length <= room) line += ` ${word}`;
      else {
        lines.push(line);
        line = nextIndent + word;
      }
    }
    if (line !== '') lines.push(line);
  };
  pack(head, '', '  ');
  for (const group of groups) {
    if (2 + group.join(' ').length <= room || group.length === 1)
      lines.push(`  ${group.join(' ')}`);
    else {
      lines.push(`  ${group[0]}`);
      pack(group.slice(1), '    ', '    ');
    }
  }
  return lines.map((line, i) => (i < lines.length - 1 ? `${line} \\` : line)).join('\n');
}
