/**
 * The user's choice of Sigstore instance, as plain values: kept apart from instance.ts (which
 * loads TUF) so that reading the configuration loads nothing heavy.
 */

/** Which Sigstore instance to use, as the user chose it. */
export type InstanceChoice =
  | { readonly kind: 'public-good' }
  | { readonly kind: 'staging' }
  /** A private or local instance whose metadata is distributed by TUF. */
  | { readonly kind: 'tuf'; readonly mirrorURL: string; readonly rootPath: string }
  /** Explicit files: a signing config and, optionally, a trusted root. */
  | {
      readonly kind: 'files';
      readonly signingConfigPath: string;
      readonly trustedRootPath?: string;
    };

/** Where a verifier's trusted root comes from. A file means no network at all. */
export type TrustChoice =
  | { readonly kind: 'public-good' }
  | { readonly kind: 'staging' }
  | { readonly kind: 'tuf'; readonly mirrorURL: string; readonly rootPath: string }
  | { readonly kind: 'file'; readonly trustedRootPath: string };

export const PUBLIC_GOOD_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';
export const STAGING_TUF_URL = 'https://tuf-repo-cdn.sigstage.dev';
