import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionError, rootCauseMessage } from '../errors.js';
import { printable, printableMessage, printableName } from '../report/log-text.js';
import { displayPath, expandInputPatterns, type InputFile } from '../plan/files.js';
import type { InputPattern } from '../plan/patterns.js';
import {
  ATTESTATION_SUFFIX,
  BUNDLE_SUFFIX,
  isBundlePath,
  LEGACY_BUNDLE_SUFFIX,
  flatBundleName,
} from '../plan/sign-plan.js';
import type { CertificateClaims } from '../sigstore/claims.js';
import { loadTrustedRoot, type TrustChoice } from '../sigstore/instance.js';
import { BundleVerifier, VerificationFailure } from './bundle-verifier.js';
import type { IdentityPolicy } from './policy.js';
import { readBundle, verifyArtifact } from './verify-file.js';

/** Files verified at once: hashing is the cost, so about two per core. */
export const VERIFY_CONCURRENCY = 8;

export interface VerifyConfig {
  readonly patterns: readonly InputPattern[];
  /** One bundle for one file (the `bundle` input). */
  readonly bundlePath?: string;
  /** Where sign mode's `bundle-directory` put the bundles. */
  readonly bundleDirectory?: string;
  readonly policy: IdentityPolicy;
  readonly trust: TrustChoice;
  /** The bundles must be in-toto attestations of this type (`<file>.intoto.sigstore.json`). */
  readonly predicateType?: string;
}

export interface VerifyEnvironment {
  readonly baseDir: string;
  readonly tufCachePath?: string;
}

export type FileVerification =
  | {
      readonly file: InputFile;
      readonly bundle: string;
      readonly ok: true;
      readonly claims: CertificateClaims;
      readonly logIndex?: string;
      readonly predicateType?: string;
    }
  | {
      readonly file: InputFile;
      readonly bundle?: string;
      readonly ok: false;
      readonly error: ActionError;
    };

export interface VerifyReport {
  readonly trustName: string;
  readonly policy: IdentityPolicy;
  /** The predicate type every bundle had to attest, when one was required. */
  readonly predicateType?: string;
  readonly results: FileVerification[];
}

/**
 * Verify mode: every file named by the inputs must have a bundle that verifies against the
 * trusted root and the identity policy. Every file is checked (a gate that stops at the first
 * failure hides the others); the caller fails the step once, listing each failure.
 */
export async function runVerify(
  config: VerifyConfig,
  env: VerifyEnvironment,
): Promise<VerifyReport> {
  const files = await expandInputPatterns(config.patterns, {
    baseDir: env.baseDir,
    skipGlobMatch: isBundlePath,
  });
  if (config.bundlePath && files.length !== 1) {
    throw new ActionError(
      'INPUT_INVALID',
      `bundle names the bundle of ONE file, and inputs matched ${files.length}; remove bundle to use each file's own <file>${config.predicateType ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX}.`,
    );
  }
  const { name, trustedRoot } = await loadTrustedRoot(config.trust, {
    tufCachePath: env.tufCachePath,
  });
  core.info(
    `Verifying ${files.length} file${files.length === 1 ? '' : 's'} against the trusted root of ${printableName(name)}` +
      (config.predicateType ? `: attestations of type ${printable(config.predicateType)}` : ''),
  );
  const verifier = new BundleVerifier(trustedRoot);

  const results: FileVerification[] = new Array<FileVerification>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await verifyOne(files[index], config, env, verifier);
      logResult(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, files.length) }, worker));
  return { trustName: name, policy: config.policy, predicateType: config.predicateType, results };
}

async function verifyOne(
  file: InputFile,
  config: VerifyConfig,
  env: VerifyEnvironment,
  verifier: BundleVerifier,
): Promise<FileVerification> {
  let bundle: string | undefined;
  try {
    bundle = await locateBundle(file, config, env.baseDir);
    const bundleDisplay = displayPath(bundle, env.baseDir);
    const verified = await verifyArtifact(
      verifier,
      { kind: 'file', path: file.path, displayPath: file.displayPath },
      await readBundle(bundle, bundleDisplay),
      { kind: 'identity', policy: config.policy },
      { predicateType: config.predicateType },
    );
    return {
      file,
      bundle: bundleDisplay,
      ok: true,
      claims: verified.claims,
      logIndex: verified.logIndex,
      predicateType: verified.predicateType,
    };
  } catch (err) {
    const error =
      err instanceof ActionError
        ? err
        : new VerificationFailure('VERIFY_FAILED', rootCauseMessage(err), { cause: err });
    return { file, bundle: bundle && displayPath(bundle, env.baseDir), ok: false, error };
  }
}

/**
 * The bundle of a file: the `bundle` input; else, in `bundle-directory`, the name sign mode
 * gives it there; else `<file>.sigstore.json` beside it, or sigstore-python's older
 * `<file>.sigstore`. With a predicate type, the attestation `<file>.intoto.sigstore.json`.
 */
async function locateBundle(
  file: InputFile,
  config: VerifyConfig,
  baseDir: string,
): Promise<string> {
  if (config.bundlePath) return path.resolve(baseDir, config.bundlePath);
  const suffixes = config.predicateType
    ? [ATTESTATION_SUFFIX]
    : config.bundleDirectory
      ? [BUNDLE_SUFFIX]
      : [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX];
  const candidates = bundleCandidates(file, config.bundleDirectory, baseDir, suffixes);
  const found = await firstFile(candidates);
  if (found) return found;
  const looked = [...new Set(candidates)].map((c) => displayPath(c, baseDir)).join(' and ');
  if (config.predicateType) {
    const signature = await firstFile(
      bundleCandidates(file, config.bundleDirectory, baseDir, [BUNDLE_SUFFIX]),
    );
    if (signature) {
      throw new VerificationFailure(
        'BUNDLE_NOT_FOUND',
        `no attestation: looked for ${looked}; there is a signature, ${displayPath(signature, baseDir)}: leave predicate-type out to verify it, or attest the file (sign mode with predicate-type)`,
      );
    }
  } else {
    const attestation = await firstFile(
      bundleCandidates(file, config.bundleDirectory, baseDir, [ATTESTATION_SUFFIX]),
    );
    if (attestation) {
      throw new VerificationFailure(
        'BUNDLE_NOT_FOUND',
        `no signature bundle: looked for ${looked}; there is an attestation, ${displayPath(attestation, baseDir)}: set predicate-type to verify it`,
      );
    }
  }
  throw new VerificationFailure(
    'BUNDLE_NOT_FOUND',
    config.predicateType
      ? `no attestation: looked for ${looked} (sign mode with predicate-type writes it)`
      : `no bundle: looked for ${looked}`,
  );
}

function bundleCandidates(
  file: InputFile,
  bundleDirectory: string | undefined,
  baseDir: string,
  suffixes: readonly string[],
): string[] {
  if (!bundleDirectory) return suffixes.map((suffix) => file.path + suffix);
  const dir = path.resolve(baseDir, bundleDirectory);
  return suffixes.flatMap((suffix) => [
    path.join(dir, path.basename(file.path) + suffix),
    path.join(dir, flatBundleName(file, baseDir, suffix)),
  ]);
}

async function firstFile(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    const isFile = await fs.stat(candidate).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile) return candidate;
  }
  return undefined;
}

/** One line per file: what verified, or why not. Every part of it is untrusted. */
export function logResult(result: FileVerification): void {
  const name = printableName(result.file.displayPath);
  if (result.ok) {
    const type = result.predicateType ? `attestation (${printable(result.predicateType)}) ` : '';
    const signer = result.claims.identity ? printable(result.claims.identity) : '(a public key)';
    core.info(`OK      ${name}: ${type}signed by ${signer}`);
  } else {
    core.info(`FAILED  ${name}: ${printableMessage(result.error.message)}`);
  }
}
