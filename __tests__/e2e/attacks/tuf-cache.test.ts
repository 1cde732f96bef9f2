/**
 * The TUF cache decides which Sigstore keys are trusted, so it is the user's own (issue 13,
 * section 4): the CLI's `--staging` once took its initial root from the shared temp directory,
 * where any local user could plant one. Against the built CLI; the network is a proxy that
 * refuses every host and records what was asked.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/process.js';
import { startRecordingProxy, type RecordingProxy } from '../../helpers/recording-proxy.js';

let proxy: RecordingProxy;

beforeAll(async () => {
  proxy = await startRecordingProxy({});
});

afterAll(async () => {
  await proxy?.close();
});

function verifyStaging(home: string, env: Record<string, string>): ReturnType<typeof runCli> {
  writeFileSync(path.join(home, 'a.txt'), 'a');
  return runCli(
    ['verify', '--staging', '--cert-identity', 'https://example.com/x', 'a.txt'],
    home,
    { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '', ...env },
  );
}

describe('--staging and the TUF cache', () => {
  it('a root planted in the shared temp directory is not trusted: the initial root is fetched, into a 0700 cache of this user', async () => {
    const shared = mkdtempSync(path.join(tmpdir(), 'shared-tmp-'));
    const planted = path.join(shared, 'sigstore-action-tuf', 'staging-1.root.json');
    mkdirSync(path.dirname(planted), { recursive: true });
    writeFileSync(planted, '{"signed":{"_type":"root","note":"planted by another user"}}');
    const home = mkdtempSync(path.join(tmpdir(), 'home-'));
    const firstTunnel = proxy.tunnels.length;

    const run = await verifyStaging(home, { TMPDIR: shared });
    expect(run.code).toBe(1);
    // It went for staging's own initial root (the proxy refused it) instead of using the plant.
    expect(run.stderr + run.stdout).toMatch(
      /could not fetch the initial root of Sigstore staging from https:\/\/tuf-repo-cdn\.sigstage\.dev/,
    );
    expect(proxy.tunnels.slice(firstTunnel).map((t) => t.target)).toEqual([
      'tuf-repo-cdn.sigstage.dev:443',
    ]);
    expect(readFileSync(planted, 'utf8')).toContain('planted by another user');
    const cache = path.join(home, '.cache', 'sigstore-action', 'tuf');
    expect((statSync(cache).mode & 0o777).toString(8)).toBe('700');
  });

  it('a cache directory others can write to is refused before any request', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'home-'));
    const cacheHome = path.join(home, 'xdg-cache');
    const cache = path.join(cacheHome, 'sigstore-action', 'tuf');
    mkdirSync(cache, { recursive: true });
    chmodSync(cache, 0o777);
    const firstTunnel = proxy.tunnels.length;
    const run = await verifyStaging(home, { XDG_CACHE_HOME: cacheHome });
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toContain(
      `the TUF cache ${cache} can be written by other users (mode 777): whoever can write there decides which Sigstore keys are trusted. Remove it (it is rebuilt), or make it yours alone (chmod 700). [TUF_FAILED]`,
    );
    expect(proxy.tunnels.slice(firstTunnel)).toEqual([]);
  });
});
