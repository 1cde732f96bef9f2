import { chooseInstance, parseBoolean, type InstanceInputs, type SignConfig } from '../config.js';
import { parseInputPatterns } from '../plan/patterns.js';

/** Reads one input by its action.yml name; '' when unset (as @actions/core's getInput). */
export type GetInput = (name: string) => string;

const INPUT_NAMES: Record<keyof InstanceInputs, string> = {
  staging: 'staging',
  signingConfig: 'signing-config',
  trustedRoot: 'trusted-root',
  tufMirror: 'tuf-mirror',
  tufRoot: 'tuf-root',
};

/** The action's inputs as a typed sign configuration; every error names the input. */
export function readSignInputs(getInput: GetInput): SignConfig {
  const optional = (name: string): string | undefined => getInput(name).trim() || undefined;
  return {
    patterns: parseInputPatterns(getInput('inputs')),
    identityToken: optional('identity-token'),
    instance: chooseInstance(
      {
        staging: parseBoolean('staging', getInput('staging'), false),
        signingConfig: optional('signing-config'),
        trustedRoot: optional('trusted-root'),
        tufMirror: optional('tuf-mirror'),
        tufRoot: optional('tuf-root'),
      },
      (option) => INPUT_NAMES[option],
    ),
    overwrite: parseBoolean('overwrite', getInput('overwrite'), false),
    bundleDirectory: optional('bundle-directory'),
  };
}
