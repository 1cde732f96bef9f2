import { ServiceSelector, type Service, type SigningConfig } from '@sigstore/protobuf-specs';
import type { Witness } from '@sigstore/sign';
import type { NetworkOptions } from '../net/service-client.js';
import { ActionError } from '../errors.js';
import { RekorV1Witness, RekorV2Witness, TimestampWitness } from './witnesses.js';

/** The services one signing run talks to, chosen from the instance's signing config. */
export interface SigningServices {
  readonly fulcioURL: string;
  readonly rekor: { readonly url: string; readonly majorApiVersion: 1 | 2 };
  readonly tsaURL?: string;
}

// The newest API versions @sigstore/sign 5 speaks.
const MAX_CA_API_VERSION = 1;
const MAX_TLOG_API_VERSION = 2;
const MAX_TSA_API_VERSION = 1;
// Rekor v2 answers once a checkpoint includes the entry: rekor-tiles' own write client
// (pkg/client/write/write.go defaultTimeout) and sigstore-go wait 30 s for it.
const MIN_REKOR_V2_TIMEOUT_MS = 30_000;

/**
 * Picks one CA, one transparency log and (when listed) one TSA, the way sigstore-js's
 * `bundleBuilderFromSigningConfig` does: the newest valid service of a supported API version.
 * We cannot call that function because it builds its own FulcioSigner, which fetches a new
 * token and certificate for every file; this action reuses one certificate for the whole run.
 */
export function selectServices(config: SigningConfig, now = new Date()): SigningServices {
  const ca = newest(config.caUrls, MAX_CA_API_VERSION, now);
  if (!ca) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      'the signing config lists no usable certificate authority (caUrls with majorApiVersion 1, valid now).',
    );
  }
  if (!config.rekorTlogUrls.length) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      'the signing config lists no transparency log (rekorTlogUrls): every signature must be logged.',
    );
  }
  checkSelector(config.rekorTlogConfig?.selector, 'rekorTlogConfig');
  const tlog = newest(config.rekorTlogUrls, MAX_TLOG_API_VERSION, now);
  if (!tlog) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      'the signing config lists no usable transparency log (rekorTlogUrls with majorApiVersion 1 or 2, valid now).',
    );
  }
  let tsaURL: string | undefined;
  if (config.tsaUrls.length) {
    checkSelector(config.tsaConfig?.selector, 'tsaConfig');
    tsaURL = newest(config.tsaUrls, MAX_TSA_API_VERSION, now)?.url;
  }
  if (tlog.majorApiVersion === 2 && !tsaURL) {
    // Rekor v2 entries carry no signed timestamp: without a TSA no verifier can accept them.
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      'the signing config uses Rekor v2 but lists no usable timestamp authority (tsaUrls); Rekor v2 bundles need one.',
    );
  }
  return {
    fulcioURL: ca.url,
    rekor: { url: tlog.url, majorApiVersion: tlog.majorApiVersion === 2 ? 2 : 1 },
    tsaURL,
  };
}

/** Rekor (and the TSA, when there is one) as @sigstore/sign witnesses. */
export function createWitnesses(services: SigningServices, options: NetworkOptions): Witness[] {
  const witnesses: Witness[] = [
    services.rekor.majorApiVersion === 2
      ? new RekorV2Witness(services.rekor.url, {
          ...options,
          policy: {
            ...options.policy,
            timeoutMs: Math.max(options.policy.timeoutMs, MIN_REKOR_V2_TIMEOUT_MS),
          },
        })
      : new RekorV1Witness(services.rekor.url, options),
  ];
  if (services.tsaURL) witnesses.push(new TimestampWitness(services.tsaURL, options));
  return witnesses;
}

function newest(services: readonly Service[], maxVersion: number, now: Date): Service | undefined {
  return services
    .filter((s) => s.majorApiVersion >= 1 && s.majorApiVersion <= maxVersion)
    .filter((s) => !s.validFor?.start || s.validFor.start <= now)
    .filter((s) => !s.validFor?.end || s.validFor.end >= now)
    .sort((a, b) => (b.validFor?.start?.getTime() ?? 0) - (a.validFor?.start?.getTime() ?? 0))[0];
}

function checkSelector(selector: ServiceSelector | undefined, field: string): void {
  if (selector !== undefined && selector !== ServiceSelector.ANY) {
    throw new ActionError(
      'TRUST_CONFIG_INVALID',
      `the signing config's ${field}.selector is ${ServiceSelector[selector]}; only ANY is supported.`,
    );
  }
}
