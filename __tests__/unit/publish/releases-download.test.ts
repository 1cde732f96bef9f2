/**
 * Release asset downloads are bounded: a bundle is not taken in memory past the size of a
 * bundle, even when the listing understates its size (a local server stands in for GitHub's
 * asset endpoint and streams far more than it announced).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AssetTooLarge, octokitReleases } from '../../../src/publish/releases.js';
import { MAX_BUNDLE_BYTES } from '../../../src/verify/bundle-json.js';

const CHUNK = Buffer.alloc(1024 * 1024, 0x20);
const TOTAL_CHUNKS = 256;

let server: Server;
let apiURL: string;
let requests = 0;
let sentChunks = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    let sent = 0;
    const pump = (): void => {
      while (sent < TOTAL_CHUNKS) {
        sent++;
        sentChunks++;
        if (!res.write(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function api(): ReturnType<typeof octokitReleases> {
  return octokitReleases({ token: 'test-token', apiURL, repository: 'o/r' });
}

describe('release asset downloads', () => {
  it('refuses a bundle listed larger than a bundle before any request', async () => {
    const before = requests;
    await expect(
      api().download({ id: 1, name: 'a.sigstore.json', size: MAX_BUNDLE_BYTES + 1 }),
    ).rejects.toBeInstanceOf(AssetTooLarge);
    expect(requests).toBe(before);
  });

  it('stops a bundle download that sends more than a bundle, whatever the listing said', async () => {
    sentChunks = 0;
    const err = await api()
      .download({ id: 2, name: 'a.sigstore.json', size: 10 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(AssetTooLarge);
    expect((err as Error).message).toBe(
      `the release asset a.sigstore.json is over ${MAX_BUNDLE_BYTES} bytes, far too large for a Sigstore bundle (a few kilobytes); it was not downloaded past ${MAX_BUNDLE_BYTES} bytes: check that it is the bundle, not the signed file itself`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The connection was dropped: far from all 256 MiB were sent.
    expect(sentChunks).toBeLessThan(TOTAL_CHUNKS / 2);
  });

  it('to a file: the same limit when one is given, and the file holds no more than it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'download-')), 'bundle');
    await expect(
      api().downloadToFile({ id: 3, name: 'a.sigstore.json', size: 10 }, file, MAX_BUNDLE_BYTES),
    ).rejects.toBeInstanceOf(AssetTooLarge);
    expect(statSync(file).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });
});
