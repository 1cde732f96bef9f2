/**
 * package.json's `engines` says the truth about the code it ships (the action and the CLI
 * package, which bundle the production dependencies): at every Node version where the
 * dependencies' `engines` change their answer, ours gives the same answer as all of them
 * together. `devEngines` says which Node runs the install and the tools that run under it
 * (on Node 20, npm ci then warns, truthfully, about the packages that run under Node 24 only).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * semver, as npm itself reads `engines` (whichever version is hoisted: `satisfies` is in all of
 * them; no types installed).
 */
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
};

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly optional?: boolean;
  readonly engines?: { readonly node?: string } | readonly string[];
}

const project = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devEngines: { runtime: { name: string; version: string; onFail: string } };
};
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

function nodeRange(entry: LockEntry): string | undefined {
  return Array.isArray(entry.engines)
    ? undefined
    : (entry.engines as { node?: string } | undefined)?.node;
}

/** The production packages (what ncc bundles) and their `engines.node`. */
const production = Object.entries(lock.packages)
  .filter(([key, entry]) => key !== '' && !entry.dev && !entry.devOptional && !entry.optional)
  .map(([key, entry]) => ({
    name: `${key.replace(/^.*node_modules\//, '')}@${entry.version}`,
    range: nodeRange(entry),
  }))
  .filter((p): p is { name: string; range: string } => p.range !== undefined);

/** Every version named in a range, its neighbours, and the next majors: where answers change. */
function boundaries(ranges: readonly string[]): string[] {
  const versions = new Set<string>();
  for (const range of ranges) {
    for (const [, major, minor = '0', patch = '0'] of range.matchAll(
      /(\d+)(?:\.(\d+))?(?:\.(\d+))?/g,
    )) {
      const [M, m, p] = [Number(major), Number(minor), Number(patch)];
      versions.add(`${M}.${m}.${p}`);
      if (p > 0) versions.add(`${M}.${m}.${p - 1}`);
      if (m > 0) versions.add(`${M}.${m - 1}.99`);
      if (M > 0) versions.add(`${M - 1}.99.99`);
      versions.add(`${M + 1}.0.0`);
    }
  }
  return [...versions];
}

describe('engines', () => {
  it('reads the production dependencies (sigstore-js among them)', () => {
    expect(production.length).toBeGreaterThan(50);
    expect(production.map((p) => p.name)).toContainEqual(
      expect.stringMatching(/^@sigstore\/sign@/),
    );
  });

  it('admits exactly the Node versions every production dependency admits', () => {
    const ours = project.engines.node;
    const disagreements = boundaries([ours, ...production.map((p) => p.range)]).flatMap(
      (version) => {
        const refusing = production.filter((p) => !semver.satisfies(version, p.range));
        const theirs = refusing.length === 0;
        return semver.satisfies(version, ours) === theirs
          ? []
          : [
              `Node ${version}: engines ${theirs ? 'refuses' : 'admits'} it, ${
                theirs
                  ? 'every dependency admits it'
                  : `${refusing.map((p) => `${p.name} (${p.range})`).join(', ')} refuse it`
              }`,
            ];
      },
    );
    expect(disagreements).toEqual([]);
  });

  it('runs the install and the build tools on a Node they all support (Node 20 included)', () => {
    const { runtime } = project.devEngines;
    expect(runtime.name).toBe('node');
    expect(semver.satisfies('20.19.0', runtime.version)).toBe(true);
    // What runs under the Node that installs: the bundler, the type checker, the linters and the
    // workflow checker. Tests, the stack and the built action run under Node 24
    // (scripts/node24.mjs).
    const tools = [
      'typescript',
      '@vercel/ncc',
      'eslint',
      '@eslint/js',
      'typescript-eslint',
      'prettier',
      'esbuild',
      'yaml',
      '@actions/languageservice',
      '@actions/workflow-parser',
    ];
    const unsupported = tools.flatMap((tool) => {
      const range = nodeRange(lock.packages[`node_modules/${tool}`] ?? {});
      const outside = range
        ? boundaries([runtime.version, range]).filter(
            (v) => semver.satisfies(v, runtime.version) && !semver.satisfies(v, range),
          )
        : [];
      return outside.length > 0 ? [`${tool} (${range}) refuses Node ${outside.join(', ')}`] : [];
    });
    expect(unsupported).toEqual([]);
  });
});
