/** Small Markdown helpers for job summaries. */

/** Inline code, safe inside a table cell. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** Plain text, safe inside a table cell. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[|<>]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

export function plural(n: number): string {
  return n === 1 ? '' : 's';
}
