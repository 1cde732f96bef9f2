import { ActionError, printable } from '../errors.js';

/**
 * Where a run's requests go, judged by the URL itself, whatever route named it (the instance
 * choice, a signing-config file, a TUF repository's signing config).
 */

/**
 * The DNS zones of the Sigstore public-good and staging instances. Every Fulcio, Rekor (v1 and
 * the v2 shards, `log2025-1.rekor.sigstore.dev`, `log2025-alpha1.rekor.sigstage.dev`, ...), TSA
 * and CT log URL their signing configs and trusted roots name is in one of them
 * (sigstore/root-signing 60cf2ce8b2e45d600dc17c4421e8c751e75772be and
 * sigstore/root-signing-staging ed88d5dc6c56bfdbf1a78219364e6d3e4ecfe0c9, targets/
 * signing_config.v0.2.json, signing_config_rekor_v2.v0.2.json, trusted_root.json).
 */
const PUBLIC_INSTANCE_ZONES = [
  { zone: 'sigstore.dev', name: 'the Sigstore public-good instance' },
  { zone: 'sigstage.dev', name: 'Sigstore staging' },
] as const;

/** The public instance a URL belongs to ("the Sigstore public-good instance"), if any. */
export function publicInstanceOf(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  return PUBLIC_INSTANCE_ZONES.find(({ zone }) => host === zone || host.endsWith(`.${zone}`))?.name;
}

/**
 * Loopback, where plain http never leaves the machine: 127.0.0.0/8, ::1 (also as an IPv4-mapped
 * address) and `localhost`, which every resolver maps to them.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host === '::1') return true;
  const v4 = /^(?:::ffff:)?(\d+)\.\d+\.\d+\.\d+$/.exec(host);
  return v4 !== null && v4[1] === '127';
}

/**
 * The environment variable that lets plain http reach other named hosts: a comma-separated list
 * of host names. It is for test stacks (the proxy tests announce the local stack under a name
 * that only the test proxy resolves) and for a private instance inside one cluster network;
 * every request to such a host is sent in the clear, identity token included, and the run says
 * so in a warning.
 */
export const ALLOW_HTTP_HOSTS_VARIABLE = 'SIGSTORE_ACTION_ALLOW_HTTP_HOSTS';

/** The host names of SIGSTORE_ACTION_ALLOW_HTTP_HOSTS, lower case. */
export function allowedHTTPHosts(env: NodeJS.ProcessEnv): readonly string[] {
  return (env[ALLOW_HTTP_HOSTS_VARIABLE] ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Refuses a service URL that is not https, except on loopback or a host the user listed in
 * SIGSTORE_ACTION_ALLOW_HTTP_HOSTS: Fulcio gets the job's identity token, and an http request
 * carries it (and lets anyone on the path answer in the service's name) in the clear. Returns
 * true when the URL is plain http to an allowed, non-loopback host (the caller warns).
 */
export function checkServiceURL(
  url: string,
  what: string,
  allowedHosts: readonly string[] = [],
): boolean {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (parsed?.protocol === 'https:') return false;
  if (parsed?.protocol !== 'http:') {
    throw new ActionError(
      'INPUT_INVALID',
      `${what} is ${JSON.stringify(printable(url))}, not an https URL; give the https URL of the service.`,
    );
  }
  if (isLoopbackHost(parsed.hostname)) return false;
  if (allowedHosts.includes(parsed.hostname.toLowerCase())) return true;
  throw new ActionError(
    'INSECURE_SERVICE_URL',
    `${what} is ${printable(url)}: plain http to another machine, which would carry the identity token and signatures in the clear and take answers from anyone on the way; nothing was sent. Use the service's https URL (plain http is for loopback only: 127.0.0.0/8, localhost and the IPv6 loopback address).`,
  );
}
