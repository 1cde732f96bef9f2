/**
 * Bad input, end to end: a table of mistakes a user (or a hostile pull request) can make, each
 * run as the BUILT action (a few as the built CLI) against one local stack. Every case must fail
 * the step with one clear error: the expected code, a message that names the input and says what
 * to do, no stack trace, no token, and NOTHING written: no bundle, no temporary file, no release
 * asset, no log entry.
 *
 * The runs are independent processes, so they run a few at a time (in beforeAll, against the one
 * stack); each case then checks its own run.
 */
import { spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ErrorCode } from '../../src/errors.js';
import { runAction } from '../helpers/action.js';
import { listArtifacts } from '../helpers/artifacts.js';
import { runCli as runCliProcess } from '../helpers/process.js';
import { createRelease, listAssets, setImmutableReleases } from '../helpers/github.js';
import { spawnStack, type StackProcess, type StackStats } from '../helpers/stack.js';

/** Action runs at once: each is a Node process that is mostly start-up; the machine has 2 cores. */
const CONCURRENCY = 4;

let stack: StackProcess;

/** What a case runs with, made once the stack is up. */
interface Prepared {
  /** Action inputs (over action.yml's defaults), or CLI arguments. */
  readonly inputs?: Record<string, string>;
  readonly cli?: string[];
  /** Replaces the runner environment the stack gives a step. */
  readonly env?: Record<string, string>;
  /** A release whose assets must be the same after the run. */
  readonly releaseId?: number;
  /** Credentials that must never appear in what the step printed or wrote. */
  readonly secrets?: string[];
  /** Workspace files that are expected to change (by the case itself, not by the action). */
  readonly volatile?: string[];
  /** Called when the run is over. */
  readonly after?: () => void;
}

interface BadInputCase {
  readonly name: string;
  /** The workspace's files before the run. */
  readonly files?: Record<string, string | Buffer>;
  readonly prepare: (ws: string) => Prepared | Promise<Prepared>;
  readonly code: ErrorCode;
  /** Each must match the error: together they name the input (or file) and say what to do. */
  readonly says: readonly RegExp[];
  /**
   * Where the error is reported: `step` (the step fails at once, the summary says nothing was
   * done) or `file` (a per-file result: the step checked or signed what it could).
   */
  readonly level?: 'step' | 'file';
  /** The case gets as far as a Fulcio certificate (but no log entry). */
  readonly reachesFulcio?: boolean;
}

interface Outcome {
  cli: boolean;
  code: number | null;
  /** The error, as the runner shows it (the ::error:: command decoded, or the CLI's stderr). */
  error: string;
  stdout: string;
  stderr: string;
  summary: string;
  everything: string;
  before: string[];
  after: string[];
  assetsBefore?: string[];
  assetsAfter?: string[];
  secrets: string[];
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------
// Inputs and fixtures

function signWith(extra: Record<string, string>): Record<string, string> {
  return {
    'signing-config': stack.env.STACK_SIGNING_CONFIG,
    'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    ...extra,
  };
}

function verifyWith(extra: Record<string, string>): Record<string, string> {
  return {
    mode: 'verify',
    'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    'cert-identity': stack.env.STACK_IDENTITY,
    ...extra,
  };
}

function envWithout(...names: string[]): Record<string, string> {
  const env = { ...stack.env };
  for (const name of names) delete env[name];
  return env;
}

/** A directory outside every workspace, with a file a link could point at. */
function outsideDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'outside-'));
  writeFileSync(path.join(dir, 'id_rsa'), 'not for signing\n');
  return dir;
}

function file(ws: string, name: string, content: string | Buffer): string {
  const p = path.join(ws, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

let tags = 0;
function newTag(): string {
  return `v9.0.${++tags}`;
}

const TRUNCATED = (text: string): string => text.slice(0, Math.floor(text.length / 2));

const A = { 'dist/a.txt': 'a\n' };

// ---------------------------------------------------------------------------------------------
// The table

const cases: BadInputCase[] = [
  // --- inputs: which files ---
  {
    name: 'empty inputs',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: '' }) }),
    code: 'INPUT_INVALID',
    says: [/^inputs is empty: name the files to sign, e\.g\. `inputs: dist\/\*`/],
  },
  {
    name: 'inputs of only blank lines',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: '\n   \n\t\n' }) }),
    code: 'INPUT_INVALID',
    says: [/^inputs is empty: name the files to sign/],
  },
  {
    name: 'inputs with only exclude patterns',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: '!dist/*.log' }) }),
    code: 'INPUT_INVALID',
    says: [/inputs has only exclude patterns/, /add the files to include, e\.g\. `dist\/\*`/],
  },
  {
    name: 'a lone "!"',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt !' }) }),
    code: 'PATTERN_INVALID',
    says: [/inputs: "!" excludes nothing; write the pattern after "!"/],
  },
  {
    name: 'an unterminated quote',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: "dist/a.txt\n'dist/my file" }) }),
    code: 'PATTERN_INVALID',
    says: [/inputs: the ' quote opened on line 2 is never closed/, /close it, or escape the quote/],
  },
  {
    name: 'a path that does not exist',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt dist/app-1.0.tar.gz' }) }),
    code: 'PATH_NOT_FOUND',
    says: [
      /inputs: "dist\/app-1\.0\.tar\.gz" does not exist/,
      /Check the path and that the step that builds it ran before this one/,
    ],
  },
  {
    name: 'a glob that matches nothing',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/*.txt dist/*.whl' }) }),
    code: 'PATTERN_NO_MATCH',
    says: [/inputs: the pattern "dist\/\*\.whl" matches no file/, /Check the path/],
  },
  {
    name: 'a glob that matches only existing bundles',
    files: { 'dist/a.txt.sigstore.json': '{}' },
    prepare: () => ({ inputs: signWith({ inputs: 'dist/*' }) }),
    code: 'PATTERN_NO_MATCH',
    says: [/the pattern "dist\/\*" matches only existing bundles \(1\)/],
  },
  {
    name: 'a glob whose every match is excluded',
    files: { 'dist/a.log': 'x' },
    prepare: () => ({ inputs: signWith({ inputs: 'dist/* !dist/*.log' }) }),
    code: 'PATTERN_NO_MATCH',
    says: [/the pattern "dist\/\*" matches only files that the "!" patterns exclude/],
  },
  {
    name: 'a directory',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/' }) }),
    code: 'PATH_IS_DIRECTORY',
    says: [/inputs: "dist\/" is a directory; name the files in it instead, e\.g\. "dist\/\*"/],
  },
  {
    name: 'a named pipe',
    files: A,
    prepare: async (ws) => {
      await run('mkfifo', [path.join(ws, 'dist', 'pipe')]);
      return { inputs: signWith({ inputs: 'dist/*' }) };
    },
    code: 'FILE_UNREADABLE',
    says: [
      /inputs: dist\/pipe \(matched by "dist\/\*"\) is not a regular file/,
      /exclude it with "!"/,
    ],
  },
  {
    name: 'a symlink leaving the workspace',
    files: A,
    prepare: (ws) => {
      symlinkSync(path.join(outsideDir(), 'id_rsa'), path.join(ws, 'dist', 'app'));
      return { inputs: signWith({ inputs: 'dist/a.txt dist/app' }) };
    },
    code: 'PATH_OUTSIDE_WORKSPACE',
    says: [
      /inputs: "dist\/app" leads through a symbolic link to \/.*\/id_rsa, outside the workspace/,
      /copy the file into the workspace, or name its real path in inputs/,
    ],
  },
  {
    name: 'a linked directory leaving the workspace, matched by **',
    files: A,
    prepare: (ws) => {
      symlinkSync(outsideDir(), path.join(ws, 'dist', 'vendor'));
      return {
        inputs: signWith({
          inputs: 'dist/**',
          'upload-signing-artifacts': 'true',
          'upload-signed-files': 'true',
        }),
      };
    },
    code: 'PATH_OUTSIDE_WORKSPACE',
    says: [
      /inputs: dist\/vendor\/id_rsa \(matched by "dist\/\*\*"\) leads through a symbolic link to \/.*\/id_rsa, outside the workspace/,
      /exclude it with "!"/,
    ],
  },
  {
    name: 'a file changing while it is signed',
    files: { 'dist/big.bin': Buffer.alloc(32 * 1024 * 1024, 1) },
    prepare: async (ws) => {
      // Another step still writing the file: a process appends to it every few milliseconds for
      // as long as the action runs, so it grows while the action hashes it (32 MiB take tens of
      // milliseconds). A process of its own, so that nothing in this one can pause it.
      const writer = spawn(
        process.execPath,
        [
          '-e',
          'const fs = require("node:fs"); const chunk = Buffer.alloc(65536, 2);' +
            'setInterval(() => fs.appendFileSync(process.argv[1], chunk), 3); console.log("writing");',
          path.join(ws, 'dist', 'big.bin'),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise((resolve) => writer.stdout.once('data', resolve));
      return {
        inputs: signWith({ inputs: 'dist/big.bin' }),
        volatile: ['dist/big.bin'],
        after: () => writer.kill(),
      };
    },
    code: 'FILE_CHANGED',
    says: [
      /dist\/big\.bin changed while it was being read/,
      /make sure the step that writes it has finished/,
    ],
    level: 'file',
    reachesFulcio: true,
  },
  {
    name: 'an existing bundle without overwrite',
    files: { ...A, 'dist/a.txt.sigstore.json': '{"old": true}' },
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt' }) }),
    code: 'BUNDLE_EXISTS',
    says: [
      /dist\/a\.txt: the bundle dist\/a\.txt\.sigstore\.json already exists; delete it, or set overwrite: true/,
    ],
  },
  {
    name: 'a bundle path that is a directory, even with overwrite',
    files: { ...A, 'dist/a.txt.sigstore.json/keep': 'x' },
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', overwrite: 'true' }) }),
    code: 'BUNDLE_NAME_CONFLICT',
    says: [
      /dist\/a\.txt: its bundle path dist\/a\.txt\.sigstore\.json is a directory/,
      /rename or remove that directory, or set bundle-directory/,
    ],
  },
  {
    name: 'a file and its own bundle both as inputs',
    files: { ...A, 'dist/a.txt.sigstore.json': '{}' },
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt dist/a.txt.sigstore.json', overwrite: 'true' }),
    }),
    code: 'BUNDLE_NAME_CONFLICT',
    says: [
      /its bundle dist\/a\.txt\.sigstore\.json is also an input; remove one of them from inputs/,
    ],
  },
  {
    name: 'bundle-directory that is a file',
    files: { ...A, sigs: 'a file' },
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', 'bundle-directory': 'sigs' }) }),
    code: 'INPUT_INVALID',
    says: [/bundle-directory: "sigs" exists and is not a directory; name a directory/],
  },
  {
    name: 'bundle-directory below a file',
    files: { ...A, sigs: 'a file' },
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', 'bundle-directory': 'sigs/v1' }) }),
    code: 'INPUT_INVALID',
    says: [
      /bundle-directory: "sigs\/v1" cannot be a directory, because a part of its path is a file/,
    ],
  },
  {
    name: 'two files whose flat bundle names collide in bundle-directory',
    files: { 'a_b/x/f': '1', 'a/b_x/f': '2' },
    prepare: () => ({
      inputs: signWith({ inputs: 'a_b/x/f a/b_x/f', 'bundle-directory': 'sigs' }),
    }),
    code: 'BUNDLE_NAME_CONFLICT',
    says: [
      /bundle-directory: a\/b_x\/f and a_b\/x\/f would both get the bundle a_b_x_f\.sigstore\.json/,
      /sign them in separate steps or leave bundle-directory unset/,
    ],
  },

  // --- inputs: switches and conflicts ---
  {
    name: 'an unknown mode',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', mode: 'sgn' }) }),
    code: 'INPUT_INVALID',
    says: [/^mode must be sign or verify, not "sgn"/],
  },
  {
    name: 'a non-boolean boolean (overwrite: yes)',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', overwrite: 'yes' }) }),
    code: 'INPUT_INVALID',
    says: [/^overwrite must be true or false, not "yes"/],
  },
  {
    name: 'a non-boolean boolean (staging: 1)',
    files: A,
    prepare: () => ({ inputs: { inputs: 'dist/a.txt', staging: '1' } }),
    code: 'INPUT_INVALID',
    says: [/^staging must be true or false, not "1"/],
  },
  {
    name: 'staging with signing-config',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', staging: 'true' }) }),
    code: 'INPUT_CONFLICT',
    says: [/staging and signing-config cannot be used together/, /Keep one/],
  },
  {
    name: 'tuf-mirror without tuf-root',
    files: A,
    prepare: () => ({ inputs: { inputs: 'dist/a.txt', 'tuf-mirror': stack.env.STACK_TUF_URL } }),
    code: 'INPUT_INVALID',
    says: [/tuf-mirror needs tuf-root: the initial root\.json/],
  },
  {
    name: 'tuf-root without tuf-mirror',
    files: A,
    prepare: () => ({ inputs: { inputs: 'dist/a.txt', 'tuf-root': stack.env.STACK_TUF_ROOT } }),
    code: 'INPUT_INVALID',
    says: [/tuf-root is only used with tuf-mirror; set tuf-mirror too, or remove tuf-root/],
  },
  {
    name: 'trusted-root without signing-config when signing',
    files: A,
    prepare: () => ({
      inputs: { inputs: 'dist/a.txt', 'trusted-root': stack.env.STACK_TRUSTED_ROOT },
    }),
    code: 'INPUT_INVALID',
    says: [/trusted-root needs signing-config when signing/],
  },
  {
    name: 'a verify-only input in sign mode',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', 'cert-identity-regexp': '.*' }) }),
    code: 'INPUT_INVALID',
    says: [/cert-identity-regexp is only used in verify mode; remove it, or set mode: verify/],
  },
  {
    name: 'release-notes without release-signing-artifacts',
    files: A,
    prepare: () => ({ inputs: signWith({ inputs: 'dist/a.txt', 'release-notes': 'true' }) }),
    code: 'INPUT_INVALID',
    says: [/release-notes .* set release-signing-artifacts: true too/],
  },
  {
    name: 'release-signing-artifacts on a branch, without release-tag',
    files: A,
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt', 'release-signing-artifacts': 'true' }),
      env: { ...stack.env, GITHUB_REF: 'refs/heads/main' },
    }),
    code: 'INPUT_INVALID',
    says: [
      /release-signing-artifacts needs a release: this run is for refs\/heads\/main/,
      /Set release-tag/,
    ],
  },
  {
    name: 'an empty github-token with release-signing-artifacts',
    files: A,
    prepare: () => ({
      inputs: signWith({
        inputs: 'dist/a.txt',
        'release-signing-artifacts': 'true',
        'release-tag': 'v1.2.3',
        'github-token': '',
      }),
    }),
    code: 'INPUT_INVALID',
    says: [/github-token is empty: leave it unset to use the job token/],
  },
  {
    name: 'an artifact name with a path separator',
    files: A,
    prepare: () => ({
      inputs: signWith({
        inputs: 'dist/a.txt',
        'upload-signing-artifacts': 'true',
        'upload-signing-artifacts-name': 'bundles/v1.2.3',
      }),
    }),
    code: 'INPUT_INVALID',
    says: [
      /upload-signing-artifacts-name is "bundles\/v1\.2\.3", which contains "\/"/,
      /Choose a name without them, e\.g\. "bundles-v1\.2\.3"/,
    ],
  },
  {
    name: 'an artifact file name the artifact service refuses',
    files: { 'dist/app:v1.txt': 'x' },
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/*', 'upload-signing-artifacts': 'true' }),
    }),
    code: 'ASSET_NAME_INVALID',
    says: [
      /upload-signing-artifacts: "app:v1\.txt\.sigstore\.json" cannot be put in a workflow artifact, because its name contains ":"/,
      /rename the file, or leave it out of inputs/,
    ],
  },

  // --- the instance: signing config and trusted root ---
  {
    name: 'a signing-config that does not exist',
    files: A,
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt', 'signing-config': 'sigstore/signing_config.json' }),
    }),
    code: 'TRUST_CONFIG_INVALID',
    says: [/signing-config: cannot read sigstore\/signing_config\.json \(ENOENT\); check the path/],
  },
  {
    name: 'a truncated signing-config',
    files: A,
    prepare: (ws) => ({
      inputs: signWith({
        inputs: 'dist/a.txt',
        'signing-config': file(
          ws,
          'sc.json',
          TRUNCATED(readFileSync(stack.env.STACK_SIGNING_CONFIG, 'utf8')),
        ),
      }),
    }),
    code: 'TRUST_CONFIG_INVALID',
    says: [
      /signing-config: .*sc\.json is not valid JSON/,
      /pass the signing config of your instance as its JSON file, complete/,
    ],
  },
  {
    name: 'a trusted root given as signing-config',
    files: A,
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt', 'signing-config': stack.env.STACK_TRUSTED_ROOT }),
    }),
    code: 'TRUST_CONFIG_INVALID',
    says: [
      /this is a trusted root, not a signing config; pass it as trusted-root, and the instance's signing config \(v0\.2\) as signing-config/,
    ],
  },
  {
    name: 'a hostile signing-config (a file: URL for Fulcio)',
    files: A,
    prepare: (ws) => {
      const config = JSON.parse(readFileSync(stack.env.STACK_SIGNING_CONFIG, 'utf8')) as {
        caUrls: { url: string }[];
      };
      config.caUrls[0].url = 'file:///etc/passwd';
      const text = JSON.stringify(config).replace(/^\{/, '{"__proto__":{"polluted":true},');
      return {
        inputs: signWith({ inputs: 'dist/a.txt', 'signing-config': file(ws, 'sc.json', text) }),
      };
    },
    code: 'TRUST_CONFIG_INVALID',
    says: [
      /caUrls\[0\]\.url is "file:\/\/\/etc\/passwd", not an http\(s\) URL/,
      /pass the signing config of your Sigstore instance/,
    ],
  },
  {
    name: 'a truncated trusted-root',
    files: A,
    prepare: (ws) => ({
      inputs: signWith({
        inputs: 'dist/a.txt',
        'trusted-root': file(
          ws,
          'tr.json',
          TRUNCATED(readFileSync(stack.env.STACK_TRUSTED_ROOT, 'utf8')),
        ),
      }),
    }),
    code: 'TRUST_CONFIG_INVALID',
    says: [/trusted-root: .*tr\.json is not valid JSON/, /pass the trusted root of your instance/],
  },
  {
    name: 'a hostile trusted-root (a number where keys go)',
    files: A,
    prepare: (ws) => ({
      inputs: signWith({
        inputs: 'dist/a.txt',
        'trusted-root': file(
          ws,
          'tr.json',
          JSON.stringify({
            mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
            tlogs: [{ baseUrl: 'https://rekor', publicKey: { rawBytes: 12345 } }],
          }).replace(/^\{/, '{"__proto__":{"isAdmin":true},'),
        ),
      }),
    }),
    code: 'TRUST_CONFIG_INVALID',
    says: [
      /trusted-root \(.*tr\.json\): not a valid Sigstore trusted root/,
      /pass the trusted_root\.json of your Sigstore instance/,
    ],
  },
  {
    name: 'a trusted-root whose log key has no validFor.start',
    files: A,
    prepare: (ws) => {
      const root = JSON.parse(readFileSync(stack.env.STACK_TRUSTED_ROOT, 'utf8')) as {
        tlogs: { publicKey: { validFor?: unknown } }[];
      };
      delete root.tlogs[0].publicKey.validFor;
      return {
        inputs: signWith({
          inputs: 'dist/a.txt',
          'trusted-root': file(ws, 'tr.json', JSON.stringify(root)),
        }),
      };
    },
    code: 'TRUST_CONFIG_INVALID',
    says: [
      /tlogs\[0\] .* has no validFor\.start; a trusted root must say from when each key is trusted/,
    ],
  },

  // --- the identity ---
  {
    name: 'an expired identity-token',
    files: A,
    prepare: async () => {
      const token = await stack.mintToken({ expiresInSeconds: -60 });
      return {
        inputs: signWith({ inputs: 'dist/a.txt', 'identity-token': token }),
        secrets: [token],
      };
    },
    code: 'OIDC_TOKEN_INVALID',
    says: [/identity-token expired at .*; pass a fresh token, or leave identity-token unset/],
  },
  {
    name: 'an identity-token for the wrong audience',
    files: A,
    prepare: async () => {
      const token = await stack.mintToken({ audience: 'api://AzureADTokenExchange' });
      return {
        inputs: signWith({ inputs: 'dist/a.txt', 'identity-token': token }),
        secrets: [token],
      };
    },
    code: 'OIDC_TOKEN_INVALID',
    says: [
      /identity-token has the audience "api:\/\/AzureADTokenExchange", and Fulcio only accepts tokens for the audience "sigstore"/,
      /request the token with that audience/,
    ],
  },
  {
    name: 'a malformed identity-token',
    files: A,
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt', 'identity-token': 'ghs_notajwtatall0123456789' }),
      secrets: ['ghs_notajwtatall0123456789'],
    }),
    code: 'OIDC_TOKEN_INVALID',
    says: [/identity-token is not a JWT/, /pass the OIDC identity token itself/],
  },
  {
    name: 'an identity-token with a "Bearer " prefix',
    files: A,
    prepare: async () => {
      const token = await stack.mintToken();
      return {
        inputs: signWith({ inputs: 'dist/a.txt', 'identity-token': `Bearer ${token}` }),
        secrets: [token],
      };
    },
    code: 'OIDC_TOKEN_INVALID',
    says: [/identity-token starts with "Bearer ": pass the token alone, without that prefix/],
  },
  {
    name: 'an identity-token without a subject',
    files: A,
    prepare: async () => {
      const token = await stack.mintToken({ claims: { sub: null } });
      return {
        inputs: signWith({ inputs: 'dist/a.txt', 'identity-token': token }),
        secrets: [token],
      };
    },
    code: 'OIDC_TOKEN_INVALID',
    says: [
      /identity-token has no "sub" claim/,
      /pass an OIDC identity token \(an ID token, not an access token\)/,
    ],
  },
  {
    name: 'an OIDC token request refused by the runner',
    files: A,
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt' }),
      env: { ...stack.env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'expired-request-token-0123456789' },
      secrets: ['expired-request-token-0123456789'],
    }),
    code: 'OIDC_TOKEN_FAILED',
    says: [
      /the runner refused an OIDC identity token: .*401/,
      /Check that the job has "permissions: id-token: write"/,
    ],
  },
  {
    name: 'no id-token permission',
    files: A,
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt' }),
      env: envWithout('ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'),
    }),
    code: 'OIDC_PERMISSION_MISSING',
    says: [
      /this job cannot get an OIDC identity token: add "permissions: id-token: write" to the job/,
    ],
  },
  {
    name: 'a pull request from a fork (no token at all)',
    files: A,
    prepare: () => ({
      inputs: signWith({ inputs: 'dist/a.txt' }),
      env: {
        ...envWithout('ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'),
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REF: 'refs/pull/7/merge',
      },
    }),
    code: 'OIDC_PERMISSION_MISSING',
    says: [
      /it runs for a pull_request event: pull requests from forks never get one/,
      /Sign in a workflow that runs on push, release or workflow_dispatch/,
    ],
  },

  // --- releases ---
  {
    name: 'a release that does not exist',
    files: A,
    prepare: () => ({
      inputs: signWith({
        inputs: 'dist/a.txt',
        'release-signing-artifacts': 'true',
        'release-tag': 'v404.0.0',
      }),
    }),
    code: 'RELEASE_NOT_FOUND',
    says: [
      /octo-org\/octo-repo has no release for the tag v404\.0\.0 \(drafts included\); create it before this step/,
    ],
  },
  {
    name: 'a draft release the github-token cannot see',
    files: A,
    prepare: async () => {
      const tag = newTag();
      const release = await createRelease(stack, { tag, draft: true });
      return {
        inputs: signWith({
          inputs: 'dist/a.txt',
          'release-signing-artifacts': 'true',
          'release-tag': tag,
          'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
        }),
        releaseId: release.id,
      };
    },
    code: 'RELEASE_NOT_FOUND',
    says: [
      /has no release for the tag v9\.0\.\d+ \(drafts included\)/,
      /A draft is only visible to a token with contents: write/,
    ],
  },
  {
    name: 'a published immutable release',
    files: A,
    prepare: async () => {
      const tag = newTag();
      await setImmutableReleases(stack, true);
      try {
        const release = await createRelease(stack, { tag });
        return {
          inputs: signWith({
            inputs: 'dist/a.txt',
            'release-signing-artifacts': 'true',
            'release-tag': tag,
          }),
          releaseId: release.id,
        };
      } finally {
        await setImmutableReleases(stack, false);
      }
    },
    code: 'RELEASE_IMMUTABLE',
    says: [
      /the release v9\.0\.\d+ is published and immutable/,
      /Attach the bundles while the release is still a draft/,
    ],
  },
  {
    name: 'a release asset name with a control character',
    files: { 'dist/ok.bin': 'ok', 'dist/evil\u0007.bin': 'bell' },
    prepare: async () => {
      const tag = newTag();
      const release = await createRelease(stack, { tag, draft: true });
      return {
        inputs: signWith({
          inputs: 'dist/*',
          'release-signing-artifacts': 'true',
          'release-tag': tag,
        }),
        releaseId: release.id,
      };
    },
    code: 'ASSET_NAME_INVALID',
    says: [
      /release-signing-artifacts: the bundle of "dist\/evil\\u0007\.bin" would be the release asset "evil\\u0007\.bin\.sigstore\.json", whose name has a control character \(U\+0007\)/,
      /rename the file, or leave it out of inputs/,
    ],
  },
  {
    name: 'a release asset name with a path separator',
    files: { 'dist/win\\app.exe': 'MZ' },
    prepare: async () => {
      const tag = newTag();
      const release = await createRelease(stack, { tag, draft: true });
      return {
        inputs: signWith({
          inputs: 'dist/*',
          'release-signing-artifacts': 'true',
          'release-tag': tag,
        }),
        releaseId: release.id,
      };
    },
    code: 'ASSET_NAME_INVALID',
    says: [
      /would be the release asset "win\\\\app\.exe\.sigstore\.json", whose name has a path separator/,
    ],
  },

  // --- verify mode ---
  {
    name: 'verify without any identity to require',
    files: A,
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt', 'cert-identity': '' }) }),
    code: 'INPUT_INVALID',
    says: [
      /verification needs to know who must have signed: set cert-identity .*cert-identity-regexp, or at least github-repository/,
    ],
  },
  {
    name: 'cert-identity with cert-identity-regexp',
    files: A,
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt', 'cert-identity-regexp': '.*' }) }),
    code: 'INPUT_CONFLICT',
    says: [
      /cert-identity and cert-identity-regexp cannot be used together: keep the exact identity, or the pattern/,
    ],
  },
  {
    name: 'an identity regexp that does not compile',
    files: A,
    prepare: () => ({
      inputs: verifyWith({
        inputs: 'dist/a.txt',
        'cert-identity': '',
        'cert-identity-regexp': 'https://github\\.com/octo-org/(octo-repo/\\.github/.*',
      }),
    }),
    code: 'INPUT_INVALID',
    says: [
      /cert-identity-regexp is not a valid regular expression \(Unterminated group in ".*"\); fix the pattern/,
    ],
  },
  {
    name: 'an identity regexp invalid only in Unicode mode',
    files: A,
    prepare: () => ({
      inputs: verifyWith({
        inputs: 'dist/a.txt',
        'cert-identity': '',
        'cert-identity-regexp': 'octo\\-org/.*',
      }),
    }),
    code: 'INPUT_INVALID',
    says: [
      /cert-identity-regexp is not a valid regular expression/,
      /Unicode mode \(where an escape like \\- outside \[\.\.\.\] is an error\)/,
    ],
  },
  {
    name: 'a short github-sha',
    files: A,
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt', 'github-sha': 'a1b2c3d' }) }),
    code: 'INPUT_INVALID',
    says: [/github-sha must be the full commit SHA \(40 lowercase hex characters\), not "a1b2c3d"/],
  },
  {
    name: 'a github-ref that is not a full ref',
    files: A,
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt', 'github-ref': 'v1.2.3' }) }),
    code: 'INPUT_INVALID',
    says: [
      /github-ref must be a full ref \(refs\/tags\/v1\.2\.3, refs\/heads\/main\), not "v1\.2\.3"/,
    ],
  },
  {
    name: 'an unknown runner-environment',
    files: A,
    prepare: () => ({
      inputs: verifyWith({ inputs: 'dist/a.txt', 'runner-environment': 'ubuntu-latest' }),
    }),
    code: 'INPUT_INVALID',
    says: [/runner-environment must be github-hosted or self-hosted, not "ubuntu-latest"/],
  },
  {
    name: 'signing-config in verify mode',
    files: A,
    prepare: () => ({
      inputs: verifyWith({
        inputs: 'dist/a.txt',
        'signing-config': stack.env.STACK_SIGNING_CONFIG,
      }),
    }),
    code: 'INPUT_INVALID',
    says: [/signing-config is only used in sign mode; remove it, or set mode: sign/],
  },
  {
    name: 'empty inputs in verify mode',
    files: A,
    prepare: () => ({ inputs: verifyWith({ inputs: '' }) }),
    code: 'INPUT_INVALID',
    says: [/inputs is empty: name the files to verify .*, or set release-tag/],
  },
  {
    name: 'download-directory without release-tag in verify mode',
    files: A,
    prepare: () => ({
      inputs: verifyWith({ inputs: 'dist/a.txt', 'download-directory': 'verified' }),
    }),
    code: 'INPUT_INVALID',
    says: [/download-directory keeps the verified assets of a release: set release-tag too/],
  },
  {
    name: 'a bundle input for several files',
    files: { ...A, 'dist/b.txt': 'b' },
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/*', bundle: 'a.sigstore.json' }) }),
    code: 'INPUT_INVALID',
    says: [/bundle names the bundle of ONE file, and inputs matched 2; remove bundle/],
  },
  {
    name: 'a truncated bundle',
    files: {
      ...A,
      'dist/a.txt.sigstore.json':
        '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMat',
    },
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt' }) }),
    code: 'BUNDLE_MALFORMED',
    says: [
      /dist\/a\.txt: the bundle dist\/a\.txt\.sigstore\.json is not valid JSON/,
      /sign the file again/,
    ],
    level: 'file',
  },
  {
    name: 'a bundle that is JSON null',
    files: { ...A, 'dist/a.txt.sigstore.json': 'null' },
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt' }) }),
    code: 'BUNDLE_MALFORMED',
    says: [
      /dist\/a\.txt: the bundle dist\/a\.txt\.sigstore\.json is not a Sigstore bundle/,
      /sign the file again/,
    ],
    level: 'file',
  },
  {
    name: 'a hostile bundle (prototype keys, wrong types)',
    files: {
      ...A,
      'dist/a.txt.sigstore.json': JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: { certificate: { rawBytes: { toString: 1 } }, tlogEntries: 'x' },
        messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: 7 }, signature: [] },
      }).replace(
        /^\{/,
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
      ),
    },
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt' }) }),
    code: 'BUNDLE_MALFORMED',
    says: [
      /dist\/a\.txt: the bundle is malformed at verificationMaterial\.certificate\.rawBytes: expected base64 data, found a JSON object/,
      /check that it is the right file, or sign the file again/,
    ],
    level: 'file',
  },
  {
    name: 'a bundle far too large',
    files: { ...A, 'dist/a.txt.sigstore.json': Buffer.alloc(17 * 1024 * 1024, 0x20) },
    prepare: () => ({ inputs: verifyWith({ inputs: 'dist/a.txt' }) }),
    code: 'BUNDLE_MALFORMED',
    says: [
      /dist\/a\.txt\.sigstore\.json is 17825792 bytes, far too large for a Sigstore bundle/,
      /check that it is the bundle, not the signed file itself/,
    ],
    level: 'file',
  },
  {
    name: 'a truncated trusted-root in verify mode',
    files: A,
    prepare: (ws) => ({
      inputs: verifyWith({
        inputs: 'dist/a.txt',
        'trusted-root': file(
          ws,
          'tr.json',
          TRUNCATED(readFileSync(stack.env.STACK_TRUSTED_ROOT, 'utf8')),
        ),
      }),
    }),
    code: 'TRUST_CONFIG_INVALID',
    says: [/trusted-root: .*tr\.json is not valid JSON/],
  },
  {
    name: 'verify a release that does not exist',
    prepare: () => ({ inputs: verifyWith({ inputs: '', 'release-tag': 'v404.0.0' }) }),
    code: 'RELEASE_NOT_FOUND',
    says: [
      /octo-org\/octo-repo has no release for the tag v404\.0\.0 that this token can see; check release-tag and repository/,
    ],
  },
  {
    name: 'verify a draft release with a read-only token',
    prepare: async () => {
      const tag = newTag();
      const release = await createRelease(stack, { tag, draft: true });
      return {
        inputs: verifyWith({
          inputs: '',
          'release-tag': tag,
          'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
        }),
        releaseId: release.id,
      };
    },
    code: 'RELEASE_NOT_FOUND',
    says: [
      /A draft release is only visible to a token with contents: write: verify it once it is published, or pass such a github-token/,
    ],
  },
  {
    name: 'a repository that is not OWNER/REPO',
    prepare: () => ({
      inputs: verifyWith({ inputs: '', 'release-tag': 'v1.2.3', repository: 'octo-repo' }),
    }),
    code: 'INPUT_INVALID',
    says: [/repository must be OWNER\/REPO, not "octo-repo"/],
  },

  // --- the CLI names its flags ---
  {
    name: 'CLI: an identity regexp that does not compile',
    files: A,
    prepare: () => ({
      cli: [
        'verify',
        '--trusted-root',
        stack.env.STACK_TRUSTED_ROOT,
        '--cert-identity-regexp',
        'a(b',
        'dist/a.txt',
      ],
    }),
    code: 'INPUT_INVALID',
    says: [/--cert-identity-regexp is not a valid regular expression/],
  },
  {
    name: 'CLI: --staging with --signing-config',
    files: A,
    prepare: () => ({
      cli: ['sign', '--staging', '--signing-config', stack.env.STACK_SIGNING_CONFIG, 'dist/a.txt'],
    }),
    code: 'INPUT_CONFLICT',
    says: [/--staging and --signing-config cannot be used together/],
  },
  {
    name: 'CLI: an --identity-token for the wrong audience',
    files: A,
    prepare: async () => {
      const token = await stack.mintToken({ audience: 'not-sigstore' });
      return {
        cli: [
          'sign',
          '--identity-token',
          token,
          '--signing-config',
          stack.env.STACK_SIGNING_CONFIG,
          '--trusted-root',
          stack.env.STACK_TRUSTED_ROOT,
          'dist/a.txt',
        ],
        secrets: [token],
      };
    },
    code: 'OIDC_TOKEN_INVALID',
    says: [/--identity-token has the audience "not-sigstore"/, /or leave --identity-token unset/],
  },
];

// ---------------------------------------------------------------------------------------------
// Running the table

const outcomes = new Map<string, Outcome>();
let statsBefore: StackStats;
let statsAfter: StackStats;
let artifactsBefore: number;
let artifactsAfter: number;
let tableMs = 0;

beforeAll(async () => {
  stack = await spawnStack();
  statsBefore = await stack.stats();
  artifactsBefore = (await listArtifacts(stack)).length;
  const started = Date.now();
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) outcomes.set(c.name, await runCase(c));
    }),
  );
  tableMs = Date.now() - started;
  statsAfter = await stack.stats();
  artifactsAfter = (await listArtifacts(stack)).length;
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  const slowest = [...outcomes.entries()]
    .sort((a, b) => b[1].durationMs - a[1].durationMs)
    .slice(0, 5)
    .map(([name, o]) => `${name} ${o.durationMs} ms`);
  console.log(
    `${cases.length} bad-input cases in ${tableMs} ms (${CONCURRENCY} at a time); slowest: ${slowest.join(', ')}`,
  );
  // BAD_INPUT_MESSAGES=FILE writes every case's error message, for reviewing them side by side.
  if (process.env.BAD_INPUT_MESSAGES) {
    writeFileSync(
      process.env.BAD_INPUT_MESSAGES,
      cases.map((c) => `## ${c.name}\n${outcomes.get(c.name)?.error ?? '(not run)'}\n`).join('\n'),
    );
  }
});

async function runCase(c: BadInputCase): Promise<Outcome> {
  const ws = mkdtempSync(path.join(tmpdir(), 'bad-input-'));
  for (const [name, content] of Object.entries(c.files ?? {})) file(ws, name, content);
  const prepared = await c.prepare(ws);
  const before = snapshot(ws, prepared.volatile);
  const assetsBefore = prepared.releaseId ? await assetNames(prepared.releaseId) : undefined;
  const started = Date.now();
  let outcome: Omit<Outcome, 'before' | 'after' | 'assetsBefore' | 'assetsAfter' | 'secrets'>;
  try {
    if (prepared.cli) {
      const run = await runCliOutsideRunner(prepared.cli, ws, prepared.env ?? stack.env);
      outcome = {
        cli: true,
        code: run.code,
        error: /^error: ([\s\S]*)$/m.exec(run.stderr)?.[1].trim() ?? '',
        stdout: run.stdout,
        stderr: run.stderr,
        summary: '',
        everything: run.stdout + run.stderr,
        durationMs: Date.now() - started,
      };
    } else {
      const run = await runAction({
        workspace: ws,
        env: prepared.env ?? stack.env,
        inputs: prepared.inputs ?? {},
      });
      const errors = run.stdout
        .split('\n')
        .filter((line) => line.startsWith('::error::'))
        .map((line) => decodeCommand(line.slice('::error::'.length)));
      outcome = {
        cli: false,
        code: run.code,
        error: errors.join('\n'),
        stdout: run.stdout,
        stderr: run.stderr,
        summary: run.summary,
        everything: run.everything,
        durationMs: run.durationMs,
      };
    }
  } finally {
    prepared.after?.();
  }
  return {
    ...outcome,
    before,
    after: snapshot(ws, prepared.volatile),
    assetsBefore,
    assetsAfter: prepared.releaseId ? await assetNames(prepared.releaseId) : undefined,
    secrets: prepared.secrets ?? [],
  };
}

async function runCliOutsideRunner(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Outside a runner: the CLI prints "error: ..." on stderr instead of workflow commands.
  const rest = { ...env };
  delete rest.GITHUB_ACTIONS;
  return runCliProcess(args, cwd, rest);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command}: ${code}`)),
    );
  });
}

/** The inverse of @actions/core's escaping of a workflow command's message. */
function decodeCommand(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** Every entry of a directory tree, with what would show a write (size, mtime, link target). */
function snapshot(dir: string, volatile: readonly string[] = []): string[] {
  const entries: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      const stat = lstatSync(p);
      if (volatile.includes(rel)) entries.push(`${rel} (changing)`);
      else if (stat.isDirectory()) {
        entries.push(`${rel}/`);
        walk(p);
      } else entries.push(`${rel} ${stat.size} ${stat.mtimeMs}`);
    }
  };
  walk(dir);
  return entries.sort();
}

async function assetNames(releaseId: number): Promise<string[]> {
  return (await listAssets(stack, releaseId)).map((a) => a.name).sort();
}

function withoutMaskCommands(text: string): string {
  return text.replace(/^::add-mask::.*$/gm, '');
}

// ---------------------------------------------------------------------------------------------
// The checks

describe('bad input: the step fails with one clear error and writes nothing', () => {
  it('has at least 30 cases with distinct names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const o = outcomes.get(c.name)!;
    const context = `${c.name}\n--- error ---\n${o.error}\n--- stdout ---\n${o.stdout}\n--- stderr ---\n${o.stderr}`;

    // The step fails, with the expected code and a message that says what to do.
    expect({ context, code: o.code }).toEqual({ context, code: 1 });
    expect(o.error).toContain(`[${c.code}]`);
    for (const says of c.says)
      expect({ context, matches: says.test(o.error) }).toEqual({ context, matches: true });
    expect(o.error).not.toContain('[INTERNAL]');

    // No stack trace, and nothing on stderr but the CLI's error line.
    const printed = o.stdout + o.stderr;
    expect(printed).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(printed).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError):/);
    if (o.cli) expect(o.stderr).toMatch(/^error: /);
    else expect(o.stderr).toBe('');

    // The summary says nothing was done (or, for a per-file failure, which file failed).
    if (o.summary !== '') {
      if ((c.level ?? 'step') === 'step')
        expect(o.summary).toMatch(/\*\*Nothing was (signed|verified)\.\*\*/);
      else expect(o.summary).toMatch(/Signing failed|did not verify/);
    }

    // Nothing was written (no bundle, no temporary file, nothing changed): the workspace is as
    // it was, and the release has the same assets.
    expect(o.after).toEqual(o.before);
    if (o.assetsBefore) expect(o.assetsAfter).toEqual(o.assetsBefore);

    // No credential in anything the step printed or wrote.
    for (const secret of o.secrets) expect(withoutMaskCommands(o.everything)).not.toContain(secret);
  });

  it('logged nothing, uploaded nothing, and asked Fulcio only where a case got that far', () => {
    expect(statsAfter.rekor - statsBefore.rekor).toBe(0);
    expect(statsAfter.rekorV2 - statsBefore.rekorV2).toBe(0);
    expect(statsAfter.tsa - statsBefore.tsa).toBe(0);
    expect(statsAfter.fulcio - statsBefore.fulcio).toBe(
      cases.filter((c) => c.reachesFulcio).length,
    );
    expect(artifactsAfter).toBe(artifactsBefore);
  });
});
