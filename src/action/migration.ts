/**
 * Moving from sigstore/gh-action-sigstore-python without silent surprises. Its input names that
 * mean the same thing here are read as this action's own (aliases); those that mean nothing
 * here are refused, naming what to do instead (see known-inputs.ts). Read from its action.yml and
 * action.py at every release tag, v0.0.1 to v3.5.0 (sigstore/gh-action-sigstore-python, commit
 * 0f4cc4226f42a4405c63939a3909bac535d1f323).
 */
import { ActionError } from '../errors.js';
import { SIGSTORE_AUDIENCE } from '../sigstore/identity.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';
import type { GetInput } from './inputs.js';

/** gh-action-sigstore-python's name -> this action's input of the same meaning. */
export const ALIASES: Readonly<
  Record<string, { readonly ours: string; readonly default: string }>
> = {
  // action.py: `sigstore verify identity --cert-identity` on each new bundle.
  'verify-cert-identity': { ours: 'cert-identity', default: '' },
  // action.py: `sigstore verify identity --cert-oidc-issuer` on each new bundle.
  'verify-oidc-issuer': { ours: 'cert-oidc-issuer', default: GITHUB_ACTIONS_ISSUER },
  // action.py passes it as `sigstore sign --oidc-client-id`, which sigstore-python uses as the
  // audience of the ambient token it asks for and of the token it is given
  // (sigstore-python 27db13db, sigstore/_cli.py _get_identity; sigstore/oidc.py IdentityToken).
  'oidc-client-id': { ours: 'oidc-audience', default: SIGSTORE_AUDIENCE },
};

const SINGLE_FILES =
  'this action writes one Sigstore bundle per file (<file>.sigstore.json, beside it or in bundle-directory) that holds the signature and the certificate; sigstore-python, cosign and this action verify the bundle';
const CUSTOM_INSTANCE =
  'a custom Sigstore instance is given by signing-config (its Fulcio, Rekor and TSA URLs, a v0.2 signing config) with trusted-root (its keys and certificates), or by tuf-mirror with tuf-root (its TUF repository)';

/**
 * gh-action-sigstore-python's inputs with no input of the same meaning here (`bundle` is one
 * here, of verify mode: see the sign-mode refusal in inputs.ts): what to do instead, to follow
 * "unknown input `NAME`: ".
 */
export const REPLACED_INPUTS: Readonly<Record<string, string>> = {
  signature: `${SINGLE_FILES}; remove it`,
  certificate: `${SINGLE_FILES}; remove it`,
  'output-signature': `${SINGLE_FILES}; remove it`,
  'output-certificate': `${SINGLE_FILES}; remove it`,
  'no-default-files': `${SINGLE_FILES}, and no .sig or .crt files; remove it`,
  'bundle-only':
    'this action uploads and attaches only the bundles (the workflow artifact holds the signed files too with upload-signed-files: true); remove it',
  'fulcio-url': `${CUSTOM_INSTANCE}; use those and remove it`,
  'rekor-url': `${CUSTOM_INSTANCE}; use those and remove it`,
  ctfe: `${CUSTOM_INSTANCE}; use those and remove it`,
  'rekor-root-pubkey': `${CUSTOM_INSTANCE}; use those and remove it`,
  'oidc-client-secret':
    'this action never runs an interactive OAuth flow: it signs with the job\'s own token ("permissions: id-token: write") or with identity-token; remove it',
  'oidc-issuer':
    "this action never runs an OAuth flow: it signs with the job's own token or with identity-token. To require the issuer of each new bundle's certificate, use verify-oidc-issuer (or cert-oidc-issuer); remove it",
  'verify-cert-email':
    "use cert-identity: an email identity is the certificate's subject alternative name (e.g. cert-identity: someone@example.com)",
  'internal-be-careful-debug':
    'this action writes its details to the debug log: re-run the job with debug logging (or set the ACTIONS_STEP_DEBUG variable to true); remove it',
};

/**
 * Reads this action's inputs through gh-action-sigstore-python's names: `get('cert-identity')`
 * is verify-cert-identity's value when only that was given. Both names with different values
 * are refused: neither can silently win.
 */
export class AliasedInputs {
  constructor(private readonly getInput: GetInput) {}

  /** The value of `name` (one of ours), from its alias when that was given. */
  get(name: string): string {
    const alias = this.aliasOf(name);
    if (!alias) return this.getInput(name);
    const theirs = this.getInput(alias).trim();
    const ours = this.getInput(name).trim();
    if (theirs && this.oursGiven(name) && theirs !== ours) {
      throw new ActionError(
        'INPUT_CONFLICT',
        `${alias} (gh-action-sigstore-python's name for ${name}) and ${name} are both set, to different values; keep ${name} and remove ${alias}.`,
      );
    }
    return theirs || ours;
  }

  /** How the user spelled `name`: its alias when only that was given. */
  nameOf(name: string): string {
    const alias = this.aliasOf(name);
    return alias && this.getInput(alias).trim() ? alias : name;
  }

  /** True when the user gave `name` or its alias, not just action.yml's default. */
  given(name: string): boolean {
    const alias = this.aliasOf(name);
    return this.oursGiven(name) || (alias !== undefined && this.getInput(alias).trim() !== '');
  }

  private oursGiven(name: string): boolean {
    const value = this.getInput(name).trim();
    const alias = this.aliasOf(name);
    return value !== '' && value !== (alias ? ALIASES[alias].default : '');
  }

  private aliasOf(name: string): string | undefined {
    return Object.keys(ALIASES).find((alias) => ALIASES[alias].ours === name);
  }
}

/** The release event, as the runner describes it (GITHUB_EVENT_NAME and the payload's action). */
export interface ReleaseEvent {
  readonly eventName?: string;
  readonly eventAction?: string;
}

/**
 * release-signing-artifacts when the workflow does not set it. gh-action-sigstore-python
 * defaults it to true, and attaches on `release` events whose action is `published` only
 * (action.yml: `if: inputs.release-signing-artifacts == 'true' && github.event_name == 'release'
 * && github.event.action == 'published'`); so does this action. `skipped` says why a release
 * event attaches nothing.
 */
export function defaultReleaseAttach(event: ReleaseEvent): {
  readonly attach: boolean;
  readonly skipped?: string;
} {
  if (event.eventName !== 'release') return { attach: false };
  if (event.eventAction === 'published') return { attach: true };
  return {
    attach: false,
    skipped: `release-signing-artifacts is not set, and this release event is ${event.eventAction ? `"${event.eventAction}"` : 'of an unknown type'}, not "published": nothing is attached to the release (gh-action-sigstore-python attaches on "published" only). Set release-signing-artifacts: true to attach the bundles.`,
  };
}
