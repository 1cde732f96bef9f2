// The real @sigstore/tuf client (tuf-js underneath) against the stack's TUF repository.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { getTrustedRoot, initTUF } from '@sigstore/tuf';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

describe('the TUF repository', () => {
  let stack: StackProcess;
  let cachePath: string;
  const savedNoProxy = process.env.NO_PROXY;

  beforeAll(async () => {
    stack = await spawnStack();
    process.env.NO_PROXY = stack.env.NO_PROXY; // tuf-js fetches through make-fetch-happen
    cachePath = await mkdtemp(path.join(tmpdir(), 'tuf-cache-'));
  });
  afterAll(async () => {
    process.env.NO_PROXY = savedNoProxy;
    await stack.stop();
    await rm(cachePath, { recursive: true, force: true });
  });

  it('serves trusted_root.json and signing_config.v0.2.json to the real client, byte for byte', async () => {
    const client = await initTUF({
      mirrorURL: stack.env.STACK_TUF_URL,
      rootPath: stack.env.STACK_TUF_ROOT,
      cachePath,
    });
    expect(await client.getTarget('trusted_root.json')).toBe(
      await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8'),
    );
    expect(await client.getTarget('signing_config.v0.2.json')).toBe(
      await readFile(stack.env.STACK_SIGNING_CONFIG, 'utf8'),
    );
    // Public-good's opt-in Rekor v2 signing config, beside the default one.
    expect(await client.getTarget('signing_config_rekor_v2.v0.2.json')).toBe(
      await readFile(stack.env.STACK_SIGNING_CONFIG_REKOR_V2, 'utf8'),
    );
    const stats = await stack.stats();
    expect(stats.tuf).toBeGreaterThanOrEqual(5); // 2.root (404), timestamp, snapshot, targets, target files
  });

  it("publishes public-good's signing config shapes: default Rekor v1; opt-in and staging Rekor v2 first", async () => {
    type Config = {
      rekorTlogUrls: { url: string; majorApiVersion: number; validFor: { start: string } }[];
      tsaUrls: unknown[];
      rekorTlogConfig: { selector: string };
      tsaConfig: { selector: string };
    };
    const read = async (file: string): Promise<Config> =>
      JSON.parse(await readFile(file, 'utf8')) as Config;
    const byDefault = await read(stack.env.STACK_SIGNING_CONFIG);
    expect(byDefault.rekorTlogUrls.map((l) => [l.url, l.majorApiVersion])).toEqual([
      [`${stack.url}/rekor`, 1],
    ]);
    for (const file of [
      stack.env.STACK_SIGNING_CONFIG_REKOR_V2,
      stack.env.STACK_SIGNING_CONFIG_STAGING,
    ]) {
      const config = await read(file);
      expect(config.rekorTlogUrls.map((l) => [l.url, l.majorApiVersion])).toEqual([
        [`${stack.url}/rekor2`, 2],
        [`${stack.url}/rekor`, 1],
      ]);
      const [v2, v1] = config.rekorTlogUrls.map((l) => Date.parse(l.validFor.start));
      expect(v2).toBeGreaterThan(v1);
      expect(v2).toBeLessThan(Date.now());
      expect(config.tsaUrls).toHaveLength(1);
      expect([config.rekorTlogConfig.selector, config.tsaConfig.selector]).toEqual(['ANY', 'ANY']);
    }
  });

  it('gives getTrustedRoot the stack trusted root', async () => {
    const trustedRoot = await getTrustedRoot({
      mirrorURL: stack.env.STACK_TUF_URL,
      rootPath: stack.env.STACK_TUF_ROOT,
      cachePath: await mkdtemp(path.join(cachePath, 'fresh-')),
    });
    const expected = TrustedRoot.fromJSON(
      JSON.parse(await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8')),
    );
    expect(TrustedRoot.toJSON(trustedRoot)).toEqual(TrustedRoot.toJSON(expected));
  });

  it('refuses a target whose metadata is not signed by the trusted root', async () => {
    // A root.json from another stack does not trust this repository's keys.
    const other = await spawnStack();
    try {
      await expect(
        initTUF({
          mirrorURL: stack.env.STACK_TUF_URL,
          rootPath: other.env.STACK_TUF_ROOT,
          cachePath: await mkdtemp(path.join(cachePath, 'other-')),
        }),
      ).rejects.toThrow();
    } finally {
      await other.stop();
    }
  });
});
