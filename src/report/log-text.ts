/**
 * Untrusted text on its way to a log line or an annotation: file and bundle paths, release asset
 * names, bundle fields, predicate types, certificate and token claims, messages quoted from a
 * service. File names come from pull requests; assets and bundles from whoever can upload.
 *
 * The runner reads a step's output line by line and acts on two kinds of line
 * (actions/runner, src/Runner.Common/ActionCommand.cs, TryParseV2 and TryParse, both tried by
 * src/Runner.Worker/ActionCommandManager.cs): a line that starts with `::` after leading white
 * space (`::add-mask::`, `::warning::`, `::stop-commands::`), and a line that holds the legacy
 * `##[` ANYWHERE (`##[add-mask]x`). @actions/core escapes the data and properties of the commands
 * it writes (`::error::`, `::warning::`, `::debug::`), but `core.info` text goes out as it is.
 *
 * Encoding, rather than fencing untrusted output between `::stop-commands::<token>` and
 * `::<token>::`: the encoding belongs to the string, so it holds in any line the string is put
 * in; a fence must be opened and closed around every line that might hold one, and while it is
 * up the action's own annotations and masks are ignored too. Encoded, as `\uXXXX`:
 * - control characters (C0, with CR, LF and tab; DEL; C1) and line and paragraph separators: a
 *   string cannot end the line it is in, nor start the next one;
 * - format characters (bidirectional overrides and isolates, zero-width spaces and joiners, the
 *   byte order mark), the other default-ignorable characters (Hangul fillers, variation
 *   selectors, tags), spaces other than U+0020 and lone surrogates: the text shows every
 *   character it has, in the order it has them;
 * - a colon after a colon, a colon that is the first character but for spaces, and the `[` of
 *   `##[`: neither command prefix forms inside the string, nor at the start of a line it starts
 *   (a `::` formed with the text before it is inside a line, where the runner does not look).
 * Backslashes stay as they are (Windows paths and regular expressions stay readable): this is an
 * escaping for display, not one to decode.
 */

/**
 * A character shown as an escape wherever it is (a regular expression source, for the `u` flag):
 * control, format, line and paragraph separator, default-ignorable, lone surrogate, and a space
 * other than U+0020.
 */
export const INVISIBLE_CHARACTER = String.raw`[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}`;
/** Those, and the `:` and `[` that are checked in context. */
const SHOWN_ESCAPED = new RegExp(`${INVISIBLE_CHARACTER}|[:[]`, 'gu');

/** A log line is no place for a whole file; past this, text is cut (and says so). */
const DEFAULT_MAX = 200;
/** Paths and asset names are shown whole up to this (Linux's PATH_MAX is 4096 bytes). */
const NAME_MAX = 1024;
/** An error message, which may quote a path or two. */
const MESSAGE_MAX = 4096;

/**
 * Untrusted text made fit for a log line: every control and invisible character escaped, no
 * workflow command prefix, and anything past `max` characters cut.
 */
export function printable(text: string, max = DEFAULT_MAX): string {
  let cut = text.length > max ? text.slice(0, max) : text;
  // Do not leave half of a surrogate pair at the cut.
  if (cut.length < text.length && /[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  // Other white space is escaped, so only spaces can stand before a line's first character.
  const first = cut.search(/[^ ]/);
  const escaped = cut.replace(SHOWN_ESCAPED, (c: string, at: number) => {
    if (c === ':') return at === first || cut[at - 1] === ':' ? escape(c) : c;
    if (c === '[') return at >= 2 && cut.startsWith('##', at - 2) ? escape(c) : c;
    return escape(c);
  });
  return cut.length < text.length ? `${escaped}… (${text.length} characters)` : escaped;
}

/** A file path or asset name, for a log line: whole unless absurdly long. */
export function printableName(name: string): string {
  return printable(name, NAME_MAX);
}

/** An error message (which may quote untrusted text), for a log line or an annotation. */
export function printableMessage(message: string): string {
  return printable(message, MESSAGE_MAX);
}

function escape(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
