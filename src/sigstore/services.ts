import {
  ServiceSelector,
  type Service,
  type ServiceConfiguration,
  type SigningConfig,
} from '@sigstore/protobuf-specs';
import type { Witness } from '@sigstore/sign';
import type { NetworkOptions } from '../net/service-client.js';
import { ActionError } from '../errors.js';
import { RekorV1Witness, RekorV2Witness, TimestampWitness } from './witnesses.js';
import { counted } from '../report/wording.js';

/** A transparency log a signing run writes every signature to. */
export interface SelectedLog {
  readonly url: string;
  readonly majorApiVersion: 1 | 2;
}

/** The services one signing run talks to, chosen from the instance's signing config. */
export interface SigningServices {
  readonly fulcioURL: string;
  /** Every signature goes to each of these logs (one for ANY); all of one API version. */
  readonly logs: readonly SelectedLog[];
  /** Every signature is timestamped by each of these TSAs; none when the config lists none. */
  readonly tsaURLs: readonly string[];
}

/** `rekor-version`: only logs of this Rekor major version may be selected. */
export interface RekorVersionChoice {
  readonly majorApiVersion: 1 | 2;
  /** How the user spelled the option (`rekor-version`, `--rekor-version`), for messages. */
  readonly input: string;
}

export interface SelectOptions {
  readonly now?: Date;
  readonly rekorVersion?: RekorVersionChoice;
  /** The signing config, for messages: "the signing config of Sigstore public-good (...)". */
  readonly configName?: string;
}

// The API versions @sigstore/sign 5 (and so this action) speaks, newest first.
const CA_API_VERSIONS = [1];
const TLOG_API_VERSIONS = [2, 1];
const TSA_API_VERSIONS = [1];
/**
 * Rekor v2 integrates entries in batches: rekor-tiles' own client and sigstore-go give every
 * write 30 s (rekor-tiles pkg/client/write/write.go `defaultTimeout`, sigstore-go
 * pkg/sign/transparency.go). sigstore-js gives 20 s.
 */
export const MIN_REKOR_V2_TIMEOUT_MS = 30_000;

/**
 * Picks the CA, the transparency logs and the TSAs of a signing run from a v0.2 signing config,
 * as protobuf-specs' sigstore_trustroot.proto says a client MUST (and sigstore-go's
 * pkg/root/signing_config.go `SelectServices` does): only services valid now; logs and TSAs of
 * the highest API version this client supports that has any; at most one per operator, the one
 * with the newest `validFor.start`; then as many as the selector asks (ANY: one, EXACT: `count`,
 * ALL: every one), an error when there are fewer. sigstore-go picks at random among equals and
 * sigstore-python takes them in listed order; we take the newest first, so a run is repeatable.
 * sigstore-js's `bundleBuilderFromSigningConfig` cannot be called: it accepts only ANY, and builds
 * its own FulcioSigner, which fetches a new token and certificate for every file; this action
 * reuses one certificate for the whole run.
 */
export function selectServices(
  config: SigningConfig,
  options: SelectOptions = {},
): SigningServices {
  const now = options.now ?? new Date();
  const what = options.configName ?? 'the signing config';
  const forced = options.rekorVersion;

  const ca = byVersion(config.caUrls, CA_API_VERSIONS, now)[0];
  if (!ca) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${what} lists no usable certificate authority (caUrls with majorApiVersion 1, valid now).`,
    );
  }

  if (!config.rekorTlogUrls.length) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${what} lists no transparency log (rekorTlogUrls): every signature must be logged.`,
    );
  }
  const logCandidates = byVersion(
    config.rekorTlogUrls,
    forced ? [forced.majorApiVersion] : TLOG_API_VERSIONS,
    now,
  );
  if (logCandidates.length === 0) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      forced
        ? `${forced.input} is ${forced.majorApiVersion}, but ${what} lists no Rekor v${forced.majorApiVersion} log valid now (rekorTlogUrls with majorApiVersion ${forced.majorApiVersion}): ${forced.majorApiVersion === 2 ? `this instance does not offer Rekor v2; remove ${forced.input} (or set it to 1)` : `remove ${forced.input} to use the instance's own log`}.`
        : `${what} lists no usable transparency log (rekorTlogUrls with majorApiVersion 1 or 2, valid now).`,
    );
  }
  const logs = applySelector(logCandidates, config.rekorTlogConfig, 'rekorTlogConfig', what);

  let tsas: Service[] = [];
  if (config.tsaUrls.length) {
    const candidates = byVersion(config.tsaUrls, TSA_API_VERSIONS, now);
    // A listed TSA that is not usable now is no error unless the selector asks for a count:
    // Rekor v1 entries carry their own signed time (and Rekor v2 is checked below).
    if (candidates.length > 0 || config.tsaConfig?.selector === ServiceSelector.EXACT) {
      tsas = applySelector(candidates, config.tsaConfig, 'tsaConfig', what);
    }
  }

  if (logs[0].majorApiVersion === 2 && tsas.length === 0) {
    // Rekor v2 entries carry no signed timestamp: without a TSA no verifier can accept them.
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `${what} uses Rekor v2 but lists no usable timestamp authority (tsaUrls); Rekor v2 bundles need one.`,
    );
  }
  return {
    fulcioURL: ca.url,
    logs: logs.map((log) => ({ url: log.url, majorApiVersion: log.majorApiVersion === 2 ? 2 : 1 })),
    tsaURLs: tsas.map((tsa) => tsa.url),
  };
}

/** Rekor (one witness per selected log) and the TSAs, as @sigstore/sign witnesses. */
export function createWitnesses(services: SigningServices, options: NetworkOptions): Witness[] {
  const rekorV2Options: NetworkOptions = {
    ...options,
    policy: {
      ...options.policy,
      timeoutMs: Math.max(options.policy.timeoutMs, MIN_REKOR_V2_TIMEOUT_MS),
    },
  };
  return [
    ...services.logs.map((log) =>
      log.majorApiVersion === 2
        ? new RekorV2Witness(log.url, rekorV2Options)
        : new RekorV1Witness(log.url, options),
    ),
    ...services.tsaURLs.map((url) => new TimestampWitness(url, options)),
  ];
}

/** "Rekor v1 https://rekor.sigstore.dev", or a list of logs, for logs and summaries. */
export function describeLogs(logs: readonly SelectedLog[]): string {
  return logs.map((log) => `Rekor v${log.majorApiVersion} ${log.url}`).join(', ');
}

/**
 * The services valid at `now`, of the first API version in `versions` (highest first) that
 * has any, one per operator (the newest `validFor.start`), newest first.
 */
function byVersion(
  services: readonly Service[],
  versions: readonly number[],
  now: Date,
): Service[] {
  const valid = services.filter(
    (s) =>
      (!s.validFor?.start || s.validFor.start <= now) &&
      (!s.validFor?.end || s.validFor.end >= now),
  );
  for (const version of versions) {
    // A stable sort: services with the same start keep the config's order.
    const newestFirst = valid
      .filter((s) => s.majorApiVersion === version)
      .sort((a, b) => (b.validFor?.start?.getTime() ?? 0) - (a.validFor?.start?.getTime() ?? 0));
    const operators = new Set<string>();
    const chosen = newestFirst.filter((s) => {
      if (operators.has(s.operator)) return false;
      operators.add(s.operator);
      return true;
    });
    if (chosen.length > 0) return chosen;
  }
  return [];
}

/**
 * The selector of a list's ServiceConfiguration. A config without one (v0.2 requires it) means
 * ANY, as before selectors existed; SERVICE_SELECTOR_UNDEFINED is an error (the proto: "A client
 * SHOULD throw an error if the value is SERVICE_SELECTOR_UNDEFINED"; sigstore-go does).
 */
function applySelector(
  candidates: Service[],
  config: ServiceConfiguration | undefined,
  field: 'rekorTlogConfig' | 'tsaConfig',
  what: string,
): Service[] {
  const selector = config?.selector ?? ServiceSelector.ANY;
  const list = field === 'rekorTlogConfig' ? 'rekorTlogUrls' : 'tsaUrls';
  switch (selector) {
    case ServiceSelector.ANY:
      return candidates.slice(0, 1);
    case ServiceSelector.ALL:
      return candidates;
    case ServiceSelector.EXACT: {
      const count = config?.count ?? 0;
      if (count < 1) {
        throw new ActionError(
          'TRUST_CONFIG_INVALID',
          `${what}: ${field} is EXACT with count ${count}; the count must be at least 1. Pass the signing config of your Sigstore instance, unmodified.`,
        );
      }
      if (candidates.length < count) {
        throw new ActionError(
          'TRUST_CONFIG_INVALID',
          `${what}: ${field} asks for EXACT ${counted(count, 'service')}, but ${list} has ${candidates.length} usable (valid now, of one supported API version, one per operator). Fix the signing config: list ${counted(count, 'service')} of distinct operators, or lower the count.`,
        );
      }
      return candidates.slice(0, count);
    }
    default:
      throw new ActionError(
        'TRUST_CONFIG_INVALID',
        `${what}: ${field}.selector is ${ServiceSelector[selector] ?? String(selector)}; a signing config must say ALL, ANY or EXACT. Pass the signing config of your Sigstore instance, unmodified.`,
      );
  }
}
