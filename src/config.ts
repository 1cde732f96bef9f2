import { ActionError } from './errors.js';
import type { AttestationRequest } from './attest/predicate.js';
import type { InputPattern } from './plan/patterns.js';
import {
  PUBLIC_GOOD_TUF_URL,
  type InstanceChoice,
  type TrustChoice,
} from './sigstore/instance-choice.js';
import type { RekorVersionChoice } from './sigstore/services.js';

/** Everything a signing run needs to know, whoever asked for it (the action or the CLI). */
export interface SignConfig {
  readonly patterns: readonly InputPattern[];
  /** An explicit OIDC token; the job's ambient token when absent. */
  readonly identityToken?: string;
  readonly instance: InstanceChoice;
  readonly overwrite: boolean;
  readonly bundleDirectory?: string;
  /** Verify each new bundle before it is written. */
  readonly verify: boolean;
  /** The identity the new bundles must carry; the certificate's own when absent. */
  readonly expectedIdentity?: string;
  /** The OIDC issuer the new bundles' certificates must carry; the token's own when absent. */
  readonly expectedIssuer?: string;
  /** How the user named those two (an input or a flag), for messages. Default: cert-identity... */
  readonly expectationNames?: { readonly identity: string; readonly issuer: string };
  /** Sign into a public log although the token says the repository is not public. */
  readonly allowPrivateRepository: boolean;
  /** The deadline of the run's network work (certificate, log entries, publishing). */
  readonly timeoutMinutes: number;
  /** Attest the files (in-toto statements of this predicate) instead of signing them. */
  readonly attestation?: AttestationRequest;
  /** `rekor-version`: log only to Rekor logs of this major version. */
  readonly rekorVersion?: RekorVersionChoice;
  /** The audience of the identity token (`oidc-audience`); `sigstore` when absent. */
  readonly oidcAudience?: string;
}

export const DEFAULT_TIMEOUT_MINUTES = 15;

/** A positive number of minutes (fractions allowed: 0.5 is 30 s). */
export function parseMinutes(name: string, value: string, defaultValue: number): number {
  const v = value.trim();
  if (v === '') return defaultValue;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0) || n > 24 * 60) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name} must be a number of minutes greater than 0 and at most 1440 (e.g. 15 or 0.5), not ${JSON.stringify(v)}.`,
    );
  }
  return n;
}

/**
 * `rekor-version`, as gh-action-sigstore-python has it (action.yml: "Valid values are [1, 2]"):
 * empty means the instance's default signing config with normal selection.
 */
export function parseRekorVersion(name: string, value: string): RekorVersionChoice | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (v === '1' || v === '2') return { majorApiVersion: v === '1' ? 1 : 2, input: name };
  throw new ActionError(
    'INPUT_INVALID',
    `${name} must be 1 or 2 (the Rekor major version to log to), not ${JSON.stringify(v)}; leave it unset for the instance's default log.`,
  );
}

/**
 * `oidc-audience`: the OIDC client id the instance's Fulcio accepts, one word (no spaces or
 * control characters); undefined (meaning `sigstore`) when empty.
 */
export function parseAudience(name: string, value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (!/^[\x21-\x7e]{1,256}$/.test(v)) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name} must be the OIDC client id your Sigstore instance's Fulcio accepts (one word, no spaces), not ${JSON.stringify(v)}; leave it unset for sigstore.`,
    );
  }
  return v;
}

/** The instance-selecting options, as strings from inputs or flags. */
export interface InstanceInputs {
  readonly staging: boolean;
  readonly signingConfig?: string;
  readonly trustedRoot?: string;
  readonly tufMirror?: string;
  readonly tufRoot?: string;
}

/**
 * Turns the instance options into one choice, refusing combinations that would leave the user
 * guessing which instance was used. `name` maps an option to how the user spells it
 * (`signing-config` as an input, `--signing-config` as a flag).
 */
export function chooseInstance(
  inputs: InstanceInputs,
  name: (option: keyof InstanceInputs) => string,
): InstanceChoice {
  const given = (Object.keys(inputs) as (keyof InstanceInputs)[]).filter((k) => Boolean(inputs[k]));
  const conflict = (a: keyof InstanceInputs, b: keyof InstanceInputs, why: string): void => {
    if (given.includes(a) && given.includes(b)) {
      throw new ActionError(
        'INPUT_CONFLICT',
        `${name(a)} and ${name(b)} cannot be used together: ${why}`,
      );
    }
  };
  conflict(
    'staging',
    'signingConfig',
    'staging selects the Sigstore staging instance, signing-config a custom one. Keep one.',
  );
  conflict('staging', 'trustedRoot', 'staging brings its own trusted root. Remove one.');
  conflict('staging', 'tufMirror', 'staging has its own TUF repository. Remove one.');
  conflict(
    'tufMirror',
    'signingConfig',
    'the TUF repository provides the signing config. Keep one.',
  );
  conflict('tufMirror', 'trustedRoot', 'the TUF repository provides the trusted root. Keep one.');

  if (inputs.staging) return { kind: 'staging' };
  if (inputs.tufMirror) {
    if (!inputs.tufRoot) {
      if (inputs.tufMirror.replace(/\/+$/, '') === PUBLIC_GOOD_TUF_URL)
        return { kind: 'public-good' };
      throw new ActionError(
        'INPUT_INVALID',
        `${name('tufMirror')} needs ${name('tufRoot')}: the initial root.json that TUF trusts for this repository.`,
      );
    }
    return {
      kind: 'tuf',
      mirrorURL: inputs.tufMirror.replace(/\/+$/, ''),
      rootPath: inputs.tufRoot,
    };
  }
  if (inputs.tufRoot) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name('tufRoot')} is only used with ${name('tufMirror')}; set ${name('tufMirror')} too, or remove ${name('tufRoot')}.`,
    );
  }
  if (inputs.signingConfig) {
    return {
      kind: 'files',
      signingConfigPath: inputs.signingConfig,
      trustedRootPath: inputs.trustedRoot,
    };
  }
  if (inputs.trustedRoot) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name('trustedRoot')} needs ${name('signingConfig')} when signing: the signing config says which Fulcio, Rekor and TSA to use.`,
    );
  }
  return { kind: 'public-good' };
}

/** YAML 1.2 core-schema booleans, the same set @actions/core accepts, with a clearer error. */
export function parseBoolean(name: string, value: string, defaultValue: boolean): boolean {
  const v = value.trim();
  if (v === '') return defaultValue;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new ActionError(
    'INPUT_INVALID',
    `${name} must be true or false, not ${JSON.stringify(v)}.`,
  );
}

/**
 * The trusted root a verifier uses: public-good (TUF) by default, staging, a private
 * instance's TUF repository, or a trusted-root file (then nothing is fetched).
 */
export function chooseTrust(
  inputs: InstanceInputs,
  name: (option: keyof InstanceInputs) => string,
): TrustChoice {
  if (inputs.signingConfig) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name('signingConfig')} is only used when signing; to verify against a custom instance, pass its ${name('trustedRoot')}.`,
    );
  }
  const chosen = (['staging', 'trustedRoot', 'tufMirror'] as const).filter((k) =>
    Boolean(inputs[k]),
  );
  if (chosen.length > 1) {
    throw new ActionError(
      'INPUT_CONFLICT',
      `${chosen.map(name).join(' and ')} cannot be used together: each selects the trusted root. Keep one.`,
    );
  }
  if (inputs.trustedRoot) return { kind: 'file', trustedRootPath: inputs.trustedRoot };
  const instance = chooseInstance(inputs, name);
  if (instance.kind === 'files') throw new Error('unreachable: no signing config here');
  return instance;
}
