/**
 * The command line as users install it: `npm run pack:cli`'s tarball (what the release workflow
 * attaches to the project's releases), installed with `npm install --global --prefix TMP
 * TARBALL --offline` into an empty prefix with an empty npm cache: it must need nothing from a
 * registry (no dependencies). Its installed size is measured, and the installed `sigstore-action`
 * bin signs and verifies against the local stack, run as a user runs it: outside the repository,
 * with NODE_PATH empty and the Node 24 binary first on PATH for the bin's `#!/usr/bin/env node`,
 * so a package the bundle still requires at run time fails here.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliPackageURL } from '../../src/publish/release-notes.js';
import { node24, REPO_ROOT } from '../helpers/action.js';
import { runProcess, type ProcessRun } from '../helpers/process.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { verifierFor, verifyFileBundle } from '../helpers/verify.js';

/** What the installed package may weigh: the bundle is about 3.5 MB. */
const MAX_INSTALLED_BYTES = 10 * 1024 * 1024;
/**
 * Packages the bundle loads at run time without bundling them, each with why that is right.
 * kerberos: proxy-agent-negotiate loads it only for Negotiate (Kerberos) proxy authentication,
 * with `await import('kerberos')` in a try, and otherwise fails saying "Install it with: npm
 * install kerberos" (it is an optional peer dependency, and a native module ncc cannot bundle).
 */
const UNBUNDLED = ['kerberos'];

let stack: StackProcess;
let prefix: string;
let tarball: string;
let installed: string;
let install: { status: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  stack = await spawnStack();
  const out = mkdtempSync(path.join(tmpdir(), 'cli-package-'));
  const pack = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'pack-cli.mjs'), '--destination', out],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (pack.status !== 0) throw new Error(`pack:cli failed: ${pack.stderr}`);
  tarball = pack.stdout.trim().split('\n').at(-1)!;
  prefix = mkdtempSync(path.join(tmpdir(), 'cli-prefix-'));
  // npm itself under Node 24 (a supported engine), offline, with an empty cache.
  install = spawnSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      tarball,
      '--offline',
      '--cache',
      path.join(prefix, '.npm-cache'),
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
    ],
    { cwd: prefix, encoding: 'utf8', env: userEnv(prefix) },
  );
  installed = path.join(prefix, 'lib', 'node_modules', 'sigstore-action-cli');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** The directory of the machine's npm and npx (wherever Node was installed: nvm, setup-node). */
const NPM_DIR = (process.env.PATH ?? '')
  .split(path.delimiter)
  .find(
    (dir) => dir !== '' && existsSync(path.join(dir, 'npm')) && existsSync(path.join(dir, 'npx')),
  );

/** A user's environment: Node 24 first on PATH, no NODE_PATH, no project around. */
function userEnv(home: string): Record<string, string> {
  return {
    PATH: [path.dirname(node24()), path.join(prefix, 'bin'), NPM_DIR, '/usr/bin', '/bin']
      .filter((dir): dir is string => Boolean(dir))
      .join(path.delimiter),
    HOME: home,
    NODE_PATH: '',
    NO_PROXY: '127.0.0.1',
  };
}

function cli(args: readonly string[], cwd: string): Promise<ProcessRun> {
  return runProcess(path.join(prefix, 'bin', 'sigstore-action'), args, {
    cwd,
    env: userEnv(cwd),
  });
}

function filesUnder(dir: string): { file: string; bytes: number }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => lstatSync(f).isFile())
    .map((f) => ({ file: path.relative(dir, f), bytes: lstatSync(f).size }));
}

describe('the CLI package', () => {
  it('installs offline from its tarball, with no dependencies and no Node binary', () => {
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
      dependencies?: unknown;
      engines: { node: string };
    };
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.bin).toEqual({ 'sigstore-action': 'dist/index.js' });
    const project = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(manifest.engines).toEqual(project.engines);
    const files = filesUnder(installed).map((f) => f.file);
    expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(files.filter((f) => /(^|\/)node(\.exe)?$/.test(f))).toEqual([]);
    expect(files.sort()).toEqual(
      [
        'README.md',
        'package.json',
        ...readdirSync(path.join(REPO_ROOT, 'dist', 'cli')).map((f) => `dist/${f}`),
      ].sort(),
    );
    expect(realpathSync(path.join(prefix, 'bin', 'sigstore-action'))).toBe(
      path.join(realpathSync(installed), 'dist', 'index.js'),
    );
  });

  it('is the file the release notes install from', () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(path.basename(tarball)).toBe(path.basename(cliPackageURL('o/r', version)));
  });

  it(`weighs less than ${MAX_INSTALLED_BYTES / 1024 / 1024} MB installed`, () => {
    const bytes = filesUnder(installed).reduce((sum, f) => sum + f.bytes, 0);
    const tarballBytes = lstatSync(tarball).size;
    console.log(
      `CLI package: ${path.basename(tarball)} ${(tarballBytes / 1024).toFixed(0)} KiB; installed ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes) in ${filesUnder(installed).length} files`,
    );
    expect(bytes).toBeGreaterThan(1024 * 1024);
    expect(bytes).toBeLessThan(MAX_INSTALLED_BYTES);
  });

  it('loads no package at run time that it does not bundle, but the optional kerberos', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const loaded = new Set<string>();
    for (const { file } of filesUnder(path.join(installed, 'dist'))) {
      if (!file.endsWith('.js')) continue;
      const text = readFileSync(path.join(installed, 'dist', file), 'utf8');
      // What ncc leaves to Node: createRequire(import.meta.url)("x"), require("x"),
      // eval("require")("x") for what it could not resolve, and import("x").
      const calls =
        /(?:\brequire|__WEBPACK_EXTERNAL_createRequire\(import\.meta\.url\)|eval\("require"\)|\bimport)\(\s*["']([^"'./][^"']*)["']\s*\)/g;
      for (const [, specifier] of text.matchAll(calls)) {
        if (!builtins.has(specifier)) loaded.add(specifier);
      }
    }
    expect([...loaded].sort()).toEqual(UNBUNDLED);
  });

  it('signs and verifies through the installed bin, outside the repository', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'cli-user-'));
    writeFileSync(path.join(work, 'app.tar.gz'), 'the release\n');
    writeFileSync(path.join(work, 'app.whl'), 'the wheel\n');
    const sign = await cli(
      [
        'sign',
        '--identity-token',
        await stack.mintToken(),
        '--signing-config',
        stack.env.STACK_SIGNING_CONFIG,
        '--trusted-root',
        stack.env.STACK_TRUSTED_ROOT,
        'app.*',
      ],
      work,
    );
    expect(sign.stderr).toBe('');
    expect(sign.code).toBe(0);
    // An independent verifier accepts what the installed CLI signed.
    verifyFileBundle(
      verifierFor(stack.env.STACK_TRUSTED_ROOT),
      path.join(work, 'app.whl.sigstore.json'),
      readFileSync(path.join(work, 'app.whl')),
      stack.env.STACK_IDENTITY,
      stack.env.STACK_ISSUER,
    );

    const verifyArgs = [
      'verify',
      '--trusted-root',
      stack.env.STACK_TRUSTED_ROOT,
      '--cert-identity',
      stack.env.STACK_IDENTITY,
      'app.tar.gz',
      'app.whl',
    ];
    const verified = await cli(verifyArgs, work);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Verified 2 files.');

    // npx, as the README runs it without installing: from the tarball, offline, empty cache.
    const npx = await runProcess(
      'npx',
      [
        '--yes',
        '--offline',
        '--cache',
        path.join(work, '.npx-cache'),
        '--package',
        tarball,
        '--',
        'sigstore-action',
        ...verifyArgs,
      ],
      { cwd: work, env: userEnv(work) },
    );
    expect(npx.code).toBe(0);
    expect(npx.stdout).toContain('Verified 2 files.');

    writeFileSync(path.join(work, 'app.whl'), 'a changed wheel\n');
    const tampered = await cli(verifyArgs, work);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/app\.whl: .*\[BUNDLE_MISMATCH\]/);
  });
});
