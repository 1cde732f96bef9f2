/**
 * Which of the files a verify run was given are checked, and how: a gate must not skip a file
 * without a word. Each file named like a bundle (`.sigstore.json`, `.sigstore`,
 * `.intoto.sigstore.json`) is either the bundle a file of the run is verified with, or another
 * bundle of such a file (then checked against that file too), or a file with its own bundle
 * (then verified like any file); anything else is "not covered", and fails the run.
 */

export interface CoverageRules<T> {
  /** Identifies an item (an absolute path, a release asset's name). */
  key(item: T): string;
  /** Named like a bundle, or given as one (the `bundle` input). */
  isBundle(item: T): boolean;
  /** Every key where a bundle of this item may be, of any kind. */
  bundleKeys(item: T): readonly string[];
  /** The key of the bundle this item is verified with, when it has one. */
  ownBundle(item: T): Promise<string | undefined>;
}

export interface Coverage<T> {
  /** Verified against their own bundle. */
  readonly subjects: readonly T[];
  /** A subject's other bundles (an attestation beside a signature): checked against it too. */
  readonly otherBundles: readonly { readonly bundle: T; readonly of: T }[];
  /** Named like a bundle, and a bundle of no subject: the run fails on each. */
  readonly uncovered: readonly T[];
}

export async function planCoverage<T>(
  items: readonly T[],
  rules: CoverageRules<T>,
): Promise<Coverage<T>> {
  const subjects = items.filter((item) => !rules.isBundle(item));
  let pending = items.filter((item) => rules.isBundle(item));
  const own = new Map<T, string | undefined>();
  let owners: Map<string, T>;
  for (;;) {
    for (const subject of subjects) {
      if (!own.has(subject)) own.set(subject, await rules.ownBundle(subject));
    }
    owners = new Map<string, T>();
    for (const subject of subjects) {
      for (const key of rules.bundleKeys(subject)) if (!owners.has(key)) owners.set(key, subject);
    }
    // A bundle-named file that belongs to no subject but has a bundle of its own (a signed
    // bundle, a product named like one) is a subject itself; its bundles may own others.
    const promoted: T[] = [];
    for (const item of pending) {
      if (owners.has(rules.key(item))) continue;
      const bundle = await rules.ownBundle(item);
      if (bundle !== undefined) {
        own.set(item, bundle);
        promoted.push(item);
      }
    }
    if (promoted.length === 0) break;
    subjects.push(...promoted);
    pending = pending.filter((item) => !promoted.includes(item));
  }

  const otherBundles: { bundle: T; of: T }[] = [];
  const uncovered: T[] = [];
  for (const item of pending) {
    const owner = owners.get(rules.key(item));
    if (owner === undefined) uncovered.push(item);
    else if (own.get(owner) !== rules.key(item)) otherBundles.push({ bundle: item, of: owner });
  }
  return { subjects, otherBundles, uncovered };
}
