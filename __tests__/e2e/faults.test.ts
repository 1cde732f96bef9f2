/**
 * The built action against a stack that fails on purpose (`--faults`, seeded): transient
 * failures are retried until every file has exactly one valid bundle, and a service that never
 * answers fails the step within its deadline, naming the service, with nothing written.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, node24, runAction, type ActionRun } from '../helpers/action.js';
import { createRelease, listAssets } from '../helpers/github.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { verifierFor, verifyFileBundle } from '../helpers/verify.js';
import { allFiles, bundleFiles, workspace } from '../helpers/workspace.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(async () => {
  await stack.setFaults('');
});

function stackInputs(): Record<string, string> {
  return {
    'signing-config': stack.env.STACK_SIGNING_CONFIG,
    'trusted-root': stack.env.STACK_TRUSTED_ROOT,
  };
}

function files(n: number): Record<string, string> {
  const result: Record<string, string> = {};
  for (let i = 0; i < n; i++) result[`dist/f-${String(i).padStart(4, '0')}.txt`] = `file ${i}\n`;
  return result;
}

/** Injected faults of one service, all kinds. */
function injected(
  faults: Record<string, Record<string, number>> | undefined,
  service: string,
): number {
  return Object.values(faults?.[service] ?? {}).reduce((a, b) => a + b, 0);
}

/** "Rekor 12 (..." from the step's log line: the retries the action reports. */
function reportedRetries(run: ActionRun, service: string): number {
  const line = /^Requests: .*$/m.exec(run.stdout)?.[0] ?? '';
  const match = new RegExp(`${service} (\\d+) \\(`).exec(line.split('retried after')[1] ?? '');
  return match ? Number(match[1]) : 0;
}

it('soak: 1,000 files with 10% of Rekor and TSA answers failing: one valid bundle each', async () => {
  const names = Object.keys(files(1000));
  const ws = workspace(files(1000));
  await stack.setFaults(
    'rekor=503@0.03,rekor=429@0.03,rekor=reset@0.02,rekor=conflict@0.02,' +
      'tsa=500@0.04,tsa=429@0.03,tsa=badjson@0.03',
    42,
  );
  const before = await stack.stats();
  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: { inputs: 'dist/*.txt', ...stackInputs() },
    timeoutMs: 300_000,
  });
  const after = await stack.stats();
  expect(run.stderr).toBe('');
  expect(/^::error::.*$/m.exec(run.stdout)?.[0]).toBeUndefined();
  expect(run.code).toBe(0);

  // Exactly one bundle per file, and nothing else left behind (no temp files).
  expect(bundleFiles(ws)).toEqual(names.map((n) => `${n}.sigstore.json`));
  expect(allFiles(ws)).toEqual([...names, ...names.map((n) => `${n}.sigstore.json`)].sort());

  // Faults were really injected, and every one the action saw was retried and reported.
  const rekorFaults = after.faults.rekor ?? {};
  expect(injected(after.faults, 'rekor') - injected(before.faults, 'rekor')).toBeGreaterThan(50);
  expect(injected(after.faults, 'tsa') - injected(before.faults, 'tsa')).toBeGreaterThan(50);
  expect(rekorFaults.conflict ?? 0).toBeGreaterThan(0);
  const rekorRetried =
    (rekorFaults['503'] ?? 0) + (rekorFaults['429'] ?? 0) + (rekorFaults.reset ?? 0);
  expect(reportedRetries(run, 'Rekor')).toBe(rekorRetried);
  expect(reportedRetries(run, 'the timestamp authority')).toBe(injected(after.faults, 'tsa'));
  expect(run.summary).toMatch(/Requests retried after transient failures: .*Rekor \d+ \(/);

  // Every bundle verifies (this project's CLI, all of them, in one run) ...
  const cli = spawnSync(
    node24(),
    [
      path.join(REPO_ROOT, 'dist', 'cli', 'index.js'),
      'verify',
      'dist/*.txt',
      '--trusted-root',
      stack.env.STACK_TRUSTED_ROOT,
      '--cert-identity',
      stack.env.STACK_IDENTITY,
      '--cert-oidc-issuer',
      ISSUER,
    ],
    { cwd: ws, encoding: 'utf8' },
  );
  expect(cli.stderr).not.toMatch(/error/i);
  expect(cli.status).toBe(0);
  // ... and a sample with sigstore-js's own verifier.
  const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
  for (const name of names.filter((_, i) => i % 50 === 0)) {
    verifyFileBundle(
      verifier,
      path.join(ws, `${name}.sigstore.json`),
      readFileSync(path.join(ws, name)),
      stack.env.STACK_IDENTITY,
      ISSUER,
    );
  }
}, 400_000);

it('Rekor v2: requests whose first attempt landed (409, nothing to read back) are signed again', async () => {
  // The `conflict` fault logs the entry for real and answers what rekor-tiles answers the retry of
  // a request whose answer was lost: 409 AlreadyExists with x-log-index, and no entry.
  const names = Object.keys(files(30));
  const ws = workspace(files(30));
  await stack.setFaults('rekor=conflict@0.15', 11);
  const before = await stack.stats();
  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      inputs: 'dist/*.txt',
      'signing-config': stack.env.STACK_SIGNING_CONFIG_REKOR_V2,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    },
    timeoutMs: 120_000,
  });
  const after = await stack.stats();
  await stack.setFaults('');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const conflicts = (after.faults.rekor?.conflict ?? 0) - (before.faults.rekor?.conflict ?? 0);
  expect(conflicts).toBeGreaterThan(0);
  // One "signing again" line per 409, and one Rekor v2 request per signature.
  expect(
    run.stdout.match(/already holds this signature \(a repeated request\); signing again/g),
  ).toHaveLength(conflicts);
  expect(after.rekorV2 - before.rekorV2).toBe(names.length + conflicts);
  expect(bundleFiles(ws)).toEqual(names.map((n) => `${n}.sigstore.json`));
  const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
  for (const name of names) {
    verifyFileBundle(
      verifier,
      path.join(ws, `${name}.sigstore.json`),
      readFileSync(path.join(ws, name)),
      stack.env.STACK_IDENTITY,
      ISSUER,
    );
  }
});

describe.each([
  ['rekor', 'Rekor'],
  ['tsa', 'the timestamp authority'],
  ['fulcio', 'Fulcio'],
  ['oidc', "the runner's OIDC token service"],
])('with %s down for the whole run', (service, named) => {
  it('fails within the deadline, naming the service, and writes nothing', async () => {
    const names = Object.keys(files(40));
    const ws = workspace(files(40));
    await stack.setFaults(`${service}=down`);
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { inputs: 'dist/*.txt', ...stackInputs(), 'timeout-minutes': '0.1' },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(1);
    // 6 s of deadline, plus start-up and the instance files.
    expect(run.durationMs).toBeLessThan(15_000);
    // One error, the cause stated once: the files in flight all failed alike (32 at once for
    // Rekor and the TSA), and the same paragraph 32 times would bury it.
    const errors = [...run.stdout.matchAll(/^::error::(.*)$/gm)].map((m) => m[1]);
    expect(errors).toHaveLength(1);
    const error = errors[0];
    expect(error).toContain(`${named} (`);
    expect(error.split("did not answer within the run's deadline of 6 s")).toHaveLength(2);
    expect(error).toContain('raise timeout-minutes');
    if (service === 'rekor' || service === 'tsa') {
      expect(error).toMatch(
        /^32 files could not be signed \(8 more not attempted\):%0A {2}- dist\/f-/,
      );
      expect(error).toContain(' and 12 more: '); // 20 names in a log line; the summary has all
      expect(run.summary.split('did not answer')).toHaveLength(2);
      expect(run.summary).toContain('### Why it failed');
    }
    expect(bundleFiles(ws)).toEqual([]);
    expect(allFiles(ws)).toEqual(names);
    expect(run.summary).toMatch(/Nothing was signed|0 of 40 files signed/);
  });
});

it('with GitHub down, a release upload fails before anything is signed', async () => {
  const release = await createRelease(stack, { tag: 'v9.9.9-down', draft: true });
  const names = Object.keys(files(3));
  const ws = workspace(files(3));
  await stack.setFaults('github=down');
  const before = await stack.stats();
  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      inputs: 'dist/*.txt',
      ...stackInputs(),
      'release-signing-artifacts': 'true',
      'release-tag': 'v9.9.9-down',
      'timeout-minutes': '0.1',
    },
    timeoutMs: 60_000,
  });
  const after = await stack.stats();
  await stack.setFaults('');
  expect({ code: run.code, tail: run.stdout.slice(-2000) }).toMatchObject({ code: 1 });
  expect(run.durationMs).toBeLessThan(15_000);
  expect(/^::error::(.*)$/m.exec(run.stdout)?.[1]).toMatch(
    /GitHub \(GET .*\) did not answer within the run's deadline of 6 s/,
  );
  expect(after.fulcio - before.fulcio).toBe(0);
  expect(after.rekor - before.rekor).toBe(0);
  expect(allFiles(ws)).toEqual(names);
  expect(await listAssets(stack, release.id)).toEqual([]);
});

it('rides out a flaky GitHub API while attaching bundles to a release', async () => {
  const release = await createRelease(stack, { tag: 'v9.9.9-flaky', draft: true });
  const names = Object.keys(files(20));
  const ws = workspace(files(20));
  await stack.setFaults('github=502@0.2,github=503@0.1', 7);
  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      inputs: 'dist/*.txt',
      ...stackInputs(),
      'release-signing-artifacts': 'true',
      'release-tag': 'v9.9.9-flaky',
    },
    timeoutMs: 120_000,
  });
  const faults = (await stack.stats()).faults.github ?? {};
  await stack.setFaults('');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect((faults['502'] ?? 0) + (faults['503'] ?? 0)).toBeGreaterThan(0);
  const assets = (await listAssets(stack, release.id)).map((a) => a.name).sort();
  // Exactly one asset per bundle: no duplicates from retried uploads.
  expect(assets).toEqual(names.map((n) => `${path.basename(n)}.sigstore.json`).sort());
});
