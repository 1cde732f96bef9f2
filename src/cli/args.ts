import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chooseInstance, type InstanceInputs, type SignConfig } from '../config.js';
import type { InputPattern } from '../plan/patterns.js';
import type { InstanceChoice } from '../sigstore/instance.js';

export const USAGE = `Usage:
  sigstore-action sign [options] FILE|GLOB...
      Sign files; writes FILE.sigstore.json beside each one.
      --identity-token TOKEN   OIDC token (default: the GitHub Actions job's own token)
      --staging                use the Sigstore staging instance
      --signing-config FILE    signing config of a custom instance (with --trusted-root)
      --trusted-root FILE      trusted root of that instance
      --tuf-mirror URL         TUF repository of a private instance (with --tuf-root FILE)
      --bundle-directory DIR   write bundles to DIR instead of beside each file
      --overwrite              replace existing bundles
      --verbose                show debug output
    Quote globs to let sigstore-action expand them ('dist/**/*.whl'); "!GLOB" excludes.

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
