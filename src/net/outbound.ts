import os from 'node:os';
import { fetch as undiciFetch } from 'undici';
import { VERSION } from '../version.js';
import { proxyDispatcher } from './proxy.js';

/**
 * How every request of the action and the CLI leaves: named by our User-Agent, and through the
 * runner's proxy decision (proxy.ts). The Sigstore services, TUF, the staging root bootstrap,
 * GitHub's REST API (Octokit is given this fetch) and release downloads all come here.
 */

/**
 * In the form sigstore-js uses (`sigstore-js/5.1.0 (Node v24.11.0) (linux/x64)`, @sigstore/sign
 * src/util/ua.ts); sigstore-python sends `sigstore-python/4.1.0 (python-requests/2.32.3)` and
 * sigstore-go `sigstore-go/<version>`: the product and its version first, so the operators of
 * a service can tell this client's traffic (and a faulty release of it) apart.
 */
export const USER_AGENT = `sigstore-action/${VERSION} (Node ${process.version}) (${os.platform()}/${os.arch()})`;

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** fetch, with our User-Agent unless the caller set one, through the proxy decision. */
export const outboundFetch: Fetch = (url, init = {}) => {
  const headers = new Headers(init.headers);
  if (!headers.has('user-agent')) headers.set('user-agent', USER_AGENT);
  const dispatcher = proxyDispatcher();
  if (!dispatcher) return fetch(url, { ...init, headers });
  // undici's own fetch: its dispatchers are not guaranteed to fit the undici inside Node.
  return undiciFetch(url, {
    ...(init as Parameters<typeof undiciFetch>[1]),
    headers: [...headers],
    dispatcher,
  }) as unknown as Promise<Response>;
};
