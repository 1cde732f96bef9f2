import { ActionError, printable } from '../errors.js';
import type { CertificateClaims } from '../sigstore/claims.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** The GitHub workflow claims a verifier can require, by their input names. */
export const CLAIM_INPUTS = {
  'github-repository': 'repository',
  'github-ref': 'ref',
  'github-sha': 'sha',
  'github-trigger': 'trigger',
  'github-workflow-name': 'workflowName',
  'runner-environment': 'runnerEnvironment',
} as const satisfies Record<string, keyof CertificateClaims>;

export type ClaimInput = keyof typeof CLAIM_INPUTS;

/** Who must have signed. */
export interface IdentityPolicy {
  /** Exactly this certificate identity (SAN). */
  readonly identity?: string;
  /** Or an identity matching this pattern, anchored at both ends. */
  readonly identityPattern?: { readonly source: string; readonly regexp: RegExp };
  readonly issuer: string;
  readonly claims: Partial<Record<ClaimInput, string>>;
}

export interface PolicyInputs {
  readonly certIdentity?: string;
  readonly certIdentityRegexp?: string;
  readonly certOidcIssuer?: string;
  readonly claims: Partial<Record<ClaimInput, string>>;
}

/**
 * Builds the policy, refusing one that would accept anybody: without an identity or at least a
 * repository, "verified" would only mean "someone, somewhere, signed this".
 */
export function buildPolicy(inputs: PolicyInputs, name: (input: string) => string): IdentityPolicy {
  if (inputs.certIdentity && inputs.certIdentityRegexp) {
    throw new ActionError(
      'INPUT_CONFLICT',
      `${name('cert-identity')} and ${name('cert-identity-regexp')} cannot be used together: keep the exact identity, or the pattern.`,
    );
  }
  if (!inputs.certIdentity && !inputs.certIdentityRegexp && !inputs.claims['github-repository']) {
    throw new ActionError(
      'INPUT_INVALID',
      `verification needs to know who must have signed: set ${name('cert-identity')} (e.g. ` +
        'https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/v1.0.0), ' +
        `${name('cert-identity-regexp')}, or at least ${name('github-repository')}. Nothing was verified.`,
    );
  }
  if (inputs.certOidcIssuer && !/^https?:\/\/[^\s/]+/.test(inputs.certOidcIssuer)) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name('cert-oidc-issuer')} must be the issuer's URL as the certificate records it (GitHub Actions: ${GITHUB_ACTIONS_ISSUER}), not ${JSON.stringify(inputs.certOidcIssuer)}.`,
    );
  }
  for (const [input, value] of Object.entries(inputs.claims) as [ClaimInput, string][]) {
    const problem = value ? CLAIM_FORMATS[input]?.(value) : undefined;
    if (problem) {
      throw new ActionError(
        'INPUT_INVALID',
        `${name(input)} ${problem}, not ${JSON.stringify(value)}: the certificate records it in that form, so any other value never matches.`,
      );
    }
  }
  return {
    identity: inputs.certIdentity,
    identityPattern: inputs.certIdentityRegexp
      ? { source: inputs.certIdentityRegexp, regexp: anchored(inputs.certIdentityRegexp, name) }
      : undefined,
    issuer: inputs.certOidcIssuer || GITHUB_ACTIONS_ISSUER,
    claims: inputs.claims,
  };
}

/**
 * The form each claim has in a Fulcio certificate: a value in another form can never match, so it
 * is a mistake to report before anything is verified (a short SHA, `v1.2.3` for a ref).
 */
const CLAIM_FORMATS: Partial<Record<ClaimInput, (value: string) => string | undefined>> = {
  'github-repository': (v) =>
    /^[^/\s]+\/[^/\s]+$/.test(v) ? undefined : 'must be OWNER/REPO (e.g. octo-org/octo-repo)',
  'github-ref': (v) =>
    v.startsWith('refs/') ? undefined : 'must be a full ref (refs/tags/v1.2.3, refs/heads/main)',
  'github-sha': (v) =>
    /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(v)
      ? undefined
      : 'must be the full commit SHA (40 lowercase hex characters)',
  'runner-environment': (v) =>
    v === 'github-hosted' || v === 'self-hosted'
      ? undefined
      : 'must be github-hosted or self-hosted',
};

/**
 * Sigstore-js treats a string identity as an UNANCHORED regular expression, so a policy of
 * "repo/a" would accept "evil/repo/a-fork". We match the WHOLE identity: `^(?:pattern)$`.
 */
function anchored(pattern: string, name: (input: string) => string): RegExp {
  try {
    // The pattern alone first, so that the error is about what the user wrote.
    new RegExp(pattern, 'u');
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (err) {
    // "Invalid regular expression: /(a/u: Unterminated group" -> "Unterminated group"
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
    throw new ActionError(
      'INPUT_INVALID',
      `${name('cert-identity-regexp')} is not a valid regular expression (${reason} in ${JSON.stringify(pattern)}); fix the pattern: it is a JavaScript regular expression in Unicode mode (where an escape like \\- outside [...] is an error), and it must match the whole identity.`,
    );
  }
}

/** A requirement the certificate does not meet, in words a user can act on. */
export interface PolicyMismatch {
  readonly claim: string;
  readonly expected: string;
  readonly found?: string;
  readonly message: string;
}

export function checkPolicy(policy: IdentityPolicy, claims: CertificateClaims): PolicyMismatch[] {
  const mismatches: PolicyMismatch[] = [];
  const found = claims.identity;
  if (policy.identity !== undefined && found !== policy.identity) {
    mismatches.push({
      claim: 'cert-identity',
      expected: policy.identity,
      found,
      message: `signed by ${show(found)}, expected ${policy.identity}`,
    });
  }
  if (
    policy.identityPattern &&
    !(found !== undefined && policy.identityPattern.regexp.test(found))
  ) {
    mismatches.push({
      claim: 'cert-identity-regexp',
      expected: policy.identityPattern.source,
      found,
      message: `signed by ${show(found)}, which does not match cert-identity-regexp ${policy.identityPattern.source} (the whole identity must match)`,
    });
  }
  if (claims.issuer !== policy.issuer) {
    mismatches.push({
      claim: 'cert-oidc-issuer',
      expected: policy.issuer,
      found: claims.issuer,
      message: `issued by ${show(claims.issuer)}, expected cert-oidc-issuer ${policy.issuer}`,
    });
  }
  for (const [input, expected] of Object.entries(policy.claims) as [ClaimInput, string][]) {
    if (!expected) continue;
    const value = claims[CLAIM_INPUTS[input]];
    if (value !== expected) {
      mismatches.push({
        claim: input,
        expected,
        found: value,
        message: `${input} is ${show(value)} in the certificate, expected ${expected}`,
      });
    }
  }
  return mismatches;
}

function show(value: string | undefined): string {
  return value === undefined ? '(absent)' : printable(value);
}
