/**
 * Bounded, pinnable results (issue 13, section 5), against the built action and the local stack:
 * an oversized "bundle" attached to a release is refused without being downloaded, and what
 * verify mode passed carries the SHA-256 of the bytes it checked, so a later step can pin them.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../../helpers/action.js';
import { createRelease, listAssets, updateRelease, uploadAsset } from '../../helpers/github.js';
import { spawnStack, type StackProcess } from '../../helpers/stack.js';
import { workspace } from '../../helpers/workspace.js';

let stack: StackProcess;
let ws: string;
const FILES = { 'dist/app.tar.gz': 'app\n', 'dist/app linux': 'binary\n' };

beforeAll(async () => {
  stack = await spawnStack();
  ws = workspace(FILES);
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
});

afterAll(async () => {
  await stack?.stop();
});

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function verifyRelease(tag: string): Promise<ActionRun> {
  return runAction({
    workspace: mkdtempSync(path.join(tmpdir(), 'consumer-')),
    env: stack.env,
    inputs: {
      mode: 'verify',
      'release-tag': tag,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      'cert-identity': stack.env.STACK_IDENTITY,
      'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
    },
  });
}

describe('an oversized release bundle asset', () => {
  it('is refused by its listed size: neither it nor its file is downloaded', async () => {
    const tag = 'v13.5.0';
    const release = await createRelease(stack, { tag, draft: true });
    await uploadAsset(stack, release, 'app.tar.gz', readFileSync(path.join(ws, 'dist/app.tar.gz')));
    // 17 MiB of JSON-looking bytes where a few kilobytes of bundle go.
    const huge = Buffer.concat([
      Buffer.from('{"mediaType":"'),
      Buffer.alloc(17 * 1024 * 1024, 0x61),
    ]);
    await uploadAsset(stack, release, 'app.tar.gz.sigstore.json', huge);
    await updateRelease(stack, release.id, { draft: false });
    const before = await stack.stats();
    const run = await verifyRelease(tag);
    const after = await stack.stats();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `FAILED  app.tar.gz: the release asset app.tar.gz.sigstore.json is ${huge.length} bytes, far too large for a Sigstore bundle (a few kilobytes); it was not downloaded past 16777216 bytes: check that it is the bundle, not the signed file itself`,
    );
    expect(run.stdout).toContain('[BUNDLE_MALFORMED]');
    expect(JSON.parse(run.outputs.verified)).toEqual([]);
    expect(JSON.parse(run.outputs.results)).toEqual([]);
    // Nothing was downloaded: not the bundle, not the file.
    expect(after.downloads - before.downloads).toBe(0);
    for (const asset of await listAssets(stack, release.id)) {
      expect({ name: asset.name, downloads: asset.download_count }).toEqual({
        name: asset.name,
        downloads: 0,
      });
    }
  });
});

describe('the outputs pin what was checked', () => {
  it('verify mode: results carries each file’s sha256 and size, as read to verify it', async () => {
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: {
        mode: 'verify',
        inputs: 'dist/*',
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'cert-identity': stack.env.STACK_IDENTITY,
      },
    });
    expect(run.code === 0 ? 'passed' : run.stdout).toBe('passed');
    expect(JSON.parse(run.outputs.verified)).toEqual(['dist/app linux', 'dist/app.tar.gz']);
    const results = JSON.parse(run.outputs.results) as Record<string, unknown>[];
    expect(results).toEqual(
      Object.entries(FILES)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([file, content]) => ({
          path: file,
          sha256: sha256(content),
          size: Buffer.byteLength(content),
          bundle: `${file}.sigstore.json`,
          identity: stack.env.STACK_IDENTITY,
          logIndex: expect.any(Number) as unknown,
        })),
    );
  });

  it('a release: results carries the sha256 of each downloaded asset', async () => {
    const tag = 'v13.5.1';
    const release = await createRelease(stack, { tag, draft: true });
    for (const name of ['app.tar.gz', 'app.tar.gz.sigstore.json'])
      await uploadAsset(stack, release, name, readFileSync(path.join(ws, 'dist', name)));
    await updateRelease(stack, release.id, { draft: false });
    const run = await verifyRelease(tag);
    expect(run.code === 0 ? 'passed' : run.stdout).toBe('passed');
    expect(JSON.parse(run.outputs.results)).toEqual([
      expect.objectContaining({
        path: 'app.tar.gz',
        sha256: sha256(FILES['dist/app.tar.gz']),
        size: 4,
        bundle: 'app.tar.gz.sigstore.json',
      }),
    ]);
  });
});
