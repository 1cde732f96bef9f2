// The client-side view of the stack: trusted_root.json (what verifiers trust) and the v0.2
// signing configs (where signers send requests), in the shapes of sigstore's public-good files.
import type { KeyObject } from 'node:crypto';
import type { CertificateAuthority } from './ca.js';
import type { RekorV1 } from './rekor-v1.js';
import type { RekorV2 } from './rekor-v2.js';
import type { TimestampAuthority } from './tsa.js';
import type { DistinguishedName } from './x509.js';

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';
export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
const OPERATOR = 'sigstore.local';

export interface StackTrust {
  url: string;
  ca: CertificateAuthority;
  rekorV1: RekorV1;
  rekorV2: RekorV2;
  tsa: TimestampAuthority;
  /** Start of every validity window: well before anything is signed. */
  validFrom: Date;
}

/** Service base URLs, all under the one stack URL. */
export function serviceUrls(
  url: string,
): Record<'oidc' | 'fulcio' | 'rekor' | 'rekorV2' | 'tsa' | 'tuf' | 'ctlog', string> {
  return {
    oidc: `${url}/oidc`,
    fulcio: `${url}/fulcio`,
    rekor: `${url}/rekor`,
    rekorV2: `${url}/rekor2`,
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

/** Signing config v0.2 with Rekor v1 or Rekor v2 as the transparency log. */
export function signingConfig(t: StackTrust, rekorMajorVersion: 1 | 2): Record<string, unknown> {
  const urls = serviceUrls(t.url);
  const service = (url: string, majorApiVersion: number): Record<string, unknown> => ({
    url,
    majorApiVersion,
    validFor: { start: iso(t.validFrom) },
    operator: OPERATOR,
  });
  return {
    mediaType: SIGNING_CONFIG_MEDIA_TYPE,
    caUrls: [service(urls.fulcio, 1)],
    oidcUrls: [service(urls.oidc, 1)],
    rekorTlogUrls: [rekorMajorVersion === 1 ? service(urls.rekor, 1) : service(urls.rekorV2, 2)],
    tsaUrls: [service(urls.tsa, 1)],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
  };
}
