import type { InstanceChoice, TrustChoice } from '../sigstore/instance-choice.js';
import type { ActionConfig } from './inputs.js';

/** One line saying what this step is about to do: the step's first log line. */
export function describeConfig(config: ActionConfig): string {
  switch (config.mode) {
    case 'sign': {
      const patterns = config.sign.patterns.map((p) => p.source).join(' ');
      const extras = [
        config.publish.artifact && `upload as the artifact ${config.publish.artifact.name}`,
        config.publish.release && `attach to the release ${config.publish.release.tag}`,
      ].filter(Boolean);
      return `sigstore-action: sign ${patterns} with ${instanceName(config.sign.instance)}${extras.length ? `, then ${extras.join(' and ')}` : ''}`;
    }
    case 'verify':
      return `sigstore-action: verify ${config.verify.patterns.map((p) => p.source).join(' ')} against ${trustName(config.verify.trust)}`;
    case 'verify-release':
      return `sigstore-action: verify the release ${config.release.tag} of ${config.github.repository} against ${trustName(config.release.trust)}`;
  }
}

function instanceName(choice: InstanceChoice): string {
  switch (choice.kind) {
    case 'public-good':
      return 'Sigstore public-good';
    case 'staging':
      return 'Sigstore staging';
    case 'tuf':
      return `the Sigstore instance of ${choice.mirrorURL}`;
    case 'files':
      return `the Sigstore instance of ${choice.signingConfigPath}`;
  }
}

function trustName(choice: TrustChoice): string {
  return choice.kind === 'file'
    ? `the trusted root ${choice.trustedRootPath}`
    : `the trusted root of ${choice.kind === 'tuf' ? choice.mirrorURL : instanceName(choice)}`;
}
