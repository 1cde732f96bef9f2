/**
 * A 3 GiB file signs with flat memory: the digest is streamed and the signature is over the
 * digest, so the whole file is never in memory. Peak RSS is the kernel's high-water mark of the
 * action's process, sampled while it runs.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, writeSync, ftruncateSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction } from '../helpers/action.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

const GiB = 1024 ** 3;
let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('signs and verifies a 3 GiB file, each with peak RSS under 200 MB', async () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'large-'));
  const file = path.join(ws, 'disk.img');
  // Sparse, with real bytes at both ends so the digest depends on the whole length.
  const fd = openSync(file, 'w');
  ftruncateSync(fd, 3 * GiB);
  writeSync(fd, Buffer.from('start'), 0, 5, 0);
  writeSync(fd, Buffer.from('end'), 0, 3, 3 * GiB - 3);
  closeSync(fd);

  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      inputs: 'disk.img',
      'signing-config': stack.env.STACK_SIGNING_CONFIG,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    },
    timeoutMs: 600_000,
  });
  expect(run.code).toBe(0);
  const results = JSON.parse(run.outputs.results) as { sha256: string; size: number }[];
  expect(results[0].size).toBe(3 * GiB);
  console.log(
    `3 GiB file: ${(run.durationMs / 1000).toFixed(1)} s, peak RSS ${(run.peakRssBytes / 1024 ** 2).toFixed(0)} MiB`,
  );
  expect(run.peakRssBytes).toBeGreaterThan(0);
  expect(run.peakRssBytes).toBeLessThan(200 * 1000 * 1000);
  // The bundle's digest is the file's real SHA-256 (checked independently, streamed).
  const bundle = JSON.parse(readFileSync(`${file}.sigstore.json`, 'utf8')) as {
    messageSignature: { messageDigest: { digest: string } };
  };
  expect(Buffer.from(bundle.messageSignature.messageDigest.digest, 'base64').toString('hex')).toBe(
    results[0].sha256,
  );
  expect(results[0].sha256).toBe(await sha256OfSparse(file));

  // Verify mode on the same file: also streamed, also flat.
  const verified = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      mode: 'verify',
      inputs: 'disk.img',
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      'cert-identity': stack.env.STACK_IDENTITY,
    },
    timeoutMs: 600_000,
  });
  expect(verified.code).toBe(0);
  expect(JSON.parse(verified.outputs.verified)).toEqual(['disk.img']);
  console.log(
    `3 GiB verify: ${(verified.durationMs / 1000).toFixed(1)} s, peak RSS ${(verified.peakRssBytes / 1024 ** 2).toFixed(0)} MiB`,
  );
  expect(verified.peakRssBytes).toBeGreaterThan(0);
  expect(verified.peakRssBytes).toBeLessThan(200 * 1000 * 1000);
}, 600_000);

async function sha256OfSparse(file: string): Promise<string> {
  const { createReadStream } = await import('node:fs');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
