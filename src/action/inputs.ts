import {
  chooseInstance,
  chooseTrust,
  parseBoolean,
  type InstanceInputs,
  type SignConfig,
} from '../config.js';
import { ActionError } from '../errors.js';
import { parseInputPatterns } from '../plan/patterns.js';
import { buildPolicy, CLAIM_INPUTS, type ClaimInput } from '../verify/policy.js';
import type { VerifyConfig } from '../verify/run.js';

/** Reads one input by its action.yml name; '' when unset (as @actions/core's getInput). */
export type GetInput = (name: string) => string;

export type ActionConfig =
  | { readonly mode: 'sign'; readonly sign: SignConfig }
  | { readonly mode: 'verify'; readonly verify: VerifyConfig };

const INSTANCE_INPUTS: Record<keyof InstanceInputs, string> = {
  staging: 'staging',
  signingConfig: 'signing-config',
  trustedRoot: 'trusted-root',
  tufMirror: 'tuf-mirror',
  tufRoot: 'tuf-root',
};

/** Inputs that only mean something in one mode: given in the other, they are a mistake. */
const SIGN_ONLY = ['identity-token', 'overwrite', 'signing-config'];
const VERIFY_ONLY = ['bundle', 'cert-identity-regexp', ...Object.keys(CLAIM_INPUTS)];

/** The action's inputs as a typed configuration; every error names the input. */
export function readActionInputs(getInput: GetInput): ActionConfig {
  const optional = (name: string): string | undefined => getInput(name).trim() || undefined;
  const mode = (optional('mode') ?? 'sign').toLowerCase();
  if (mode !== 'sign' && mode !== 'verify') {
    throw new ActionError(
      'INPUT_INVALID',
      `mode must be sign or verify, not ${JSON.stringify(mode)}.`,
    );
  }
  const misplaced = (mode === 'sign' ? VERIFY_ONLY : SIGN_ONLY).filter(
    // overwrite has a default ('false'): only a true value is a real request.
    (name) => optional(name) !== undefined && !(name === 'overwrite' && optional(name) === 'false'),
  );
  if (misplaced.length > 0) {
    throw new ActionError(
      'INPUT_INVALID',
      `${misplaced.join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} only used in ${mode === 'sign' ? 'verify' : 'sign'} mode; remove ${misplaced.length === 1 ? 'it' : 'them'}, or set mode: ${mode === 'sign' ? 'verify' : 'sign'}.`,
    );
  }
  const patterns = parseInputPatterns(getInput('inputs'));
  const instanceInputs: InstanceInputs = {
    staging: parseBoolean('staging', getInput('staging'), false),
    signingConfig: optional('signing-config'),
    trustedRoot: optional('trusted-root'),
    tufMirror: optional('tuf-mirror'),
    tufRoot: optional('tuf-root'),
  };
  const inputName = (option: keyof InstanceInputs): string => INSTANCE_INPUTS[option];

  if (mode === 'sign') {
    return {
      mode,
      sign: {
        patterns,
        identityToken: optional('identity-token'),
        instance: chooseInstance(instanceInputs, inputName),
        overwrite: parseBoolean('overwrite', getInput('overwrite'), false),
        bundleDirectory: optional('bundle-directory'),
        verify: parseBoolean('verify', getInput('verify'), true),
        expectedIdentity: optional('cert-identity'),
      },
    };
  }
  const claims: Partial<Record<ClaimInput, string>> = {};
  for (const input of Object.keys(CLAIM_INPUTS) as ClaimInput[]) {
    const value = optional(input);
    if (value) claims[input] = value;
  }
  return {
    mode,
    verify: {
      patterns,
      bundlePath: optional('bundle'),
      bundleDirectory: optional('bundle-directory'),
      policy: buildPolicy(
        {
          certIdentity: optional('cert-identity'),
          certIdentityRegexp: optional('cert-identity-regexp'),
          certOidcIssuer: optional('cert-oidc-issuer'),
          claims,
        },
        (input) => input,
      ),
      trust: chooseTrust(instanceInputs, inputName),
    },
  };
}
