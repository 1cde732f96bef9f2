/**
 * A release gate chooses the assets that must verify (issue 14): `inputs` patterns with `!`
 * excludes select among the release's assets, an unsigned `checksums.txt` excluded on purpose is
 * not a failure, the verified assets are kept in `download-directory` for later steps, and the
 * job summary names the release. Against the built action, the local stack and its GitHub
 * stand-in.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../helpers/action.js';
import { createRelease, updateRelease, uploadAsset } from '../helpers/github.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { workspace } from '../helpers/workspace.js';

const TAG = 'v14.1.0';
let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
  const ws = workspace({ 'dist/app.tar.gz': 'app\n', 'dist/app.whl': 'wheel\n' });
  const signed = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      inputs: 'dist/*',
      'signing-config': stack.env.STACK_SIGNING_CONFIG,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    },
  });
  expect(signed.code === 0 ? 'signed' : signed.stdout).toBe('signed');
  const release = await createRelease(stack, { tag: TAG, draft: true });
  for (const f of ['app.tar.gz', 'app.tar.gz.sigstore.json', 'app.whl', 'app.whl.sigstore.json'])
    await uploadAsset(stack, release, f, readFileSync(path.join(ws, 'dist', f)));
  // Unsigned on purpose: the checksums of the signed files.
  await uploadAsset(
    stack,
    release,
    'checksums.txt',
    Buffer.from('sha256 of app.tar.gz, app.whl\n'),
  );
  await updateRelease(stack, release.id, { draft: false });
});

afterAll(async () => {
  await stack?.stop();
});

function gate(inputs: Record<string, string>, workspaceDir?: string): Promise<ActionRun> {
  return runAction({
    workspace: workspaceDir ?? mkdtempSync(path.join(tmpdir(), 'consumer-')),
    env: stack.env,
    inputs: {
      mode: 'verify',
      'release-tag': TAG,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      'cert-identity': stack.env.STACK_IDENTITY,
      'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
      ...inputs,
    },
  });
}

describe('a release gate with an unsigned asset', () => {
  it('fails without an exclude, naming the unsigned asset', async () => {
    const run = await gate({});
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAILED {2}checksums\.txt: no bundle/m);
    expect(JSON.parse(run.outputs.verified)).toEqual(['app.tar.gz', 'app.whl']);
  });

  it('passes with "!checksums.txt", keeps the verified assets, and names the release', async () => {
    const consumer = mkdtempSync(path.join(tmpdir(), 'consumer-'));
    const run = await gate(
      { inputs: '* !checksums.txt', 'download-directory': 'verified' },
      consumer,
    );
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.verified)).toEqual(['app.tar.gz', 'app.whl']);
    const kept = path.join(consumer, 'verified');
    expect(run.outputs['download-directory']).toBe(kept);
    expect(readdirSync(kept).sort()).toEqual([
      'app.tar.gz',
      'app.tar.gz.sigstore.json',
      'app.whl',
      'app.whl.sigstore.json',
    ]);
    expect(readFileSync(path.join(kept, 'app.tar.gz'), 'utf8')).toBe('app\n');
    expect(run.summary).toContain(`Release \`${TAG}\` of \`octo-org/octo-repo\``);
    expect(run.summary).toContain('Not required (excluded by `inputs`): `checksums.txt`');
  });

  it('keeps nothing when an asset fails: the directory holds only what verified', async () => {
    const consumer = mkdtempSync(path.join(tmpdir(), 'consumer-'));
    const run = await gate({ 'download-directory': 'verified' }, consumer);
    expect(run.code).toBe(1);
    const kept = path.join(consumer, 'verified');
    const names = existsSync(kept) ? readdirSync(kept) : [];
    expect(names).not.toContain('checksums.txt');
  });

  it('a pattern that selects no asset is an error naming it', async () => {
    const run = await gate({ inputs: 'app.exe' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[PATTERN_NO_MATCH]');
    expect(run.stdout).toContain('app.exe');
  });
});
