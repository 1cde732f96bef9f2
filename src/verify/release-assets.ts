import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { ActionError } from '../errors.js';
import { ATTESTATION_SUFFIX, BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX } from '../plan/sign-plan.js';
import type { InputPattern } from '../plan/patterns.js';
import { printableName } from '../report/log-text.js';

/** The assets of a release that must verify, and those the `!` patterns left out on purpose. */
export interface AssetSelection<T> {
  readonly selected: T[];
  readonly excluded: T[];
}

const ALL_SUFFIXES = [ATTESTATION_SUFFIX, BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX] as const;

/** The asset a bundle asset is named for (the longest bundle suffix removed), or the name. */
export function ownerName(bundleName: string): string {
  const suffix = ALL_SUFFIXES.find((s) => bundleName.endsWith(s));
  return suffix ? bundleName.slice(0, -suffix.length) : bundleName;
}

/**
 * Selects the release assets that must verify by the `inputs` patterns, as the sign mode's
 * inputs select files: each include must select an asset, `!` patterns remove. Asset names have
 * no directories, so a pattern matches a name (with minimatch and @actions/glob's options:
 * dotfiles match, no braces, extglobs or comments) rather than a path on disk. A bundle asset
 * follows the asset it is named for: excluding `checksums.txt` also leaves out
 * `checksums.txt.sigstore.json`. No patterns: every asset must verify.
 */
export function selectAssets<T extends { readonly name: string }>(
  assets: readonly T[],
  patterns: readonly InputPattern[],
  release: string,
): AssetSelection<T> {
  if (patterns.length === 0) return { selected: [...assets], excluded: [] };
  const includes = patterns.filter((p) => !p.exclude);
  const excludes = patterns.filter((p) => p.exclude);
  const subjectName = (asset: T): string => {
    const owner = ownerName(asset.name);
    return owner !== asset.name && assets.some((a) => a.name === owner) ? owner : asset.name;
  };
  const problems: string[] = [];
  const selectedBy = (pattern: InputPattern): T[] =>
    assets.filter((asset) => matches(pattern, subjectName(asset)));
  const included = new Set<T>();
  for (const include of includes.length > 0 ? includes : [everything]) {
    const found = selectedBy(include);
    const kept = found.filter((asset) => !excludes.some((e) => matches(e, subjectName(asset))));
    if (include !== everything && kept.length === 0) {
      problems.push(
        `"${printableName(include.source)}" ${found.length > 0 ? 'selects only assets that the "!" patterns exclude' : 'matches no asset'}`,
      );
    }
    for (const asset of kept) included.add(asset);
  }
  for (const exclude of excludes) {
    // `!*.sigstore.json` is no typo: it names bundles, which follow their assets anyway.
    if (!assets.some((a) => matches(exclude, a.name) || matches(exclude, subjectName(a)))) {
      problems.push(`"${printableName(exclude.source)}" excludes no asset`);
    }
  }
  if (problems.length > 0) {
    const names = [...new Set(assets.map(subjectName))];
    const shown = names.slice(0, 10).map(printableName).join(', ');
    throw new ActionError(
      'PATTERN_NO_MATCH',
      `inputs: ${problems.join('; ')} of the release ${release}. Its assets: ${shown || 'none'}${names.length > 10 ? `, and ${names.length - 10} more` : ''}. ` +
        'Patterns match asset names (no directories, e.g. `*.tar.gz` or `!checksums.txt`); fix the pattern, or remove it to verify every asset.',
    );
  }
  return {
    selected: assets.filter((a) => included.has(a)),
    excluded: assets.filter((a) => !included.has(a)),
  };
}

const everything: InputPattern = { source: '*', exclude: false, isGlob: true, pattern: '*' };

function matches(pattern: InputPattern, name: string): boolean {
  if (!pattern.isGlob) return pattern.pattern === name;
  return minimatch(name, pattern.pattern, {
    dot: true,
    nobrace: true,
    noext: true,
    nocomment: true,
    nonegate: true,
  });
}

/**
 * The download directory: created when missing, and refused unless empty, so that every file
 * in it after the run verified (a file left there by an earlier step would look verified too).
 */
export async function prepareDownloadDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new ActionError(
      'INPUT_INVALID',
      `download-directory: ${printableName(dir)} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); every file there must be one that verified. Name a new or empty directory, e.g. \${{ runner.temp }}/verified.`,
    );
  }
}

/**
 * Moves a verified file from the temporary directory into the download directory under its
 * asset name. A rename when both are on one file system; otherwise copied beside its final name
 * and renamed, so the directory never holds a half-written file.
 */
export async function keepFile(from: string, dir: string, name: string): Promise<void> {
  if (name !== path.basename(name) || name === '.' || name === '..' || name.includes('\\')) {
    throw new ActionError(
      'ASSET_NAME_INVALID',
      `the asset name ${printableName(name)} is not a plain file name, so it was not kept in download-directory.`,
    );
  }
  const to = path.join(dir, name);
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const partial = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.partial`);
    try {
      await copyFile(from, partial);
      await rename(partial, to);
    } finally {
      await rm(partial, { force: true });
    }
  }
}
