/**
 * outboundFetch against real local servers and the recording proxy: the toolkit's proxy
 * decision is made for each origin a request reaches (redirect hops included), NO_PROXY is
 * honoured, and our User-Agent is sent unless the caller set one. Names under `.test` never
 * resolve, so a request that should have gone through the proxy and did not fails to resolve.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outboundFetch, USER_AGENT } from '../../../src/net/outbound.js';
import { startRecordingProxy, type RecordingProxy } from '../../helpers/recording-proxy.js';

const PROXIED = 'proxied.test';
const SAVED = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];

let server: Server;
let port: number;
let proxy: RecordingProxy;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/redirect') {
      // To loopback, which the toolkit never proxies: this hop must go direct.
      res.writeHead(302, { location: `http://127.0.0.1:${port}/final` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(req.headers['user-agent'] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  proxy = await startRecordingProxy({ [PROXIED]: '127.0.0.1' });
  for (const name of SAVED) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  process.env.HTTP_PROXY = proxy.url;
  process.env.NO_PROXY = 'bypassed.test';
});

afterAll(async () => {
  for (const name of SAVED) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await proxy.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('outboundFetch', () => {
  it('goes through the proxy, and decides again for each redirect hop', async () => {
    const before = proxy.requests.length;
    const res = await outboundFetch(`http://${PROXIED}:${port}/redirect`);
    expect(res.status).toBe(200);
    // The last hop reached the server (direct, by loopback) with our User-Agent.
    expect(await res.text()).toBe(USER_AGENT);
    expect(proxy.requests.slice(before).map((r) => [r.url, r.userAgent])).toEqual([
      [`http://${PROXIED}:${port}/redirect`, USER_AGENT],
    ]);
  });

  it("keeps a caller's own User-Agent (Octokit's)", async () => {
    const res = await outboundFetch(`http://${PROXIED}:${port}/ua`, {
      headers: { 'User-Agent': 'sigstore-action/1 octokit-core.js/7' },
    });
    expect(await res.text()).toBe('sigstore-action/1 octokit-core.js/7');
  });

  it('sends a host NO_PROXY names direct (here: a name that cannot resolve)', async () => {
    const before = proxy.requests.length + proxy.tunnels.length;
    const err = await outboundFetch(`http://bypassed.test:${port}/`).then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(err?.cause?.code).toBe('ENOTFOUND');
    expect(proxy.requests.length + proxy.tunnels.length).toBe(before);
  });

  it('names this project, its version and the runtime, as sigstore-js does', () => {
    expect(USER_AGENT).toMatch(/^sigstore-action\/\S+ \(Node v\d+\.\d+\.\d+\) \(\w+\/\w+\)$/);
  });
});
