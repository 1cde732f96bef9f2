import { getProxyUrl } from '@actions/http-client';
import { Agent, Pool, ProxyAgent, type Dispatcher } from 'undici';

/**
 * The runner's proxy decision, made once for every request of a run. Node's fetch ignores
 * HTTP(S)_PROXY (unless the runner sets NODE_USE_ENV_PROXY) while self-hosted runners behind a
 * proxy rely on them; tuf-js fetches with Node's fetch too. So when a proxy variable is set,
 * requests go through an undici dispatcher (the toolkit's own HTTP dependency) that asks the
 * toolkit's getProxyUrl, per origin, whether to go through the proxy: https_proxy/HTTPS_PROXY
 * for https, http_proxy/HTTP_PROXY for http, no_proxy/NO_PROXY honoured (a host, its
 * subdomains, host:port, `*`), loopback always direct. @actions/artifact's Twirp requests ask
 * the same function. Deciding per origin (not per client, as @actions/github's Octokit defaults
 * do for GITHUB_API_URL alone) also decides each redirect hop for its own host.
 *
 * Not here: the artifact's blob upload (@azure/storage-blob inside @actions/artifact, which
 * takes no dispatcher) decides by itself: HTTPS_PROXY, else HTTP_PROXY, for any URL; NO_PROXY
 * entries matched exactly or as `.domain` suffixes; loopback not exempt.
 */

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

let shared: Dispatcher | undefined;

/** The dispatcher that applies the decision, or undefined when no proxy variable is set. */
export function proxyDispatcher(): Dispatcher | undefined {
  if (!proxyConfigured()) return undefined;
  shared ??= new Agent({
    factory: (origin, options) => {
      const proxyURL = getProxyUrl(String(origin));
      return proxyURL ? proxyAgent(proxyURL) : new Pool(origin, options);
    },
  });
  return shared;
}

/** Through the proxy, with its credentials sent as the toolkit sends them (Basic, decoded). */
function proxyAgent(proxyURL: string): ProxyAgent {
  const parsed = new URL(proxyURL);
  const credentials =
    parsed.username || parsed.password
      ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
      : undefined;
  parsed.username = '';
  parsed.password = '';
  return new ProxyAgent({
    uri: parsed.href,
    ...(credentials ? { token: `Basic ${Buffer.from(credentials).toString('base64')}` } : {}),
  });
}
