/**
 * Node's fetch ignores HTTP(S)_PROXY (unless the runner sets NODE_USE_ENV_PROXY), while
 * self-hosted runners behind a proxy rely on them, and sigstore-js's make-fetch-happen honours
 * them. So when a proxy variable is set, requests go through undici's ProxyAgent (the toolkit's
 * own HTTP dependency), with the toolkit's getProxyUrl deciding, no_proxy included, the runner's
 * way. Both are loaded only then: most runs pay nothing for this.
 */

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

let proxied: Promise<Fetch> | undefined;

/** Node's own fetch, or one that goes through the proxy the environment names. */
export function proxyAwareFetch(): Promise<Fetch> {
  if (!proxyConfigured()) return Promise.resolve(fetch);
  proxied ??= loadProxiedFetch();
  return proxied;
}

async function loadProxiedFetch(): Promise<Fetch> {
  const [{ getProxyUrl }, undici] = await Promise.all([
    import('@actions/http-client'),
    import('undici'),
  ]);
  const agents = new Map<string, InstanceType<typeof undici.ProxyAgent>>();
  return (url, init) => {
    const proxyURL = getProxyUrl(url);
    if (!proxyURL) return fetch(url, init);
    let agent = agents.get(proxyURL);
    if (!agent) {
      const parsed = new URL(proxyURL);
      agent = new undici.ProxyAgent({
        uri: parsed.href,
        ...(parsed.username || parsed.password
          ? {
              token: `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`,
            }
          : {}),
      });
      agents.set(proxyURL, agent);
    }
    return undici.fetch(url, {
      ...(init as Parameters<typeof undici.fetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
  };
}
