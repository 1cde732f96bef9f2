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
 * Sigstore-js treats a string identity as an UNANCHORED regular expression, so a policy of
 * "repo/a" would accept "evil/repo/a-fork". We match the WHOLE identity: `^(?:pattern)$`.
 */
function anchored(pattern: string, name: (input: string) => string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (err) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name('cert-identity-regexp')} is not a valid regular expression: ${(err as Error).message}.`,
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
