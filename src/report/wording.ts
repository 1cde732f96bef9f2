/**
 * Counts in words, for log lines, errors and the job summary: "1 file", "2 files", "0 files",
 * never "1 files" or "file(s)".
 */

/** The noun for `n` of it: `singular` for exactly 1, else `pluralForm` (default: + "s"). */
export function noun(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm;
}

/** "1 file", "3 files", "2 timestamp authorities" (with the plural given). */
export function counted(n: number, singular: string, pluralForm?: string): string {
  return `${n} ${noun(n, singular, pluralForm)}`;
}

/**
 * Names as one phrase: "a", "a and b", "a, b and c"; past `max`, the first ones and "and 12
 * more". The names are used as given: escape them for where they go before calling this.
 */
export function listed(names: readonly string[], max = Infinity): string {
  if (names.length > max) {
    return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  }
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
