/**
 * End to end: which logs a run writes to. The built action (dist/index.js) against the local
 * stack, whose TUF repository publishes what public-good's does (signing_config.v0.2.json with
 * Rekor v1, and the opt-in signing_config_rekor_v2.v0.2.json with Rekor v2 first), with
 * `rekor-version` (as gh-action-sigstore-python's), staging's signing config shape, and the
 * ALL and EXACT selectors. Bundles are checked with sigstore-js's own verifier.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAction, type ActionRun } from '../helpers/action.js';
import { runCli } from '../helpers/process.js';
import { spawnStack, type StackProcess, type StackStats } from '../helpers/stack.js';
import { verifierFor, verifyFileBundle } from '../helpers/verify.js';
import { workspace } from '../helpers/workspace.js';

const ISSUER = 'https://token.actions.githubusercontent.com';

let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
});

afterAll(async () => {
  await stack?.stop();
});

interface BundleJSON {
  verificationMaterial: {
    tlogEntries: {
      logIndex?: string;
      logId: { keyId: string };
      kindVersion: { kind: string; version: string };
    }[];
    timestampVerificationData?: { rfc3161Timestamps: unknown[] };
  };
}

/** The stack's trusted root: which log each log id belongs to. */
function logURLsById(): Map<string, string> {
  const root = JSON.parse(readFileSync(stack.env.STACK_TRUSTED_ROOT, 'utf8')) as {
    tlogs: { baseUrl: string; logId: { keyId: string } }[];
  };
  return new Map(root.tlogs.map((t) => [t.logId.keyId, t.baseUrl]));
}

async function signIn(
  files: Record<string, string>,
  inputs: Record<string, string>,
): Promise<{ run: ActionRun; ws: string; delta: Partial<Record<keyof StackStats, number>> }> {
  const ws = workspace(files);
  const before = await stack.stats();
  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: { inputs: Object.keys(files).join(' '), ...inputs },
  });
  const after = await stack.stats();
  const delta: Partial<Record<keyof StackStats, number>> = {};
  for (const key of ['oidc', 'fulcio', 'rekor', 'rekorV2', 'rekorV2Other', 'tsa', 'tuf'] as const) {
    delta[key] = after[key] - before[key];
  }
  return { run, ws, delta };
}

/** Reads each file's bundle and checks it with sigstore-js's verifier against the stack's root. */
function verifiedBundles(ws: string, names: string[]): BundleJSON[] {
  const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
  return names.map((name) => {
    const bundlePath = path.join(ws, `${name}.sigstore.json`);
    const signer = verifyFileBundle(
      verifier,
      bundlePath,
      readFileSync(path.join(ws, name)),
      stack.env.STACK_IDENTITY,
      ISSUER,
    );
    expect(signer.identity?.subjectAlternativeName).toBe(stack.env.STACK_IDENTITY);
    return JSON.parse(readFileSync(bundlePath, 'utf8')) as BundleJSON;
  });
}

const tufInputs = (): Record<string, string> => ({
  'tuf-mirror': stack.env.STACK_TUF_URL,
  'tuf-root': stack.env.STACK_TUF_ROOT,
});

/** A signing config file: the stack's opt-in Rekor v2 config with other logs and selector. */
function configFile(change: (config: Record<string, unknown>) => void): string {
  const config = JSON.parse(
    readFileSync(stack.env.STACK_SIGNING_CONFIG_REKOR_V2, 'utf8'),
  ) as Record<string, unknown>;
  change(config);
  const file = path.join(workspace({}), 'signing_config.v0.2.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** The second Rekor v2 log of the stack, of another operator (stack/server.ts). */
function otherRekorV2(): Record<string, unknown> {
  const url = `${stack.url}/rekor2-other`;
  expect([...logURLsById().values()]).toContain(url);
  return {
    url,
    majorApiVersion: 2,
    validFor: { start: new Date(Date.now() - 3_600_000).toISOString() },
    operator: 'other.sigstore.local',
  };
}

describe('which transparency logs a run writes to', () => {
  it('rekor-version 2 on a TUF instance: the opt-in Rekor v2 signing config, Rekor v2 + TSA', async () => {
    const names = ['a.bin', 'b.bin'];
    const { run, ws, delta } = await signIn(
      { 'a.bin': 'alpha', 'b.bin': 'beta' },
      { ...tufInputs(), 'rekor-version': '2' },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Rekor v2 ${stack.url}/rekor2`);
    expect(delta.rekorV2).toBeGreaterThan(0);
    expect(delta.rekor).toBe(0);
    expect(delta.tsa).toBe(2);
    const logs = logURLsById();
    for (const bundle of verifiedBundles(ws, names)) {
      const entries = bundle.verificationMaterial.tlogEntries;
      expect(entries).toHaveLength(1);
      expect(entries[0].kindVersion).toEqual({ kind: 'hashedrekord', version: '0.0.2' });
      expect(logs.get(entries[0].logId.keyId)).toBe(`${stack.url}/rekor2`);
      expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(
        1,
      );
    }
    // The summary shows the Rekor v2 entry's index and log, and no search link.
    expect(run.summary).toContain('(Rekor v2 + timestamp authority)');
    expect(run.summary).toMatch(/\| ✅&nbsp;signed \| \d+ \|/);
    expect(run.summary).toContain(`Transparency log: \`${stack.url}/rekor2\``);
    expect(run.summary).not.toContain('search.sigstore.dev');
  });

  it('no rekor-version on a TUF instance: the default signing config, Rekor v1', async () => {
    const { run, ws, delta } = await signIn({ 'a.bin': 'alpha' }, tufInputs());
    expect(run.code).toBe(0);
    expect(delta.rekor).toBe(1);
    expect(delta.rekorV2).toBe(0);
    const [bundle] = verifiedBundles(ws, ['a.bin']);
    expect(bundle.verificationMaterial.tlogEntries[0].kindVersion).toEqual({
      kind: 'hashedrekord',
      version: '0.0.1',
    });
    expect(run.summary).toContain('(Rekor v1 + timestamp authority)');
  });

  it('rekor-version 1 keeps a Rekor v2 config on its Rekor v1 log', async () => {
    const { run, ws, delta } = await signIn(
      { 'a.bin': 'alpha' },
      {
        'signing-config': stack.env.STACK_SIGNING_CONFIG_STAGING,
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'rekor-version': '1',
      },
    );
    expect(run.code).toBe(0);
    expect(delta.rekor).toBe(1);
    expect(delta.rekorV2).toBe(0);
    verifiedBundles(ws, ['a.bin']);
  });

  it("staging's signing config shape (Rekor v2 the newest, Rekor v1, TSA) signs through Rekor v2 + TSA", async () => {
    const names = ['a.bin', 'b.bin', 'c.bin'];
    const { run, ws, delta } = await signIn(
      { 'a.bin': 'alpha', 'b.bin': 'beta', 'c.bin': 'gamma' },
      {
        'signing-config': stack.env.STACK_SIGNING_CONFIG_STAGING,
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      },
    );
    expect(run.code).toBe(0);
    expect(delta.rekorV2).toBe(3);
    expect(delta.rekor).toBe(0);
    expect(delta.tsa).toBe(3);
    for (const bundle of verifiedBundles(ws, names)) {
      expect(bundle.verificationMaterial.tlogEntries.map((e) => e.kindVersion.version)).toEqual([
        '0.0.2',
      ]);
      expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(
        1,
      );
    }
  });

  it('ALL: each file is logged in every log of the highest version (two Rekor v2 logs) and verifies', async () => {
    const config = configFile((c) => {
      c.rekorTlogUrls = [...(c.rekorTlogUrls as unknown[]), otherRekorV2()];
      c.rekorTlogConfig = { selector: 'ALL' };
    });
    const names = ['a.bin', 'b.bin'];
    const { run, ws, delta } = await signIn(
      { 'a.bin': 'alpha', 'b.bin': 'beta' },
      { 'signing-config': config, 'trusted-root': stack.env.STACK_TRUSTED_ROOT },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(delta.rekorV2).toBe(2);
    expect(delta.rekorV2Other).toBe(2);
    expect(delta.rekor).toBe(0); // ALL never mixes API versions: Rekor v1 is not written to
    const logs = logURLsById();
    for (const bundle of verifiedBundles(ws, names)) {
      const entries = bundle.verificationMaterial.tlogEntries;
      expect(entries.map((e) => logs.get(e.logId.keyId)).sort()).toEqual([
        `${stack.url}/rekor2`,
        `${stack.url}/rekor2-other`,
      ]);
    }
    expect(run.summary).toContain('(2 Rekor v2 logs + timestamp authority)');
    expect(run.summary).toMatch(
      /\| ✅&nbsp;signed \| \d+&nbsp;\(log&nbsp;1\)<br>\d+&nbsp;\(log&nbsp;2\) \|/,
    );
    expect(run.summary).toContain(`log 1 \`${stack.url}/rekor2-other\``);
  });

  it('EXACT 2 with one usable log is refused before any token is fetched', async () => {
    const config = configFile((c) => {
      c.rekorTlogConfig = { selector: 'EXACT', count: 2 };
    });
    const { run, ws, delta } = await signIn(
      { 'a.bin': 'alpha' },
      { 'signing-config': config, 'trusted-root': stack.env.STACK_TRUSTED_ROOT },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'rekorTlogConfig asks for EXACT 2 services, but rekorTlogUrls has 1 usable',
    );
    expect(run.stdout).toContain('[TRUST_CONFIG_INVALID]');
    expect(delta).toEqual({
      oidc: 0,
      fulcio: 0,
      rekor: 0,
      rekorV2: 0,
      rekorV2Other: 0,
      tsa: 0,
      tuf: 0,
    });
    expect(readFileSync(path.join(ws, 'a.bin'), 'utf8')).toBe('alpha');
    expect(() => readFileSync(path.join(ws, 'a.bin.sigstore.json'))).toThrow();
  });

  it('EXACT 2 with two logs of distinct operators logs to both', async () => {
    const config = configFile((c) => {
      c.rekorTlogUrls = [...(c.rekorTlogUrls as unknown[]), otherRekorV2()];
      c.rekorTlogConfig = { selector: 'EXACT', count: 2 };
    });
    const { run, ws, delta } = await signIn(
      { 'a.bin': 'alpha' },
      { 'signing-config': config, 'trusted-root': stack.env.STACK_TRUSTED_ROOT },
    );
    expect(run.code).toBe(0);
    expect([delta.rekorV2, delta.rekorV2Other]).toEqual([1, 1]);
    const [bundle] = verifiedBundles(ws, ['a.bin']);
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(2);
  });

  it('rekor-version 2 against a config without Rekor v2 is refused, naming the input and the fix', async () => {
    const { run, delta } = await signIn(
      { 'a.bin': 'alpha' },
      {
        'signing-config': stack.env.STACK_SIGNING_CONFIG,
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'rekor-version': '2',
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `rekor-version is 2, but signing-config (${stack.env.STACK_SIGNING_CONFIG}) lists no Rekor v2 log valid now`,
    );
    expect(run.stdout).toContain('remove rekor-version (or set it to 1)');
    expect(run.stdout).toContain('[TRUST_CONFIG_INVALID]');
    expect(delta.oidc).toBe(0);
    expect(delta.fulcio).toBe(0);
  });

  it('a bad rekor-version, or one in verify mode, is refused before anything is contacted', async () => {
    for (const [inputs, message] of [
      [
        { 'rekor-version': '3' },
        'rekor-version must be 1 or 2 (the Rekor major version to log to), not "3"',
      ],
      [
        { 'rekor-version': 'v2' },
        'rekor-version must be 1 or 2 (the Rekor major version to log to), not "v2"',
      ],
      [
        { mode: 'verify', 'rekor-version': '2' },
        'rekor-version is only used in sign mode; remove it, or set mode: sign.',
      ],
    ] as const) {
      const { run, delta } = await signIn({ 'a.bin': 'alpha' }, { ...tufInputs(), ...inputs });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(message);
      expect(run.stdout).toContain('[INPUT_INVALID]');
      expect(Object.values(delta).every((n) => n === 0)).toBe(true);
    }
  });

  it('the CLI takes --rekor-version the same way', async () => {
    const ws = workspace({ 'a.bin': 'alpha' });
    const before = await stack.stats();
    const run = await runCli(
      [
        'sign',
        '--identity-token',
        await stack.mintToken(),
        '--tuf-mirror',
        stack.env.STACK_TUF_URL,
        '--tuf-root',
        stack.env.STACK_TUF_ROOT,
        '--rekor-version',
        '2',
        'a.bin',
      ],
      ws,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await stack.stats();
    expect(after.rekorV2 - before.rekorV2).toBe(1);
    expect(after.rekor - before.rekor).toBe(0);
    const [bundle] = verifiedBundles(ws, ['a.bin']);
    expect(bundle.verificationMaterial.tlogEntries[0].kindVersion.version).toBe('0.0.2');

    const bad = await runCli(['sign', '--rekor-version', '0', 'a.bin'], ws);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr + bad.stdout).toContain('--rekor-version must be 1 or 2');
  });
});
