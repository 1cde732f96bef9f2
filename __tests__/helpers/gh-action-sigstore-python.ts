/**
 * sigstore/gh-action-sigstore-python, the action users migrate from: every input it has had, at
 * any release tag from v0.0.1 to v3.5.0 (read from its action.yml at each tag; repository
 * commit 0f4cc4226f42a4405c63939a3909bac535d1f323).
 */
export const THEIR_INPUTS: readonly string[] = [
  'inputs',
  'identity-token',
  'oidc-client-id',
  'oidc-client-secret',
  'no-default-files',
  'output-signature',
  'output-certificate',
  'signature',
  'certificate',
  'bundle',
  'bundle-only',
  'overwrite',
  'fulcio-url',
  'rekor-url',
  'ctfe',
  'rekor-root-pubkey',
  'oidc-issuer',
  'rekor-version',
  'staging',
  'verify',
  'verify-cert-email',
  'verify-cert-identity',
  'verify-oidc-issuer',
  'upload-signing-artifacts',
  'release-signing-artifacts',
  'internal-be-careful-debug',
];
