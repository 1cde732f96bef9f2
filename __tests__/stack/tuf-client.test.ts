// Our TUF client (src/sigstore/tuf.ts: tuf-js's Updater, fetching through outboundFetch) against
// the stack's TUF repository, and the public-good seed it takes from @sigstore/tuf.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RetryPolicy } from '../../src/net/retry.js';
import { initTUF } from '../../src/sigstore/tuf.js';
import { startRecordingProxy } from '../helpers/recording-proxy.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

const FAST: RetryPolicy = {
  retries: 5,
  baseDelayMs: 10,
  maxDelayMs: 50,
  timeoutMs: 5_000,
  maxRetryAfterMs: 2_000,
};

describe('our TUF client', () => {
  let stack: StackProcess;
  let cachePath: string;

  beforeAll(async () => {
    stack = await spawnStack();
    cachePath = await mkdtemp(path.join(tmpdir(), 'tuf-client-'));
  });
  afterAll(async () => {
    await stack.stop();
    await rm(cachePath, { recursive: true, force: true });
  });

  const open = (cache: string, rootPath = stack.env.STACK_TUF_ROOT): ReturnType<typeof initTUF> =>
    initTUF({ mirrorURL: stack.env.STACK_TUF_URL, rootPath, cachePath: cache, policy: FAST });

  it('reads both targets byte for byte; a second client takes them from its cache', async () => {
    const cache = await mkdtemp(path.join(cachePath, 'cache-'));
    const before = await stack.stats();
    const client = await open(cache);
    expect(await client.getTarget('trusted_root.json')).toBe(
      await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8'),
    );
    expect(await client.getTarget('signing_config.v0.2.json')).toBe(
      await readFile(stack.env.STACK_SIGNING_CONFIG, 'utf8'),
    );
    const middle = await stack.stats();
    // 2.root.json (404: no newer root), timestamp, snapshot, targets, the two target files.
    expect(middle.tuf - before.tuf).toBe(6);

    const again = await initTUF({
      mirrorURL: stack.env.STACK_TUF_URL,
      cachePath: cache,
      policy: FAST,
    });
    expect(await again.getTarget('trusted_root.json')).toBe(
      await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8'),
    );
    // Only 2.root.json and timestamp.json: the rest is unchanged and verified from the cache.
    expect((await stack.stats()).tuf - middle.tuf).toBe(2);
  });

  it('retries the failures the run retries (503 here), then succeeds', async () => {
    await stack.setFaults('tuf=503@0.4', 3);
    try {
      const client = await open(await mkdtemp(path.join(cachePath, 'faults-')));
      expect(JSON.parse(await client.getTarget('trusted_root.json'))).toHaveProperty('tlogs');
      expect((await stack.stats()).faults.tuf?.['503']).toBeGreaterThan(0);
    } finally {
      await stack.setFaults('');
    }
  });

  it('refuses a root whose signature does not verify', async () => {
    const root = JSON.parse(await readFile(stack.env.STACK_TUF_ROOT, 'utf8')) as {
      signed: { expires: string };
    };
    root.signed.expires = '2099-01-01T00:00:00Z';
    const forged = path.join(cachePath, 'forged-root.json');
    await writeFile(forged, JSON.stringify(root));
    await expect(open(await mkdtemp(path.join(cachePath, 'forged-')), forged)).rejects.toThrow(
      /root was signed by 0\/1 keys/,
    );
  });
});

describe('the public-good mirror', () => {
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("starts from @sigstore/tuf's seed, and asks the runner's proxy for updates", async () => {
    const proxy = await startRecordingProxy({}); // refuses everything: no internet in tests
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    const cache = await mkdtemp(path.join(tmpdir(), 'tuf-public-good-'));
    try {
      await expect(
        initTUF({
          mirrorURL: 'https://tuf-repo-cdn.sigstore.dev',
          cachePath: cache,
          policy: { ...FAST, retries: 0 },
        }),
      ).rejects.toThrow(/GET https:\/\/tuf-repo-cdn\.sigstore\.dev\/\d+\.root\.json/);
      const seeded = path.join(cache, 'tuf-repo-cdn.sigstore.dev');
      expect(existsSync(path.join(seeded, 'root.json'))).toBe(true);
      expect(existsSync(path.join(seeded, 'targets', 'trusted_root.json'))).toBe(true);
      expect(proxy.tunnels.map((t) => [t.target, t.refused])).toEqual([
        ['tuf-repo-cdn.sigstore.dev:443', true],
      ]);
    } finally {
      await proxy.close();
      await rm(cache, { recursive: true, force: true });
    }
  });
});
