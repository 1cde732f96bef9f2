import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as glob from '@actions/glob';
import { ActionError, AggregateActionError } from '../errors.js';
import { escapeGlob, type InputPattern } from './patterns.js';

/** A file the user named, resolved. */
export interface InputFile {
  /** Absolute path. */
  readonly path: string;
  /** The path as shown to the user: relative to the base directory when inside it. */
  readonly displayPath: string;
}

export interface ExpandOptions {
  /** Relative patterns are resolved against this directory (the workspace on a runner). */
  readonly baseDir: string;
  /**
   * Files a glob matches but that should never be inputs (existing bundles when signing).
   * Literal paths are never skipped: naming a file is explicit.
   */
  readonly skipGlobMatch?: (file: string) => boolean;
}

/**
 * Expands include patterns into the files they name, minus the `!` excludes, in a stable order.
 * Every include must match at least one file: a pattern that matches nothing is almost always
 * a typo or a build step that did not run, and signing "nothing" silently hides it.
 */
export async function expandInputPatterns(
  patterns: readonly InputPattern[],
  options: ExpandOptions,
): Promise<InputFile[]> {
  const includes = patterns.filter((p) => !p.exclude);
  const excludes = patterns.filter((p) => p.exclude);
  if (includes.length === 0) {
    throw new ActionError(
      'INPUT_INVALID',
      patterns.length === 0
        ? 'inputs is empty: name the files to sign, e.g. `inputs: dist/*`.'
        : 'inputs has only exclude patterns ("!..."): add the files to include, e.g. `dist/*`.',
    );
  }

  const excludeLines = excludes.map((p) => `!${absoluteGlob(p, options.baseDir)}`);
  const workspace = await realWorkspace(options.baseDir);
  const found = new Map<string, InputFile>();
  const problems: ActionError[] = [];
  for (const include of includes) {
    try {
      const files = include.isGlob
        ? await expandGlob(include, excludeLines, options)
        : await resolveLiteral(include, excludeLines, options.baseDir);
      for (const file of files) {
        await checkInsideWorkspace(file, include, options.baseDir, workspace);
        found.set(file, { path: file, displayPath: displayPath(file, options.baseDir) });
      }
    } catch (err) {
      if (err instanceof ActionError) problems.push(err);
      else throw err;
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new AggregateActionError(
      problems[0].code,
      `inputs: ${problems.length} patterns could not be used:`,
      problems,
    );
  }
  return [...found.values()].sort((a, b) => compare(a.path, b.path));
}

async function expandGlob(
  include: InputPattern,
  excludeLines: string[],
  options: ExpandOptions,
): Promise<string[]> {
  const globber = await glob.create(
    [absoluteGlob(include, options.baseDir), ...excludeLines].join('\n'),
    { matchDirectories: false, implicitDescendants: false, followSymbolicLinks: true },
  );
  const matches = await globber.glob();
  const files = matches.filter((f) => !options.skipGlobMatch?.(f));
  if (files.length > 0) {
    for (const file of files) {
      // A FIFO or socket matched by a glob would block or fail mid-run: refuse it now.
      if (!(await fs.stat(file)).isFile()) {
        throw notRegular(`${displayPath(file, options.baseDir)} (matched by "${include.source}")`);
      }
    }
    return files;
  }

  const reason =
    matches.length > 0
      ? `matches only existing bundles (${matches.length})`
      : excludeLines.length > 0 && (await matchesAnything(include, options.baseDir))
        ? 'matches only files that the "!" patterns exclude'
        : `matches no file under ${options.baseDir}`;
  throw new ActionError(
    'PATTERN_NO_MATCH',
    `inputs: the pattern "${include.source}" ${reason}. Check the path and that the step that builds these files ran before this one.`,
  );
}

async function matchesAnything(include: InputPattern, baseDir: string): Promise<boolean> {
  const globber = await glob.create(absoluteGlob(include, baseDir), {
    matchDirectories: false,
    implicitDescendants: false,
  });
  for await (const _ of globber.globGenerator()) return true;
  return false;
}

async function resolveLiteral(
  include: InputPattern,
  excludeLines: string[],
  baseDir: string,
): Promise<string[]> {
  const file = path.resolve(baseDir, include.pattern);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ActionError(
        'PATH_NOT_FOUND',
        `inputs: "${include.source}" does not exist (looked for ${file}). Check the path and that the step that builds it ran before this one.`,
      );
    }
    throw new ActionError(
      'FILE_UNREADABLE',
      `inputs: "${include.source}" cannot be read (${code ?? String(err)}).`,
    );
  }
  if (stat.isDirectory()) {
    const example = include.pattern.replace(/\/+$/, '');
    throw new ActionError(
      'PATH_IS_DIRECTORY',
      `inputs: "${include.source}" is a directory; name the files in it instead, e.g. "${example}/*" or "${example}/**".`,
    );
  }
  if (!stat.isFile()) throw notRegular(`"${include.source}"`);
  if (excludeLines.length > 0) {
    // A literal path can still be excluded by a "!" glob (e.g. `dist/a dist/b !dist/b`).
    const globber = await glob.create([escapeGlob(file), ...excludeLines].join('\n'), {
      matchDirectories: false,
      implicitDescendants: false,
    });
    if ((await globber.glob()).length === 0) return [];
  }
  return [file];
}

/** The base directory with its own links resolved; undefined when it cannot be resolved. */
async function realWorkspace(baseDir: string): Promise<string | undefined> {
  try {
    return await fs.realpath(baseDir);
  } catch {
    return undefined;
  }
}

/**
 * A file named inside the workspace must stay inside it once symbolic links are followed: a
 * checked-out link `dist/app -> /home/runner/.ssh/id_rsa` (or a linked directory matched by
 * `dist/**`) must not get a runner's own files signed, and with upload-signed-files published.
 * A path named outside the workspace is the user's explicit choice and stays allowed.
 */
async function checkInsideWorkspace(
  file: string,
  include: InputPattern,
  baseDir: string,
  workspace: string | undefined,
): Promise<void> {
  const real = await linkTargetOutside(file, baseDir, workspace);
  if (real === undefined) return;
  const shown = displayPath(file, baseDir);
  throw new ActionError(
    'PATH_OUTSIDE_WORKSPACE',
    include.isGlob
      ? `inputs: ${shown} (matched by "${include.source}") leads through a symbolic link to ${real}, outside the workspace (${baseDir}); exclude it with "!", copy the file into the workspace, or name its real path in inputs if you mean it.`
      : `inputs: "${include.source}" leads through a symbolic link to ${real}, outside the workspace (${baseDir}); copy the file into the workspace, or name its real path in inputs if you mean it.`,
  );
}

/**
 * The same rule for a file the action finds by itself (a bundle beside its file, in
 * bundle-directory, or named by the bundle input): inside the workspace, it must stay inside
 * once links are followed. A pull request can check in `app.sigstore.json -> /proc/self/environ`;
 * verify mode must not read the runner's files as if they were bundles.
 */
export async function checkStaysInWorkspace(
  file: string,
  baseDir: string,
  describe: (real: string) => string,
): Promise<void> {
  const real = await linkTargetOutside(file, baseDir, await realWorkspace(baseDir));
  if (real !== undefined) throw new ActionError('PATH_OUTSIDE_WORKSPACE', describe(real));
}

/** Where a path inside the workspace really leads, when that is outside it; else undefined. */
async function linkTargetOutside(
  file: string,
  baseDir: string,
  workspace: string | undefined,
): Promise<string | undefined> {
  if (!workspace || !isInside(file, path.resolve(baseDir))) return undefined;
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch {
    return undefined; // reported when the file is read
  }
  return isInside(real, workspace) ? undefined : real;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function notRegular(what: string): ActionError {
  return new ActionError(
    'FILE_UNREADABLE',
    `inputs: ${what} is not a regular file (a device, socket or pipe cannot be signed); exclude it with "!".`,
  );
}

/** The pattern as an absolute glob: the base directory's own glob characters escaped. */
function absoluteGlob(pattern: InputPattern, baseDir: string): string {
  const text = pattern.isGlob ? pattern.pattern : escapeGlob(pattern.pattern);
  if (path.isAbsolute(text) || text.startsWith('~')) return text;
  return `${escapeGlob(baseDir)}/${text}`;
}

/** A path relative to the base directory when inside it, else absolute. */
export function displayPath(file: string, baseDir: string): string {
  const relative = path.relative(baseDir, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
