import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ActionError, AggregateActionError } from '../errors.js';
import { displayPath, type InputFile } from './files.js';

export const BUNDLE_SUFFIX = '.sigstore.json';
/** An in-toto attestation's bundle: `<file>.intoto.sigstore.json` (a DSSE envelope inside). */
export const ATTESTATION_SUFFIX = '.intoto.sigstore.json';
/** sigstore-python's older bundle name, still accepted by verifiers. */
export const LEGACY_BUNDLE_SUFFIX = '.sigstore';

/** One file to sign and where its bundle goes. */
export interface SignTarget extends InputFile {
  readonly bundlePath: string;
  /** The bundle path as shown to the user. */
  readonly bundleDisplayPath: string;
}

export interface SignPlanOptions {
  readonly baseDir: string;
  /** Write every bundle into this directory instead of beside its file. */
  readonly bundleDirectory?: string;
  readonly overwrite: boolean;
  /** `.sigstore.json`, or `.intoto.sigstore.json` for attestations. */
  readonly bundleSuffix?: string;
}

export function isBundlePath(file: string): boolean {
  return file.endsWith(BUNDLE_SUFFIX) || file.endsWith(LEGACY_BUNDLE_SUFFIX);
}

/**
 * Decides where each bundle goes and checks, before anything is signed, that every bundle can
 * be written: nothing is signed when one bundle would be refused, so a failed plan writes nothing.
 */
export async function planSigning(
  files: readonly InputFile[],
  options: SignPlanOptions,
): Promise<SignTarget[]> {
  const bundleDir = options.bundleDirectory
    ? path.resolve(options.baseDir, options.bundleDirectory)
    : undefined;
  if (bundleDir) await checkBundleDirectory(bundleDir, options.bundleDirectory!);

  const suffix = options.bundleSuffix ?? BUNDLE_SUFFIX;
  const names = bundleDir ? flatBundleNames(files, options.baseDir, suffix) : undefined;
  const targets = files.map((file, i) => {
    const bundlePath = bundleDir ? path.join(bundleDir, names![i]) : file.path + suffix;
    return { ...file, bundlePath, bundleDisplayPath: displayPath(bundlePath, options.baseDir) };
  });

  const inputs = new Set(files.map((f) => f.path));
  const problems: ActionError[] = [];
  for (const target of targets) {
    if (inputs.has(target.bundlePath)) {
      problems.push(
        new ActionError(
          'BUNDLE_NAME_CONFLICT',
          `${target.displayPath}: its bundle ${target.bundleDisplayPath} is also an input; remove one of them from inputs.`,
        ),
      );
    } else if (await isDirectory(target.bundlePath)) {
      // Not even overwrite can replace a directory with a bundle: refuse it before signing.
      problems.push(
        new ActionError(
          'BUNDLE_NAME_CONFLICT',
          `${target.displayPath}: its bundle path ${target.bundleDisplayPath} is a directory; rename or remove that directory, or set bundle-directory to write the bundles elsewhere.`,
        ),
      );
    } else if (!options.overwrite && (await exists(target.bundlePath))) {
      problems.push(
        new ActionError(
          'BUNDLE_EXISTS',
          target.bundlePath.endsWith(ATTESTATION_SUFFIX)
            ? `${target.displayPath}: the attestation ${target.bundleDisplayPath} already exists (one statement per file and bundle name; an attestation of another predicate type would be replaced); delete it, set overwrite: true to replace it, or set bundle-directory to write this attestation elsewhere.`
            : `${target.displayPath}: the bundle ${target.bundleDisplayPath} already exists; delete it, or set overwrite: true to replace it.`,
        ),
      );
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new AggregateActionError(
      problems[0].code,
      `${problems.length} bundles cannot be written (nothing was signed):`,
      problems,
    );
  }
  return targets;
}

/**
 * Bundle file names inside `bundle-directory`: `<name>.sigstore.json`, or, for files that share
 * a name (dist/linux/app and dist/macos/app), their path relative to the workspace with `/`
 * written as `_`. Names must stay flat because this directory is often uploaded as-is.
 */
function flatBundleNames(files: readonly InputFile[], baseDir: string, suffix: string): string[] {
  const counts = new Map<string, number>();
  for (const f of files) {
    counts.set(path.basename(f.path), (counts.get(path.basename(f.path)) ?? 0) + 1);
  }
  const names = files.map((f) =>
    counts.get(path.basename(f.path)) === 1
      ? path.basename(f.path) + suffix
      : flatBundleName(f, baseDir, suffix),
  );
  const seen = new Map<string, string>();
  names.forEach((name, i) => {
    const other = seen.get(name);
    if (other !== undefined) {
      throw new ActionError(
        'BUNDLE_NAME_CONFLICT',
        `bundle-directory: ${other} and ${files[i].displayPath} would both get the bundle ${name}; sign them in separate steps or leave bundle-directory unset.`,
      );
    }
    seen.set(name, files[i].displayPath);
  });
  return names;
}

/** A file's bundle name in `bundle-directory` when its own name is taken: its path, `/` as `_`. */
export function flatBundleName(
  file: InputFile,
  baseDir: string,
  suffix: string = BUNDLE_SUFFIX,
): string {
  const relative = path.relative(baseDir, file.path);
  const unique = relative.startsWith('..') ? file.path.replace(/^\/+/, '') : relative;
  return unique.split(path.sep).join('_') + suffix;
}

async function checkBundleDirectory(dir: string, input: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Created when the first bundle is written, so a failed run leaves no empty directory.
    if (code === 'ENOENT') return;
    throw new ActionError(
      'INPUT_INVALID',
      code === 'ENOTDIR'
        ? `bundle-directory: "${input}" cannot be a directory, because a part of its path is a file; name a directory, or leave bundle-directory unset to write each bundle beside its file.`
        : `bundle-directory: "${input}" cannot be used (${code ?? String(err)}); name a directory the runner user can write to.`,
      { cause: err },
    );
  }
  if (!stat.isDirectory()) {
    throw new ActionError(
      'INPUT_INVALID',
      `bundle-directory: "${input}" exists and is not a directory; name a directory (it is created if missing), or leave bundle-directory unset to write each bundle beside its file.`,
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await fs.lstat(file)).isDirectory();
  } catch {
    return false;
  }
}
