import type { ActionError } from '../errors.js';

/** Failures with one cause, and the items (files) that failed with it. */
export interface FailureGroup<T> {
  /** The first item's error: the others differ from it in numbers only. */
  readonly error: ActionError;
  readonly items: T[];
}

/**
 * Failures grouped by cause, in the order of their first item. A service outage fails every
 * file in flight with one error, and the same long paragraph once per file buries the one thing
 * to read: so errors with the same code and the same message but for its numbers (how long the
 * last attempt waited, how many attempts there were: they differ from file to file for one
 * outage) are one group. A message that names its own item (`cannot read dist/a.txt`, `the bundle
 * dist/a.txt.sigstore.json is not valid JSON`) is about that item alone and stays a group of
 * its own: with numbers ignored, `dist/f-1.txt` and `dist/f-2.txt` would look alike.
 */
export function groupFailures<T>(
  failures: readonly T[],
  errorOf: (item: T) => ActionError,
  namesOf: (item: T) => readonly string[],
): FailureGroup<T>[] {
  const groups = new Map<string, FailureGroup<T>>();
  failures.forEach((item, i) => {
    const error = errorOf(item);
    const ownName = namesOf(item).some((name) => mentions(error.message, name));
    const key = ownName
      ? `item ${i}`
      : `${error.code}\n${error.message.replace(/\d+(?:\.\d+)?/g, '#')}`;
    const group = groups.get(key);
    if (group) group.items.push(item);
    else groups.set(key, { error, items: [item] });
  });
  return [...groups.values()];
}

/** Whether `text` names `name` as a whole (`a` is not in "answer", `dist/a` not in `dist/ab`). */
function mentions(text: string, name: string): boolean {
  if (name === '') return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w./-])${escaped}(?![\\w/-])`, 'u').test(text);
}
