import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  chooseInstance,
  chooseTrust,
  DEFAULT_TIMEOUT_MINUTES,
  parseAudience,
  parseMinutes,
  parseRekorVersion,
  type InstanceInputs,
  type SignConfig,
} from '../config.js';
import { parseAttestationInputs } from '../attest/predicate.js';
import { checkPredicateType } from '../attest/statement.js';
import { buildPolicy, CLAIM_INPUTS, type ClaimInput } from '../verify/policy.js';
import type { VerifyConfig } from '../verify/run.js';
import type { InputPattern } from '../plan/patterns.js';
import type { InstanceChoice } from '../sigstore/instance.js';

export const USAGE = `Usage:
  sigstore-action sign [options] FILE|GLOB...
      Sign files; writes FILE.sigstore.json beside each one (FILE.intoto.sigstore.json when
      attesting with --predicate-type).
      --identity-token TOKEN   OIDC token (default: the GitHub Actions job's own token)
      --staging                use the Sigstore staging instance
      --signing-config FILE    signing config of a custom instance (with --trusted-root)
      --trusted-root FILE      trusted root of that instance
      --tuf-mirror URL         TUF repository of a private instance (with --tuf-root FILE)
      --rekor-version 1|2      log to Rekor logs of this major version only (2: the instance's
                               opt-in Rekor v2 signing config, when its TUF repository has one)
      --bundle-directory DIR   write bundles to DIR instead of beside each file
      --overwrite              replace existing bundles
      --cert-identity ID       each new bundle must verify with this identity
      --no-verify              do not verify new bundles before writing them
      --allow-private-repository
                               sign with a public instance although the token's repository
                               is private, or does not say (its name then appears in the
                               public log)
      --oidc-audience AUD      the token's audience, for a private instance whose Fulcio has
                               its own OIDC client id (default sigstore)
      --timeout-minutes N      deadline of the run's network work (default 15)
      --predicate-type URI     attest instead: each file becomes the subject of an in-toto
                               statement of this type, written as FILE.intoto.sigstore.json
      --predicate JSON         the predicate (a JSON object), or
      --predicate-path FILE    a file holding it; with neither, https://slsa.dev/provenance/v1
                               is made from the signing certificate's GitHub workflow claims
      --verbose                show debug output
    Quote globs to let sigstore-action expand them ('dist/**/*.whl'); "!GLOB" excludes.

  sigstore-action verify [options] FILE|GLOB...
  sigstore-action verify --bundle BUNDLE [options] sha256:DIGEST
      Verify each file's bundle (FILE.sigstore.json, or FILE.sigstore) against who must have
      signed it; every file is checked, and the exit status is 1 if any fails.
      --cert-identity ID            the exact identity, e.g.
                                    https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/v1
      --cert-identity-regexp RE     or a pattern the WHOLE identity must match
      --cert-oidc-issuer URL        default https://token.actions.githubusercontent.com
      --github-repository OWNER/REPO
                                    the repository the signing run belonged to; default, for
                                    a GitHub identity: the identity's own repository
      --allow-any-source-repository accept a GitHub identity's runs in any repository (a
                                    reusable workflow called from anywhere)
      --github-ref REF, --github-sha SHA, --github-trigger EVENT,
      --github-workflow-file .github/workflows/FILE.yml, --github-workflow-name NAME,
      --runner-environment github-hosted|self-hosted
      --predicate-type URI          verify attestations (FILE.intoto.sigstore.json) of this type
      --bundle FILE                 the bundle of a single file
      --bundle-directory DIR        where the bundles are
      --trusted-root FILE           verify offline against this trusted root
      --staging, --tuf-mirror URL --tuf-root FILE   other instances

  sigstore-action sign-bundle [--staging] [--in-toto] --identity-token TOKEN --bundle OUT
                              [--trusted-root FILE] [--signing-config FILE] FILE
      The sigstore-conformance signing protocol: sign one file (or, with --in-toto, an in-toto
      statement as a DSSE envelope) and write its bundle to OUT.
`;

/** A mistake in the command line itself: reported with the usage text, exit status 2. */
export class CliUsageError extends Error {}

const FLAG_NAMES: Record<keyof InstanceInputs, string> = {
  staging: '--staging',
  signingConfig: '--signing-config',
  trustedRoot: '--trusted-root',
  tufMirror: '--tuf-mirror',
  tufRoot: '--tuf-root',
};

export function parseSignArgs(args: string[]): { config: SignConfig } {
  const { values, positionals } = parse(args, {
    'identity-token': { type: 'string' },
    staging: { type: 'boolean' },
    'signing-config': { type: 'string' },
    'trusted-root': { type: 'string' },
    'tuf-mirror': { type: 'string' },
    'tuf-root': { type: 'string' },
    'bundle-directory': { type: 'string' },
    overwrite: { type: 'boolean' },
    'no-verify': { type: 'boolean' },
    'cert-identity': { type: 'string' },
    'allow-private-repository': { type: 'boolean' },
    'timeout-minutes': { type: 'string' },
    'rekor-version': { type: 'string' },
    'oidc-audience': { type: 'string' },
    'predicate-type': { type: 'string' },
    predicate: { type: 'string' },
    'predicate-path': { type: 'string' },
    verbose: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new CliUsageError('sign needs at least one FILE or GLOB');
  return {
    config: {
      patterns: positionals.map(patternFromArgument),
      identityToken: str(values['identity-token']),
      instance: chooseInstance(
        {
          staging: values.staging === true,
          signingConfig: str(values['signing-config']),
          trustedRoot: str(values['trusted-root']),
          tufMirror: str(values['tuf-mirror']),
          tufRoot: str(values['tuf-root']),
        },
        (option) => FLAG_NAMES[option],
      ),
      overwrite: values.overwrite === true,
      bundleDirectory: str(values['bundle-directory']),
      verify: values['no-verify'] !== true,
      expectedIdentity: str(values['cert-identity']),
      allowPrivateRepository: values['allow-private-repository'] === true,
      timeoutMinutes: parseMinutes(
        '--timeout-minutes',
        values['timeout-minutes'] ?? '',
        DEFAULT_TIMEOUT_MINUTES,
      ),
      rekorVersion: parseRekorVersion('--rekor-version', values['rekor-version'] ?? ''),
      oidcAudience: parseAudience('--oidc-audience', values['oidc-audience'] ?? ''),
      attestation: parseAttestationInputs(
        {
          predicateType: str(values['predicate-type']),
          predicate: values.predicate,
          predicatePath: str(values['predicate-path']),
        },
        (name) => `--${name}`,
      ),
    },
  };
}

export interface SignBundleOptions {
  readonly file: string;
  readonly bundlePath: string;
  readonly identityToken: string;
  readonly inToto: boolean;
  readonly instance: InstanceChoice;
}

export function parseSignBundleArgs(args: string[]): SignBundleOptions {
  const { values, positionals } = parse(args, {
    staging: { type: 'boolean' },
    'in-toto': { type: 'boolean' },
    'identity-token': { type: 'string' },
    bundle: { type: 'string' },
    'trusted-root': { type: 'string' },
    'signing-config': { type: 'string' },
    verbose: { type: 'boolean' },
  });
  const token = str(values['identity-token']);
  const bundle = str(values.bundle);
  if (!token) throw new CliUsageError('sign-bundle needs --identity-token');
  if (!bundle) throw new CliUsageError('sign-bundle needs --bundle');
  if (positionals.length !== 1) throw new CliUsageError('sign-bundle signs exactly one FILE');
  // The conformance suite may pass a trusted root beside --staging or a signing config: the
  // signing config decides where to sign; the trusted root alone does not.
  const signingConfig = str(values['signing-config']);
  const instance: InstanceChoice = signingConfig
    ? {
        kind: 'files',
        signingConfigPath: signingConfig,
        trustedRootPath: str(values['trusted-root']),
      }
    : values.staging
      ? { kind: 'staging' }
      : { kind: 'public-good' };
  return {
    file: positionals[0],
    bundlePath: bundle,
    identityToken: token,
    inToto: values['in-toto'] === true,
    instance,
  };
}

/**
 * A command-line argument has already been through the shell: a file that exists under this
 * exact name is that file (even with `[` in its name); otherwise glob characters make a glob.
 */
export function patternFromArgument(arg: string): InputPattern {
  const exclude = arg.startsWith('!') && !existsSync(arg);
  const text = exclude ? arg.slice(1) : arg;
  const isGlob = /[*?[]/.test(text) && !existsSync(text);
  return { source: arg, exclude, isGlob, pattern: text };
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<T extends Options>(
  args: string[],
  options: T,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export type VerifyCommand =
  | { readonly kind: 'files'; readonly config: VerifyConfig }
  | {
      readonly kind: 'digest';
      readonly sha256: Buffer;
      readonly argument: string;
      readonly bundlePath: string;
      readonly config: VerifyConfig;
    };

export function parseVerifyArgs(args: string[]): VerifyCommand {
  const claimOptions = Object.fromEntries(
    Object.keys(CLAIM_INPUTS).map((claim) => [claim, { type: 'string' as const }]),
  );
  const { values, positionals } = parse(args, {
    bundle: { type: 'string' },
    'bundle-directory': { type: 'string' },
    'cert-identity': { type: 'string' },
    'cert-identity-regexp': { type: 'string' },
    'cert-oidc-issuer': { type: 'string' },
    ...claimOptions,
    'allow-any-source-repository': { type: 'boolean' },
    staging: { type: 'boolean' },
    'trusted-root': { type: 'string' },
    'tuf-mirror': { type: 'string' },
    'tuf-root': { type: 'string' },
    'predicate-type': { type: 'string' },
    verbose: { type: 'boolean' },
  });
  if (positionals.length === 0)
    throw new CliUsageError('verify needs at least one FILE, GLOB or sha256:DIGEST');
  const claims: Partial<Record<ClaimInput, string>> = {};
  for (const claim of Object.keys(CLAIM_INPUTS) as ClaimInput[]) {
    const value = str((values as Record<string, unknown>)[claim]);
    if (value) claims[claim] = value;
  }
  const config: VerifyConfig = {
    patterns: positionals.map(patternFromArgument),
    bundlePath: str(values.bundle),
    bundleDirectory: str(values['bundle-directory']),
    policy: buildPolicy(
      {
        certIdentity: str(values['cert-identity']),
        certIdentityRegexp: str(values['cert-identity-regexp']),
        certOidcIssuer: str(values['cert-oidc-issuer']),
        claims,
        allowAnySourceRepository: values['allow-any-source-repository'] === true,
      },
      (input) => `--${input}`,
    ),
    trust: chooseTrust(
      {
        staging: values.staging === true,
        trustedRoot: str(values['trusted-root']),
        tufMirror: str(values['tuf-mirror']),
        tufRoot: str(values['tuf-root']),
      },
      (option) => FLAG_NAMES[option],
    ),
    predicateType:
      values['predicate-type'] === undefined
        ? undefined
        : checkPredicateType(values['predicate-type'], '--predicate-type'),
  };
  const digest = positionals.length === 1 ? digestArgument(positionals[0]) : undefined;
  if (digest) {
    if (!config.bundlePath) throw new CliUsageError('verifying a sha256:DIGEST needs --bundle');
    return {
      kind: 'digest',
      sha256: digest,
      argument: positionals[0],
      bundlePath: config.bundlePath,
      config,
    };
  }
  if (positionals.some((p) => digestArgument(p))) {
    throw new CliUsageError('a sha256:DIGEST is verified alone, with its --bundle');
  }
  return { kind: 'files', config };
}

export interface VerifyBundleOptions {
  readonly bundlePath: string;
  readonly artifact: string;
  readonly identity?: string;
  readonly issuer?: string;
  readonly keyPath?: string;
  readonly trustedRootPath?: string;
  readonly staging: boolean;
}

/** sigstore-conformance `verify-bundle`. */
export function parseVerifyBundleArgs(args: string[]): VerifyBundleOptions {
  const { values, positionals } = parse(args, {
    bundle: { type: 'string' },
    'certificate-identity': { type: 'string' },
    'certificate-oidc-issuer': { type: 'string' },
    key: { type: 'string' },
    'trusted-root': { type: 'string' },
    staging: { type: 'boolean' },
    verbose: { type: 'boolean' },
  });
  const bundlePath = str(values.bundle);
  if (!bundlePath) throw new CliUsageError('verify-bundle needs --bundle');
  if (positionals.length !== 1)
    throw new CliUsageError('verify-bundle checks exactly one FILE or sha256:DIGEST');
  const identity = str(values['certificate-identity']);
  const keyPath = str(values.key);
  if (!keyPath && !identity) {
    throw new CliUsageError(
      'verify-bundle needs --certificate-identity and --certificate-oidc-issuer, or --key',
    );
  }
  return {
    bundlePath,
    artifact: positionals[0],
    identity,
    issuer: str(values['certificate-oidc-issuer']),
    keyPath,
    trustedRootPath: str(values['trusted-root']),
    staging: values.staging === true,
  };
}

/**
 * `sha256:<64 hex>` names a digest, unless a file of that name exists (the conformance
 * protocol's rule).
 */
export function digestArgument(arg: string): Buffer | undefined {
  const match = /^sha256:([0-9a-fA-F]{64})$/.exec(arg);
  return match && !existsSync(arg) ? Buffer.from(match[1], 'hex') : undefined;
}
