// The client-side view of the stack: trusted_root.json (what verifiers trust) and the v0.2
// signing configs (where signers send requests), in the shapes the real instances publish:
// public-good's default and opt-in Rekor v2 configs (sigstore/root-signing
// 60cf2ce8b2e45d600dc17c4421e8c751e75772be targets/signing_config.v0.2.json and
// targets/signing_config_rekor_v2.v0.2.json) and staging's (sigstore/root-signing-staging
// 52973a615b876923569e8d8987e3f801c3584bd7 targets/signing_config.v0.2.json: Rekor v2 listed
// first, the newest, then Rekor v1; the same shape as public-good's opt-in config).
import type { KeyObject } from 'node:crypto';
import type { CertificateAuthority } from './ca.js';
import type { RekorV1 } from './rekor-v1.js';
import type { RekorV2 } from './rekor-v2.js';
import type { TimestampAuthority } from './tsa.js';
import type { DistinguishedName } from './x509.js';

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const OPERATOR = 'sigstore.local';
const HOUR_MS = 60 * 60 * 1000;

export interface StackTrust {
  url: string;
  ca: CertificateAuthority;
  rekorV1: RekorV1;
  rekorV2: RekorV2;
  /** A second Rekor v2 log, of another operator: in the trusted root, in no default config. */
  rekorV2Other: RekorV2;
  tsa: TimestampAuthority;
  /** Start of every validity window: well before anything is signed. */
  validFrom: Date;
}

/** Service base URLs, all under the one stack URL. */
export function serviceUrls(
  url: string,
): Record<
  'oidc' | 'fulcio' | 'rekor' | 'rekorV2' | 'rekorV2Other' | 'tsa' | 'tuf' | 'ctlog',
  string
> {
  return {
    oidc: `${url}/oidc`,
    fulcio: `${url}/fulcio`,
    rekor: `${url}/rekor`,
    rekorV2: `${url}/rekor2`,
    rekorV2Other: `${url}/rekor2-other`,
    tsa: `${url}/tsa/api/v1/timestamp`,
    tuf: `${url}/tuf`,
    ctlog: `${url}/ctlog`,
  };
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const b64 = (bytes: Buffer): string => bytes.toString('base64');
const spki = (key: KeyObject): string => b64(key.export({ type: 'spki', format: 'der' }));

function subject(name: DistinguishedName): Record<string, string> {
  return { organization: name.organization ?? '', commonName: name.commonName ?? '' };
}

export function trustedRoot(t: StackTrust): Record<string, unknown> {
  const urls = serviceUrls(t.url);
  const validFor = { start: iso(t.validFrom) };
  return {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: [
      {
        baseUrl: urls.rekor,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: spki(t.rekorV1.publicKey),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor,
        },
        logId: { keyId: b64(t.rekorV1.logId) },
      },
      {
        baseUrl: urls.rekorV2,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: spki(t.rekorV2.publicKey), keyDetails: 'PKIX_ED25519', validFor },
        logId: { keyId: b64(t.rekorV2.logId) },
      },
      {
        baseUrl: urls.rekorV2Other,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: spki(t.rekorV2Other.publicKey),
          keyDetails: 'PKIX_ED25519',
          validFor,
        },
        logId: { keyId: b64(t.rekorV2Other.logId) },
      },
    ],
    certificateAuthorities: [
      {
        subject: subject(t.ca.root.name),
        uri: urls.fulcio,
        // Like production: the CA chain without leaves, intermediate first.
        certChain: {
          certificates: [t.ca.intermediate.der, t.ca.root.der].map((c) => ({ rawBytes: b64(c) })),
        },
        validFor,
      },
    ],
    ctlogs: [
      {
        baseUrl: urls.ctlog,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: spki(t.ca.ctLog.publicKey),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor,
        },
        logId: { keyId: b64(t.ca.ctLog.logId) },
      },
    ],
    timestampAuthorities: [
      {
        subject: subject(t.tsa.root.name),
        uri: urls.tsa,
        certChain: { certificates: t.tsa.chain.map((c) => ({ rawBytes: b64(c) })) },
        validFor,
      },
    ],
  };
}

/**
 * The signing configs the stack publishes:
 * - `default`: public-good's default, Rekor v1 only, and the TSA;
 * - `rekor-v2`: public-good's opt-in one, Rekor v2 first (a newer start than Rekor v1), then
 *   Rekor v1, and the TSA;
 * - `staging`: staging's default, shaped as the opt-in one: Rekor v2 the newest, Rekor v1, TSA.
 * All with ANY selectors, as published. A client that supports Rekor v2 picks it from the last
 * two (the highest API version); one that does not, Rekor v1.
 */
export type SigningConfigShape = 'default' | 'rekor-v2' | 'staging';

export function signingConfig(t: StackTrust, shape: SigningConfigShape): Record<string, unknown> {
  const urls = serviceUrls(t.url);
  const service = (
    url: string,
    majorApiVersion: number,
    start = t.validFrom,
    operator = OPERATOR,
  ): Record<string, unknown> => ({
    url,
    majorApiVersion,
    validFor: { start: iso(start) },
    operator,
  });
  // Rekor v2 came after Rekor v1 (public-good: 2026-01-01 against 2021-01-12), still in the past.
  const rekorV2Start = new Date(t.validFrom.getTime() + HOUR_MS);
  const rekorV1 = service(urls.rekor, 1);
  const rekorV2 = service(urls.rekorV2, 2, rekorV2Start);
  return {
    mediaType: SIGNING_CONFIG_MEDIA_TYPE,
    caUrls: [service(urls.fulcio, 1)],
    oidcUrls: [service(urls.oidc, 1)],
    rekorTlogUrls: shape === 'default' ? [rekorV1] : [rekorV2, rekorV1],
    tsaUrls: [service(urls.tsa, 1)],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
  };
}
