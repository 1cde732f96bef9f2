import {
  chooseInstance,
  chooseTrust,
  DEFAULT_TIMEOUT_MINUTES,
  parseAudience,
  parseBoolean,
  parseMinutes,
  parseRekorVersion,
  type InstanceInputs,
  type SignConfig,
} from '../config.js';
import { parseAttestationInputs } from '../attest/predicate.js';
import { checkPredicateType } from '../attest/statement.js';
import { ActionError } from '../errors.js';
import { parseInputPatterns } from '../plan/patterns.js';
import { SIGSTORE_AUDIENCE } from '../sigstore/identity.js';
import { checkArtifactName } from '../publish/artifact-name.js';
import {
  buildPolicy,
  CLAIM_INPUTS,
  GITHUB_ACTIONS_ISSUER,
  type ClaimInput,
} from '../verify/policy.js';
import { AliasedInputs, defaultReleaseAttach } from './migration.js';
import type { PublishConfig } from '../publish/run.js';
import type { VerifyReleaseConfig } from '../verify/release.js';
import type { VerifyConfig } from '../verify/run.js';

/** Reads one input by its action.yml name; '' when unset (as @actions/core's getInput). */
export type GetInput = (name: string) => string;

export type ActionConfig =
  | {
      readonly mode: 'sign';
      readonly sign: SignConfig;
      readonly publish: PublishConfig;
      readonly github?: GitHubAccess;
      /** Worth a notice in the log: what the run does not do although one might expect it. */
      readonly notices: readonly string[];
    }
  | { readonly mode: 'verify'; readonly verify: VerifyConfig; readonly github?: undefined }
  | {
      readonly mode: 'verify-release';
      readonly release: VerifyReleaseConfig;
      readonly github: GitHubAccess;
    };

/** What the action needs to call the GitHub API. */
export interface GitHubAccess {
  readonly token: string;
  readonly repository: string;
}

/** The run's context, as the runner describes it (environment and event payload). */
export interface RunContext {
  readonly repository?: string;
  readonly ref?: string;
  /** GITHUB_EVENT_NAME: push, release, ... */
  readonly eventName?: string;
  /** `action` of the event's payload: for a release event, published, created, ... */
  readonly eventAction?: string;
  /** `release.tag_name` of a release event's payload. */
  readonly eventReleaseTag?: string;
  /** A default name for the workflow artifact, unique to this step of this job run. */
  readonly defaultArtifactName: string;
}

const INSTANCE_INPUTS: Record<keyof InstanceInputs, string> = {
  staging: 'staging',
  signingConfig: 'signing-config',
  trustedRoot: 'trusted-root',
  tufMirror: 'tuf-mirror',
  tufRoot: 'tuf-root',
};

/** Inputs that only mean something in one mode: given in the other, they are a mistake. */
const SIGN_ONLY = [
  'identity-token',
  'overwrite',
  'signing-config',
  'upload-signing-artifacts',
  'upload-signing-artifacts-name',
  'upload-signed-files',
  'release-signing-artifacts',
  'release-notes',
  'allow-private-repository',
  'predicate',
  'predicate-path',
  'rekor-version',
  'oidc-audience',
  'oidc-client-id',
];
/** action.yml's defaults of the sign-only inputs that are not switches. */
const SIGN_DEFAULTS: Record<string, string> = { 'oidc-audience': SIGSTORE_AUDIENCE };
const VERIFY_ONLY = [
  'bundle',
  'cert-identity-regexp',
  'repository',
  'download-directory',
  'allow-any-source-repository',
  ...Object.keys(CLAIM_INPUTS),
];

/**
 * gh-action-sigstore-python's `bundle` (one bundle at a path of your choice) in sign mode, where
 * this action's `bundle` means nothing: what to use instead.
 */
const BUNDLE_IN_SIGN_MODE =
  " To choose where sign mode writes the bundles (gh-action-sigstore-python's bundle), set bundle-directory: each bundle is <file name>.sigstore.json there.";

/** The action's inputs as a typed configuration; every error names the input. */
export function readActionInputs(getInput: GetInput, context: RunContext): ActionConfig {
  // gh-action-sigstore-python's names of the same inputs are read as ours (migration.ts).
  const aliased = new AliasedInputs(getInput);
  const optional = (name: string): string | undefined => aliased.get(name).trim() || undefined;
  const mode = (optional('mode') ?? 'sign').toLowerCase();
  if (mode !== 'sign' && mode !== 'verify') {
    throw new ActionError(
      'INPUT_INVALID',
      `mode must be sign or verify, not ${JSON.stringify(mode)}.`,
    );
  }
  const misplaced = (mode === 'sign' ? VERIFY_ONLY : SIGN_ONLY).filter((name) => {
    // Switches default to 'false' in action.yml, oidc-audience to sigstore: only another value
    // is a real request. Read as given (not through an alias): each name is reported as written.
    const value = getInput(name).trim();
    return value !== '' && value !== 'false' && value !== SIGN_DEFAULTS[name];
  });
  if (misplaced.length > 0) {
    throw new ActionError(
      'INPUT_INVALID',
      `${misplaced.join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} only used in ${mode === 'sign' ? 'verify' : 'sign'} mode; remove ${misplaced.length === 1 ? 'it' : 'them'}, or set mode: ${mode === 'sign' ? 'verify' : 'sign'}.` +
        (mode === 'sign' && misplaced.includes('bundle') ? BUNDLE_IN_SIGN_MODE : ''),
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

  const githubToken = optional('github-token');
  const github = (repository: string | undefined): GitHubAccess => {
    if (!githubToken) {
      throw new ActionError(
        'INPUT_INVALID',
        'github-token is empty: leave it unset to use the job token (github.token), or pass a token that can read (verify) or write (sign) releases.',
      );
    }
    if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
      throw new ActionError(
        'INPUT_INVALID',
        `repository must be OWNER/REPO, not ${JSON.stringify(repository ?? '')}.`,
      );
    }
    return { token: githubToken, repository };
  };

  if (mode === 'sign') {
    const upload = parseBoolean(
      'upload-signing-artifacts',
      getInput('upload-signing-artifacts'),
      false,
    );
    // Unset: true on a published release, as gh-action-sigstore-python (migration.ts).
    const releaseDefault = defaultReleaseAttach(context);
    const attach = parseBoolean(
      'release-signing-artifacts',
      getInput('release-signing-artifacts'),
      releaseDefault.attach,
    );
    const notices =
      getInput('release-signing-artifacts').trim() === '' && releaseDefault.skipped
        ? [releaseDefault.skipped]
        : [];
    if (patterns.length === 0 && context.eventName === 'release') {
      throw new ActionError(
        'INPUT_INVALID',
        'inputs is empty: name the files to sign, e.g. `inputs: dist/*`. (On release events, gh-action-sigstore-python signs GitHub\'s source archives when inputs is empty; this action signs only the files you name: to sign the archives, download them first, e.g. `gh release download "$TAG" --archive=tar.gz`, and name them.)',
      );
    }
    const verify = parseBoolean('verify', getInput('verify'), true);
    const expectedIdentity = optional('cert-identity');
    const expectedIssuer = aliased.given('cert-oidc-issuer')
      ? checkIssuer(optional('cert-oidc-issuer') ?? '', aliased.nameOf('cert-oidc-issuer'))
      : undefined;
    const expectationNames = {
      identity: aliased.nameOf('cert-identity'),
      issuer: aliased.nameOf('cert-oidc-issuer'),
    };
    const unchecked = [
      expectedIdentity && expectationNames.identity,
      expectedIssuer && expectationNames.issuer,
    ].filter((name): name is string => Boolean(name));
    if (!verify && unchecked.length > 0) {
      // gh-action-sigstore-python refuses the same ("verify-cert-identity cannot be specified
      // without verify: true", action.py).
      throw new ActionError(
        'INPUT_CONFLICT',
        `${unchecked.join(' and ')} ${unchecked.length === 1 ? 'is' : 'are'} checked by the verification of each new bundle, which verify: false turns off; remove verify: false (verify defaults to true), or remove ${unchecked.length === 1 ? 'it' : 'them'}.`,
      );
    }
    const notes = parseBoolean('release-notes', getInput('release-notes'), false);
    if (notes && !attach) {
      throw new ActionError(
        'INPUT_INVALID',
        'release-notes tells users how to verify the bundles attached to the release: set release-signing-artifacts: true too.',
      );
    }
    const overwrite = parseBoolean('overwrite', getInput('overwrite'), false);
    const includeFiles = parseBoolean(
      'upload-signed-files',
      getInput('upload-signed-files'),
      false,
    );
    return {
      mode,
      notices,
      publish: {
        artifact: upload
          ? {
              name: checkArtifactName(
                optional('upload-signing-artifacts-name') ?? context.defaultArtifactName,
                'upload-signing-artifacts-name',
              ),
              includeFiles,
            }
          : undefined,
        release: attach ? { tag: releaseTag(optional('release-tag'), context), notes } : undefined,
        overwrite,
      },
      github: attach ? github(context.repository) : undefined,
      sign: {
        patterns,
        identityToken: optional('identity-token'),
        instance: chooseInstance(instanceInputs, inputName),
        overwrite,
        bundleDirectory: optional('bundle-directory'),
        verify,
        expectedIdentity,
        expectedIssuer,
        expectationNames,
        allowPrivateRepository: parseBoolean(
          'allow-private-repository',
          getInput('allow-private-repository'),
          false,
        ),
        timeoutMinutes: parseMinutes(
          'timeout-minutes',
          getInput('timeout-minutes'),
          DEFAULT_TIMEOUT_MINUTES,
        ),
        rekorVersion: parseRekorVersion('rekor-version', getInput('rekor-version')),
        oidcAudience: parseAudience(aliased.nameOf('oidc-audience'), aliased.get('oidc-audience')),
        attestation: parseAttestationInputs(
          {
            predicateType: optional('predicate-type'),
            // Not trimmed away: an inline predicate of only spaces is still a (bad) predicate.
            predicate: getInput('predicate').trim() ? getInput('predicate') : undefined,
            predicatePath: optional('predicate-path'),
          },
          (name) => name,
        ),
      },
    };
  }
  const claims: Partial<Record<ClaimInput, string>> = {};
  for (const input of Object.keys(CLAIM_INPUTS) as ClaimInput[]) {
    const value = optional(input);
    if (value) claims[input] = value;
  }
  const policy = buildPolicy(
    {
      certIdentity: optional('cert-identity'),
      certIdentityRegexp: optional('cert-identity-regexp'),
      certOidcIssuer: optional('cert-oidc-issuer'),
      claims,
      allowAnySourceRepository: parseBoolean(
        'allow-any-source-repository',
        getInput('allow-any-source-repository'),
        false,
      ),
    },
    (input) => aliased.nameOf(input),
  );
  const trust = chooseTrust(instanceInputs, inputName);
  const predicateTypeInput = optional('predicate-type');
  const predicateType =
    predicateTypeInput === undefined
      ? undefined
      : checkPredicateType(predicateTypeInput, 'predicate-type');
  const tag = optional('release-tag');
  if (tag) {
    return {
      mode: 'verify-release',
      release: {
        tag,
        policy,
        trust,
        predicateType,
        patterns,
        downloadDirectory: optional('download-directory'),
      },
      github: github(optional('repository') ?? context.repository),
    };
  }
  if (optional('download-directory')) {
    throw new ActionError(
      'INPUT_INVALID',
      'download-directory keeps the verified assets of a release: set release-tag too, or remove download-directory (the files of inputs are already in the workspace).',
    );
  }
  if (optional('repository')) {
    throw new ActionError(
      'INPUT_INVALID',
      'repository is used with release-tag (to verify a release of that repository); set release-tag too, or remove repository.',
    );
  }
  if (patterns.length === 0) {
    throw new ActionError(
      'INPUT_INVALID',
      'inputs is empty: name the files to verify (e.g. `inputs: dist/*`), or set release-tag to verify the assets of a release.',
    );
  }
  return {
    mode,
    verify: {
      patterns,
      bundlePath: optional('bundle'),
      bundleDirectory: optional('bundle-directory'),
      policy,
      trust,
      predicateType,
    },
  };
}

/**
 * An issuer to require of new bundles: a URL, as the certificate records it (the same rule as
 * verify mode's, policy.ts).
 */
function checkIssuer(value: string, name: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(value)) {
    throw new ActionError(
      'INPUT_INVALID',
      `${name} must be the issuer's URL as the certificate records it (GitHub Actions: ${GITHUB_ACTIONS_ISSUER}), not ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * The release to attach to: release-tag, else the tag of a release event, else the tag this
 * run was started for (a tag push, or workflow_dispatch on a tag).
 */
function releaseTag(input: string | undefined, context: RunContext): string {
  const tag = input ?? context.eventReleaseTag ?? /^refs\/tags\/(.+)$/.exec(context.ref ?? '')?.[1];
  if (!tag) {
    throw new ActionError(
      'INPUT_INVALID',
      `release-signing-artifacts needs a release: this run is for ${context.ref || 'no ref'}, not a tag. Set release-tag (e.g. release-tag: v1.2.3), or run on a tag push or a release event.`,
    );
  }
  return tag;
}
