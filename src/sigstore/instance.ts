import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs';
import { ActionError, rootCauseMessage } from '../errors.js';
import { outboundFetch } from '../net/outbound.js';
import type { RetryPolicy } from '../net/retry.js';

import {
  PUBLIC_GOOD_TUF_URL,
  STAGING_TUF_URL,
  type InstanceChoice,
  type TrustChoice,
} from './instance-choice.js';
import { ALLOW_HTTP_HOSTS_VARIABLE, checkServiceURL } from './destinations.js';
import {
  defaultTUFCachePath,
  initTUF,
  privateCacheDirectory,
  TargetNotFound,
  type TUF,
} from './tuf.js';

export type { InstanceChoice, TrustChoice } from './instance-choice.js';

const SIGNING_CONFIG_TARGET = 'signing_config.v0.2.json';
/**
 * Public-good's opt-in signing config with its Rekor v2 log (sigstore/root-signing
 * targets/signing_config_rekor_v2.v0.2.json, beside the default that lists Rekor v1 only); cosign
 * reads it for `signing-config create --rekor-v2`. Read when the user asks for Rekor v2.
 */
const SIGNING_CONFIG_REKOR_V2_TARGET = 'signing_config_rekor_v2.v0.2.json';
const TRUSTED_ROOT_TARGET = 'trusted_root.json';
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
/** `application/vnd.dev.sigstore.trustedroot+json;version=0.1`, or `.v0.2+json`. */
const TRUSTED_ROOT_MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.trustedroot';
const TUF_TIMEOUT_MS = 10_000;
// Retried (408, 429, 5xx, network errors, timeouts) with jitter, as every other request of the run.
const TUF_POLICY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  timeoutMs: TUF_TIMEOUT_MS,
  maxRetryAfterMs: 60_000,
};

/** What signing and verification need from an instance. */
export interface SigstoreInstance {
  readonly kind: InstanceChoice['kind'];
  /** For messages: "Sigstore public-good", "Sigstore staging", where a custom one came from. */
  readonly name: string;
  readonly signingConfig: SigningConfig;
  /** Where the signing config came from, for messages: "Sigstore public-good signing_config.v0.2.json". */
  readonly signingConfigName: string;
  /** Absent only when the user gave a signing config without a trusted root. */
  readonly trustedRoot?: TrustedRoot;
  /** The instance's search UI, when it has one. */
  readonly search?: LogSearch;
}

/**
 * A search UI for the entries of ONE log: search.sigstore.dev and search.sigstage.dev look up
 * a log index in the instance's Rekor v1 log only, so an entry of any other log (Rekor v2
 * above all) must not get their link.
 */
export interface LogSearch {
  /** The log it searches, as the trusted root's `baseUrl` names it. */
  readonly logURL: string;
  entryURL(logIndex: string): string;
}

export interface InstanceOptions {
  /**
   * Where the TUF client keeps its metadata: a per-job temp directory on a runner; by default
   * the user's own cache directory (tuf.ts defaultTUFCachePath). Never a shared one.
   */
  readonly tufCachePath?: string;
  /** Hosts besides loopback that service URLs may name over plain http (destinations.ts). */
  readonly httpHosts?: readonly string[];
  /**
   * `rekor-version` 2: a TUF repository's opt-in Rekor v2 signing config
   * (signing_config_rekor_v2.v0.2.json) replaces its default one, when the repository has it.
   */
  readonly rekorVersion?: 1 | 2;
}

/**
 * Loads the signing config and trusted root of the chosen instance. The public instances come
 * through TUF (as sigstore-python, cosign and gh do), so key rotations reach users without a
 * new release of this action.
 */
export async function loadInstance(
  choice: InstanceChoice,
  options: InstanceOptions = {},
): Promise<SigstoreInstance> {
  switch (choice.kind) {
    case 'public-good':
      return loadFromTUF(
        'public-good',
        'Sigstore public-good',
        PUBLIC_GOOD_TUF_URL,
        undefined,
        options,
        {
          logURL: 'https://rekor.sigstore.dev',
          entryURL: (i) => `https://search.sigstore.dev/?logIndex=${encodeURIComponent(i)}`,
        },
      );
    case 'staging':
      return loadFromTUF(
        'staging',
        'Sigstore staging',
        STAGING_TUF_URL,
        await stagingRoot(options),
        options,
        {
          logURL: 'https://rekor.sigstage.dev',
          entryURL: (i) => `https://search.sigstage.dev/?logIndex=${encodeURIComponent(i)}`,
        },
      );
    case 'tuf':
      return loadFromTUF(
        'tuf',
        `the Sigstore instance of ${choice.mirrorURL}`,
        choice.mirrorURL,
        choice.rootPath,
        options,
      );
    case 'files': {
      const signingConfig = parseSigningConfig(
        await readJSONFile(choice.signingConfigPath, 'signing-config'),
        `signing-config (${choice.signingConfigPath})`,
        options.httpHosts,
      );
      const trustedRoot = choice.trustedRootPath
        ? parseTrustedRoot(
            await readJSONFile(choice.trustedRootPath, 'trusted-root'),
            `trusted-root (${choice.trustedRootPath})`,
          )
        : undefined;
      return {
        kind: 'files',
        name: `the Sigstore instance of ${choice.signingConfigPath}`,
        signingConfig,
        signingConfigName: `signing-config (${choice.signingConfigPath})`,
        trustedRoot,
      };
    }
  }
}

/** The trusted root alone, for verification. */
export async function loadTrustedRoot(
  choice: TrustChoice,
  options: InstanceOptions = {},
): Promise<{ name: string; trustedRoot: TrustedRoot }> {
  if (choice.kind === 'file') {
    return {
      name: choice.trustedRootPath,
      trustedRoot: parseTrustedRoot(
        await readJSONFile(choice.trustedRootPath, 'trusted-root'),
        `trusted-root (${choice.trustedRootPath})`,
      ),
    };
  }
  const [name, mirrorURL, rootPath] =
    choice.kind === 'public-good'
      ? ['Sigstore public-good', PUBLIC_GOOD_TUF_URL, undefined]
      : choice.kind === 'staging'
        ? ['Sigstore staging', STAGING_TUF_URL, await stagingRoot(options)]
        : [`the Sigstore instance of ${choice.mirrorURL}`, choice.mirrorURL, choice.rootPath];
  const tuf = await openTUF(name, mirrorURL, rootPath, options);
  const json = await readTarget(tuf, TRUSTED_ROOT_TARGET, name);
  return { name, trustedRoot: parseTrustedRoot(json, `${name} ${TRUSTED_ROOT_TARGET}`) };
}

async function openTUF(
  name: string,
  mirrorURL: string,
  rootPath: string | undefined,
  options: InstanceOptions,
): Promise<TUF> {
  // Before any request: TUF metadata is signed, but an http mirror is still refused, as every
  // other service is (destinations.ts).
  if (checkServiceURL(mirrorURL, 'the TUF repository', options.httpHosts)) {
    warnPlainHTTP('the TUF repository', mirrorURL);
  }
  privateCacheDirectory(options.tufCachePath ?? defaultTUFCachePath());
  try {
    return await initTUF({
      mirrorURL,
      rootPath,
      cachePath: options.tufCachePath,
      // A root given by the user replaces whatever an earlier run cached for this mirror.
      forceInit: rootPath !== undefined,
      policy: TUF_POLICY,
    });
  } catch (err) {
    throw new ActionError(
      'TUF_FAILED',
      `could not update the trust metadata of ${name} from ${mirrorURL}: ${rootCauseMessage(err)}. ` +
        'Check that the runner can reach it, or pass a trusted-root file instead.',
      { cause: err },
    );
  }
}

async function loadFromTUF(
  kind: SigstoreInstance['kind'],
  name: string,
  mirrorURL: string,
  rootPath: string | undefined,
  options: InstanceOptions,
  search?: LogSearch,
): Promise<SigstoreInstance> {
  const tuf = await openTUF(name, mirrorURL, rootPath, options);
  const [signingConfig, trustedRootJSON] = await Promise.all([
    readSigningConfigTarget(tuf, name, options.rekorVersion),
    readTarget(tuf, TRUSTED_ROOT_TARGET, name),
  ]);
  const signingConfigName = `the signing config of ${name} (${signingConfig.target})`;
  return {
    kind,
    name,
    signingConfig: parseSigningConfig(signingConfig.json, signingConfigName, options.httpHosts),
    signingConfigName,
    trustedRoot: parseTrustedRoot(trustedRootJSON, `${name} ${TRUSTED_ROOT_TARGET}`),
    search,
  };
}

/**
 * The default signing config, or for Rekor v2 the opt-in one when the repository publishes it
 * (public-good does; staging's default already lists Rekor v2 first, and has no opt-in target).
 * Without it the default is read, and selection then keeps only its Rekor v2 logs, if any.
 */
async function readSigningConfigTarget(
  tuf: TUF,
  name: string,
  rekorVersion: 1 | 2 | undefined,
): Promise<{ target: string; json: unknown }> {
  if (rekorVersion === 2) {
    let text: string | undefined;
    try {
      text = await tuf.getTarget(SIGNING_CONFIG_REKOR_V2_TARGET);
    } catch (err) {
      // Only "the repository has no such target" falls back; a failed download is an error.
      if (!(err instanceof TargetNotFound)) {
        throw tufReadError(err, SIGNING_CONFIG_REKOR_V2_TARGET, name);
      }
    }
    if (text !== undefined) {
      const json = parseTargetJSON(text, name, SIGNING_CONFIG_REKOR_V2_TARGET);
      return { target: SIGNING_CONFIG_REKOR_V2_TARGET, json };
    }
  }
  return {
    target: SIGNING_CONFIG_TARGET,
    json: await readTarget(tuf, SIGNING_CONFIG_TARGET, name),
  };
}

/**
 * @sigstore/tuf embeds the initial root of the production repository only. For staging (a test
 * instance, never a production trust decision) the first root comes from the mirror itself over
 * HTTPS, and TUF verifies every later version against it. It is kept in the TUF cache, which
 * belongs to this user alone (tuf.ts privateCacheDirectory): a root found in a directory others
 * can write to (the shared temp directory) would let them choose what staging is trusted as.
 */
async function stagingRoot(options: InstanceOptions): Promise<string> {
  const dir = privateCacheDirectory(options.tufCachePath ?? defaultTUFCachePath());
  const file = path.join(dir, 'staging-1.root.json');
  try {
    await fs.access(file);
    return file;
  } catch {
    // not bootstrapped yet
  }
  try {
    // Through the runner's proxy, with our User-Agent, as every TUF request (tuf.ts).
    const response = await outboundFetch(`${STAGING_TUF_URL}/1.root.json`, {
      signal: AbortSignal.timeout(TUF_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await fs.writeFile(file, Buffer.from(await response.arrayBuffer()), { mode: 0o600 });
    return file;
  } catch (err) {
    throw new ActionError(
      'TUF_FAILED',
      `could not fetch the initial root of Sigstore staging from ${STAGING_TUF_URL}: ${rootCauseMessage(err)}.`,
      { cause: err },
    );
  }
}

function warnPlainHTTP(what: string, url: string): void {
  core.warning(
    `${what} is ${url}: plain http to a host named in ${ALLOW_HTTP_HOSTS_VARIABLE}; its requests (the identity token too, for Fulcio) travel in the clear.`,
  );
}

async function readTarget(tuf: TUF, target: string, name: string): Promise<unknown> {
  let text: string;
  try {
    text = await tuf.getTarget(target);
  } catch (err) {
    throw tufReadError(err, target, name);
  }
  return parseTargetJSON(text, name, target);
}

function parseTargetJSON(text: string, name: string, target: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw tufReadError(err, target, name);
  }
}

function tufReadError(err: unknown, target: string, name: string): ActionError {
  return new ActionError(
    'TUF_FAILED',
    `could not read ${target} from the TUF repository of ${name}: ${rootCauseMessage(err)}.`,
    { cause: err },
  );
}

/** Trusted roots and signing configs are a few kilobytes; a larger file is not one. */
const MAX_TRUST_FILE_BYTES = 4 * 1024 * 1024;

async function readJSONFile(file: string, input: string): Promise<unknown> {
  const what = input === 'signing-config' ? 'signing config' : 'trusted root';
  let text: string;
  try {
    const stat = await fs.stat(path.resolve(file));
    if (stat.isFile() && stat.size > MAX_TRUST_FILE_BYTES) {
      throw new ActionError(
        'TRUST_CONFIG_INVALID',
        `${input}: ${file} is ${stat.size} bytes, far too large for a Sigstore ${what}; pass the ${what} JSON of your instance.`,
      );
    }
    text = await fs.readFile(path.resolve(file), 'utf8');
  } catch (err) {
    if (err instanceof ActionError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${input}: cannot read ${file} (${code}); check the path, and that the step that writes the file ran before this one.`,
      { cause: err },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${input}: ${file} is not valid JSON (${(err as Error).message}); pass the ${what} of your instance as its JSON file, complete and unmodified.`,
      { cause: err },
    );
  }
}

export function parseSigningConfig(
  json: unknown,
  what: string,
  httpHosts?: readonly string[],
): SigningConfig {
  if (!isObject(json) || json.mediaType !== SIGNING_CONFIG_MEDIA_TYPE) {
    const trustedRoot =
      isObject(json) &&
      String(json.mediaType).startsWith('application/vnd.dev.sigstore.trustedroot');
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      trustedRoot
        ? `${what}: this is a trusted root, not a signing config; pass it as trusted-root, and the instance's signing config (v0.2) as signing-config.`
        : `${what}: not a signing config v0.2 (mediaType must be "${SIGNING_CONFIG_MEDIA_TYPE}"); pass the signing config of your Sigstore instance.`,
    );
  }
  let config: SigningConfig;
  try {
    config = SigningConfig.fromJSON(json);
  } catch (err) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${what}: not a valid signing config (${(err as Error).message}); pass the signing config of your Sigstore instance.`,
      { cause: err },
    );
  }
  checkServiceURLs(config, what, httpHosts);
  return config;
}

/**
 * Every service a signing config names is called with the job's identity token or its
 * signatures: only https URLs (plain http on loopback only, destinations.ts), each a valid URL.
 * A `file:`, garbled or plain-http URL is refused before any request of the run.
 */
function checkServiceURLs(
  config: SigningConfig,
  what: string,
  httpHosts?: readonly string[],
): void {
  const lists = {
    caUrls: config.caUrls,
    rekorTlogUrls: config.rekorTlogUrls,
    tsaUrls: config.tsaUrls,
  };
  for (const [field, services] of Object.entries(lists)) {
    services.forEach((service, i) => {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(service.url).protocol);
      } catch {
        // not a URL
      }
      if (!ok) {
        throw new ActionError(
          'TRUST_CONFIG_INVALID',
          `${what}: ${field}[${i}].url is ${JSON.stringify(service.url)}, not an http(s) URL; pass the signing config of your Sigstore instance, with the URLs of its services.`,
        );
      }
      const where = `${what}: ${field}[${i}].url`;
      if (checkServiceURL(service.url, where, httpHosts)) warnPlainHTTP(where, service.url);
    });
  }
}

export function parseTrustedRoot(json: unknown, what: string): TrustedRoot {
  // `tlogs` may be absent or empty: GitHub's instance has no transparency log.
  if (
    !isObject(json) ||
    typeof json.mediaType !== 'string' ||
    !json.mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE_PREFIX) ||
    (json.tlogs !== undefined && !Array.isArray(json.tlogs))
  ) {
    const signingConfig = isObject(json) && json.mediaType === SIGNING_CONFIG_MEDIA_TYPE;
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      signingConfig
        ? `${what}: this is a signing config, not a trusted root; pass it as signing-config, and the instance's trusted_root.json as trusted-root.`
        : `${what}: not a Sigstore trusted root (expected a JSON object with "mediaType": "${TRUSTED_ROOT_MEDIA_TYPE_PREFIX}..."); pass the trusted_root.json of your Sigstore instance.`,
    );
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
  } catch (err) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${what}: not a valid Sigstore trusted root (${(err as Error).message}); pass the trusted_root.json of your Sigstore instance.`,
      { cause: err },
    );
  }
  checkValidityStarts(root, what);
  return root;
}

/**
 * Every transparency log and CT log key in a trusted root must say from when it is trusted, as
 * sigstore-go requires (pkg/root/trusted_root.go `ParseTransparencyLogs`: "tlog missing public
 * key validity period start time"). @sigstore/verify 4.1.3 reads a missing start as "since the
 * beginning of time" and so trusts a malformed root: sigstore-conformance case
 * trust-root-tlog-missing-validity-start_fail. Certificate and timestamp authorities may omit it
 * (sigstore-go reads a missing start as no lower bound), and so may we.
 */
function checkValidityStarts(root: TrustedRoot, what: string): void {
  const missing = [
    ...root.tlogs.map((t, i) => (t.publicKey?.validFor?.start ? '' : `tlogs[${i}] (${t.baseUrl})`)),
    ...root.ctlogs.map((t, i) =>
      t.publicKey?.validFor?.start ? '' : `ctlogs[${i}] (${t.baseUrl})`,
    ),
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${what}: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no validFor.start; a trusted root must say from when each key is trusted. Pass the trusted_root.json your Sigstore instance publishes, unmodified.`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
