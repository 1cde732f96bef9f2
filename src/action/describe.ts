import type { InstanceChoice, TrustChoice } from '../sigstore/instance-choice.js';
import { printableName } from '../report/log-text.js';
import type { ActionConfig } from './inputs.js';

/**
 * One line saying what this step is about to do: the step's first log line. Inputs can carry
 * untrusted text (a tag from the release event, a pattern built from an expression), so every
 * value is shown printable.
 */
export function describeConfig(config: ActionConfig): string {
  switch (config.mode) {
    case 'sign': {
      const patterns = config.sign.patterns.map((p) => printableName(p.source)).join(' ');
      const extras = [
        config.publish.artifact &&
          `upload as the artifact ${printableName(config.publish.artifact.name)}`,
        config.publish.release &&
          `attach to the release ${printableName(config.publish.release.tag)}`,
      ].filter(Boolean);
      return `sigstore-action: sign ${patterns} with ${instanceName(config.sign.instance)}${extras.length ? `, then ${extras.join(' and ')}` : ''}`;
    }
    case 'verify':
      return `sigstore-action: verify ${config.verify.patterns.map((p) => printableName(p.source)).join(' ')} against ${trustName(config.verify.trust)}`;
    case 'verify-release':
      return `sigstore-action: verify the release ${printableName(config.release.tag)} of ${printableName(config.github.repository)} against ${trustName(config.release.trust)}`;
  }
}

function instanceName(choice: InstanceChoice): string {
  switch (choice.kind) {
    case 'public-good':
      return 'Sigstore public-good';
    case 'staging':
      return 'Sigstore staging';
    case 'tuf':
      return `the Sigstore instance of ${printableName(choice.mirrorURL)}`;
    case 'files':
      return `the Sigstore instance of ${printableName(choice.signingConfigPath)}`;
  }
}

function trustName(choice: TrustChoice): string {
  return choice.kind === 'file'
    ? `the trusted root ${printableName(choice.trustedRootPath)}`
    : `the trusted root of ${choice.kind === 'tuf' ? printableName(choice.mirrorURL) : instanceName(choice)}`;
}
