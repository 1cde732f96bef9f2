/**
 * Which signing config a TUF instance gives: the default target, or with rekor-version 2 the
 * opt-in signing_config_rekor_v2.v0.2.json when the repository has it (public-good's does), and
 * the default when it has not. The real @sigstore/tuf client against TUF repositories built by
 * the stack's TufRepository, served from this process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadInstance } from '../../../src/sigstore/instance.js';
import { TufRepository } from '../../../stack/tuf.js';

const TRUSTED_ROOT = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

function signingConfig(rekorURL: string, majorApiVersion: number): Buffer {
  const service = (url: string, version = 1): Record<string, unknown> => ({
    url,
    majorApiVersion: version,
    validFor: { start: '2024-01-01T00:00:00Z' },
    operator: 'example.dev',
  });
  return Buffer.from(
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
      caUrls: [service('https://fulcio.example.dev')],
      oidcUrls: [],
      rekorTlogUrls: [service(rekorURL, majorApiVersion)],
      tsaUrls: [service('https://tsa.example.dev/api/v1/timestamp')],
      rekorTlogConfig: { selector: 'ANY' },
      tsaConfig: { selector: 'ANY' },
    }),
  );
}

describe('loadInstance: the signing config of a TUF instance', () => {
  const servers: Server[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'instance-sc-'));
  const savedNoProxy = process.env.NO_PROXY;
  beforeAll(() => {
    process.env.NO_PROXY = '127.0.0.1'; // tuf-js fetches through make-fetch-happen
  });
  afterAll(async () => {
    process.env.NO_PROXY = savedNoProxy;
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Serves a TUF repository with these targets; returns its mirror URL and initial root. */
  async function repository(
    name: string,
    targets: Record<string, Buffer>,
  ): Promise<{ mirrorURL: string; rootPath: string }> {
    const tuf = new TufRepository({
      'trusted_root.json': Buffer.from(JSON.stringify(TRUSTED_ROOT)),
      ...targets,
    });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const answer = tuf.handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.alloc(0),
      });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rootPath = path.join(dir, `${name}-root.json`);
    writeFileSync(rootPath, tuf.rootJson);
    return { mirrorURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, rootPath };
  }

  const load = async (
    repo: { mirrorURL: string; rootPath: string },
    cache: string,
    rekorVersion?: 1 | 2,
  ): ReturnType<typeof loadInstance> =>
    loadInstance({ kind: 'tuf', ...repo }, { tufCachePath: path.join(dir, cache), rekorVersion });

  it('reads the opt-in Rekor v2 target for rekor-version 2, the default one otherwise', async () => {
    const repo = await repository('both', {
      'signing_config.v0.2.json': signingConfig('https://rekor.example.dev', 1),
      'signing_config_rekor_v2.v0.2.json': signingConfig('https://log2025.rekor.example.dev', 2),
    });
    const optIn = await load(repo, 'both-2', 2);
    expect(optIn.signingConfig.rekorTlogUrls.map((l) => l.url)).toEqual([
      'https://log2025.rekor.example.dev',
    ]);
    expect(optIn.signingConfigName).toContain('(signing_config_rekor_v2.v0.2.json)');
    for (const version of [undefined, 1] as const) {
      const byDefault = await load(repo, `both-${version}`, version);
      expect(byDefault.signingConfig.rekorTlogUrls.map((l) => l.url)).toEqual([
        'https://rekor.example.dev',
      ]);
      expect(byDefault.signingConfigName).toContain('(signing_config.v0.2.json)');
    }
  });

  it('falls back to the default target when the repository has no opt-in one', async () => {
    const repo = await repository('default-only', {
      'signing_config.v0.2.json': signingConfig('https://rekor2.example.dev', 2),
    });
    const instance = await load(repo, 'default-only-2', 2);
    expect(instance.signingConfig.rekorTlogUrls.map((l) => l.url)).toEqual([
      'https://rekor2.example.dev',
    ]);
    expect(instance.signingConfigName).toContain('(signing_config.v0.2.json)');
  });

  it('a repository without any signing config is a TUF error naming the target', async () => {
    const repo = await repository('none', {});
    await expect(load(repo, 'none-2', 2)).rejects.toThrow(
      /could not read signing_config\.v0\.2\.json from the TUF repository of the Sigstore instance of http:\/\/127\.0\.0\.1:\d+: target signing_config\.v0\.2\.json not found/,
    );
  });
});
