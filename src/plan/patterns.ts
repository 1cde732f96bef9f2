import { ActionError } from '../errors.js';

/**
 * The `inputs` input: paths and globs separated by whitespace or newlines, with shell-style
 * quoting for names with spaces. Quoting also makes glob characters literal, as in a shell:
 * `'report [final].pdf'` names one file, `dist/*.whl` is a glob. `!pattern` excludes.
 * Nothing is expanded: `$HOME` is the file named `$HOME`.
 */
export interface InputPattern {
  /** The word as the user wrote it, for messages. */
  readonly source: string;
  /** True for `!pattern`: remove matches from the files the other patterns found. */
  readonly exclude: boolean;
  /** True when an unquoted `*`, `?` or `[` makes this a glob; false for a literal path. */
  readonly isGlob: boolean;
  /** The path (literal) or the glob with quoted characters escaped as `[c]`. */
  readonly pattern: string;
}

const GLOB_CHARS = new Set(['*', '?', '[']);

interface Word {
  source: string;
  chars: { c: string; quoted: boolean }[];
}

export function parseInputPatterns(text: string): InputPattern[] {
  return splitWords(text).map(toPattern);
}

function toPattern(word: Word): InputPattern {
  let chars = word.chars;
  const exclude = chars.length > 0 && chars[0].c === '!' && !chars[0].quoted;
  if (exclude) chars = chars.slice(1);
  if (chars.length === 0) {
    throw new ActionError(
      'PATTERN_INVALID',
      `inputs: "${word.source}" excludes nothing; write the pattern after "!", e.g. "!dist/*.txt".`,
    );
  }
  const isGlob = chars.some(({ c, quoted }) => !quoted && GLOB_CHARS.has(c));
  const pattern = isGlob
    ? chars.map(({ c, quoted }) => (quoted ? escapeGlob(c) : c)).join('')
    : chars.map(({ c }) => c).join('');
  return { source: word.source, exclude, isGlob, pattern };
}

function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let current: Word | undefined;
  let i = 0;
  const start = (): Word => (current ??= { source: '', chars: [] });
  const push = (c: string, quoted: boolean): void => {
    start().chars.push({ c, quoted });
  };

  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (current) words.push(current);
      current = undefined;
      i++;
      continue;
    }
    const from = i;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw unterminated(text, i, "'");
      start();
      for (const q of text.slice(i + 1, end)) push(q, true);
      i = end + 1;
    } else if (c === '"') {
      start();
      i++;
      while (i < text.length && text[i] !== '"') {
        // Inside double quotes a backslash escapes only the characters a shell escapes there.
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) i++;
        push(text[i], true);
        i++;
      }
      if (i >= text.length) throw unterminated(text, from, '"');
      i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) {
        throw new ActionError(
          'PATTERN_INVALID',
          `inputs: a backslash ends the input; remove it or escape the next character.`,
        );
      }
      // A backslash-newline is a line continuation, as in a shell.
      if (text[i + 1] !== '\n') push(text[i + 1], true);
      i += 2;
    } else {
      push(c, false);
      i++;
    }
    start().source += text.slice(from, i);
  }
  if (current) words.push(current);
  return words;
}

function unterminated(text: string, at: number, quote: string): ActionError {
  const line = text.slice(0, at).split('\n').length;
  return new ActionError(
    'PATTERN_INVALID',
    `inputs: the ${quote} quote opened on line ${line} is never closed (near ${JSON.stringify(
      text.slice(at, at + 30),
    )}); close it, or escape the quote with a backslash.`,
  );
}

/** A literal path as a glob that matches exactly it (for @actions/glob, i.e. minimatch). */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]]/g, (c) => `[${c}]`).replace(/\\/g, '\\\\');
}
