import { ActionError, printable } from '../errors.js';
import type { CertificateClaims } from '../sigstore/claims.js';
import {
  identityRepository,
  patternRepository,
  type SourceRepositoryRule,
} from './source-repository.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * The GitHub workflow claims a verifier can require, by their input names. They follow cosign's
 * `--certificate-github-workflow-*` and sigstore-python's `verify github` options, with one
 * addition: `github-workflow-file`, the workflow FILE the run started from (the Build Config
 * URI's path). Not named after `gh attestation verify --signer-workflow`, which matches the SAN
 * (for a reusable workflow, the called file; that is cert-identity here): this is the caller's
 * file, the one whose free-form `name:` github-workflow-name matches.
 */
export const CLAIM_INPUTS = {
  'github-repository': 'repository',
  'github-ref': 'ref',
  'github-sha': 'sha',
  'github-trigger': 'trigger',
  'github-workflow-name': 'workflowName',
  'github-workflow-file': 'workflowFile',
  'runner-environment': 'runnerEnvironment',
} as const satisfies Record<string, keyof CertificateClaims>;

export type ClaimInput = keyof typeof CLAIM_INPUTS;

/** The claims compared as they are; the repository has a rule of its own (sourceRepository). */
export type ExactClaimInput = Exclude<ClaimInput, 'github-repository'>;

/** Who must have signed. */
export interface IdentityPolicy {
  /** Exactly this certificate identity (SAN). */
  readonly identity?: string;
  /** Or an identity matching this pattern, anchored at both ends. */
  readonly identityPattern?: { readonly source: string; readonly regexp: RegExp };
  readonly issuer: string;
  readonly claims: Partial<Record<ExactClaimInput, string>>;
  /**
   * The repository the signing run must belong to (the certificate's Source Repository URI):
   * github-repository, else, for a GitHub Actions identity, the identity's own repository.
   */
  readonly sourceRepository?: SourceRepositoryRule;
  /** allow-any-source-repository: the user accepts a GitHub identity's run in any repository. */
  readonly anySourceRepository?: boolean;
}

export interface PolicyInputs {
  readonly certIdentity?: string;
  readonly certIdentityRegexp?: string;
  readonly certOidcIssuer?: string;
  readonly claims: Partial<Record<ClaimInput, string>>;
  /** allow-any-source-repository: true. */
  readonly allowAnySourceRepository?: boolean;
  /**
   * false: the identity and the issuer only, never the source repository unless
   * github-repository is given (sigstore-conformance's verify-bundle protocol).
   */
  readonly pinSourceRepository?: boolean;
}

/**
 * Builds the policy, refusing one that would accept anybody: without an identity or at least a
 * repository, "verified" would only mean "someone, somewhere, signed this". A GitHub Actions
 * identity is pinned to its repository (see source-repository.ts for why).
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
  const identityPattern = inputs.certIdentityRegexp
    ? { source: inputs.certIdentityRegexp, regexp: anchored(inputs.certIdentityRegexp, name) }
    : undefined;
  const issuer = inputs.certOidcIssuer || GITHUB_ACTIONS_ISSUER;
  const { 'github-repository': repository, ...claims } = inputs.claims;
  return {
    identity: inputs.certIdentity,
    identityPattern,
    issuer,
    claims,
    ...sourceRepositoryRule(inputs, issuer, repository, name),
  };
}

/** The source repository part of the policy, or the reason the policy leaves it open. */
function sourceRepositoryRule(
  inputs: PolicyInputs,
  issuer: string,
  repository: string | undefined,
  name: (input: string) => string,
): Pick<IdentityPolicy, 'sourceRepository' | 'anySourceRepository'> {
  const github = issuer === GITHUB_ACTIONS_ISSUER;
  if (inputs.allowAnySourceRepository) {
    if (repository) {
      throw new ActionError(
        'INPUT_CONFLICT',
        `${name('allow-any-source-repository')} and ${name('github-repository')} cannot be used together: github-repository says which repository's runs may sign; remove one of them.`,
      );
    }
    if (!github) {
      throw new ActionError(
        'INPUT_INVALID',
        `${name('allow-any-source-repository')} is about GitHub Actions identities (${name('cert-oidc-issuer')} ${GITHUB_ACTIONS_ISSUER}); this policy's issuer is ${issuer}, whose certificates name no source repository. Remove it.`,
      );
    }
    return { anySourceRepository: true };
  }
  if (repository) return { sourceRepository: { repository, origin: 'github-repository' } };
  if (!github || inputs.pinSourceRepository === false) return {};
  if (inputs.certIdentity) {
    const own = identityRepository(inputs.certIdentity);
    // An identity that is not a github.com workflow URL never matches a GitHub certificate.
    return own ? { sourceRepository: { repository: own, origin: 'cert-identity' } } : {};
  }
  const pattern = inputs.certIdentityRegexp;
  if (pattern === undefined) return {};
  const fixed = patternRepository(pattern);
  if (!fixed) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name('cert-identity-regexp')} ${JSON.stringify(pattern)} does not fix one repository, so a workflow it matches would pass when any other repository calls it (a public reusable workflow signs as itself for its callers). ` +
        `Pin the repository: start the pattern with https://github\\.com/OWNER/REPO/ (written out, dots as \\.), or set ${name('github-repository')} to the repository whose runs may sign, ` +
        `or turn on ${name('allow-any-source-repository')} to accept runs of any repository. Nothing was verified.`,
    );
  }
  return { sourceRepository: { repository: fixed, origin: 'cert-identity-regexp' } };
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
  'github-workflow-file': (v) =>
    /^\.github\/workflows\/[^/@\s]+\.ya?ml$/.test(v)
      ? undefined
      : "must be the workflow file's path in its repository (.github/workflows/release.yml)",
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
  const rule = policy.sourceRepository;
  if (rule && claims.repository !== rule.repository) {
    mismatches.push({
      claim: rule.origin === 'github-repository' ? 'github-repository' : 'source-repository',
      expected: rule.repository,
      found: claims.repository,
      message: sourceRepositoryMismatch(rule, claims.repository),
    });
  }
  for (const [input, expected] of Object.entries(policy.claims) as [ExactClaimInput, string][]) {
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

/** "signed in evil-org/evil-repo, expected octo-org/octo-repo (...)", with what to do. */
function sourceRepositoryMismatch(rule: SourceRepositoryRule, found: string | undefined): string {
  const signedIn =
    found === undefined ? 'the certificate names no source repository' : `signed in ${show(found)}`;
  if (rule.origin === 'github-repository' || found === undefined) {
    return `${signedIn}, expected ${rule.repository} (${rule.origin})`;
  }
  return (
    `${signedIn}, expected ${rule.repository}, the repository of ${rule.origin}: ` +
    'its workflow ran for another repository, as a reusable workflow does for its callers; ' +
    'to accept a caller, set github-repository to that repository'
  );
}

function show(value: string | undefined): string {
  return value === undefined ? '(absent)' : printable(value);
}
