import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionError, rootCauseMessage } from '../errors.js';
import { printable, printableMessage, printableName } from '../report/log-text.js';
import {
  checkStaysInWorkspace,
  displayPath,
  expandInputPatterns,
  type InputFile,
} from '../plan/files.js';
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
import { planCoverage } from './coverage.js';
import type { IdentityPolicy } from './policy.js';
import { readBundle, verifyArtifact } from './verify-file.js';
import { counted } from '../report/wording.js';

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
  /** Hosts besides loopback that a TUF mirror URL may name over plain http (destinations.ts). */
  readonly httpHosts?: readonly string[];
}

export type FileVerification =
  | {
      readonly file: InputFile;
      readonly bundle: string;
      /** This file is a bundle of that one (shown as given), checked against it. */
      readonly bundleOf?: string;
      readonly ok: true;
      readonly claims: CertificateClaims;
      readonly logIndex?: string;
      readonly predicateType?: string;
      /** Of the bytes that were checked (hex). */
      readonly sha256: string;
      readonly size?: number;
    }
  | {
      readonly file: InputFile;
      readonly bundle?: string;
      readonly bundleOf?: string;
      readonly ok: false;
      readonly error: ActionError;
    };

export interface VerifyReport {
  readonly trustName: string;
  readonly policy: IdentityPolicy;
  /** The predicate type every bundle had to attest, when one was required. */
  readonly predicateType?: string;
  readonly results: FileVerification[];
  /** When a published release was verified: which, what `inputs` left out, where it was kept. */
  readonly release?: {
    readonly tag: string;
    readonly repository: string;
    readonly excluded: readonly string[];
    readonly downloadDirectory?: string;
  };
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
  const matched = await expandInputPatterns(config.patterns, { baseDir: env.baseDir });
  const givenBundle = config.bundlePath ? path.resolve(env.baseDir, config.bundlePath) : undefined;
  const found = new Map<string, Located>();
  const coverage = await planCoverage(matched, {
    key: (file) => file.path,
    isBundle: (file) => isBundlePath(file.path) || file.path === givenBundle,
    bundleKeys: (file) =>
      givenBundle
        ? [givenBundle]
        : bundleCandidates(file, config.bundleDirectory, env.baseDir, ALL_SUFFIXES),
    ownBundle: async (file) => {
      const located = await locate(file, config, env.baseDir);
      found.set(file.path, located);
      return 'bundle' in located ? located.bundle : undefined;
    },
  });
  if (config.bundlePath && coverage.subjects.length !== 1) {
    throw new ActionError(
      'INPUT_INVALID',
      `bundle names the bundle of ONE file, and inputs matched ${coverage.subjects.length}; remove bundle to use each file's own <file>${config.predicateType ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX}.`,
    );
  }
  const { name, trustedRoot } = await loadTrustedRoot(config.trust, {
    tufCachePath: env.tufCachePath,
    httpHosts: env.httpHosts,
  });
  const count = coverage.subjects.length + coverage.otherBundles.length;
  core.info(
    `Verifying ${counted(count, 'file')} against the trusted root of ${printableName(name)}` +
      (config.predicateType ? `: attestations of type ${printable(config.predicateType)}` : ''),
  );
  const verifier = new BundleVerifier(trustedRoot);

  const checks: (() => Promise<FileVerification>)[] = [
    ...coverage.subjects.map(
      (file) => () => verifyOne(file, found.get(file.path)!, config, env, verifier),
    ),
    ...coverage.otherBundles.map(
      ({ bundle, of }) =>
        () =>
          verifyOne(of, { bundle: bundle.path }, config, env, verifier, bundle),
    ),
  ];
  const results: FileVerification[] = new Array<FileVerification>(checks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < checks.length) {
      const index = next++;
      results[index] = await checks[index]();
      logResult(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, checks.length) }, worker));
  for (const file of coverage.uncovered) {
    const result: FileVerification = {
      file,
      ok: false,
      error: notCovered(file, matched, coverage.subjects, config, env.baseDir),
    };
    logResult(result);
    results.push(result);
  }
  return { trustName: name, policy: config.policy, predicateType: config.predicateType, results };
}

/** Every bundle name a file can have, of either kind. */
const ALL_SUFFIXES = [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX, ATTESTATION_SUFFIX] as const;

/** Where a file's bundle is, or why there is none. */
type Located = { readonly bundle: string } | { readonly error: VerificationFailure };

async function locate(file: InputFile, config: VerifyConfig, baseDir: string): Promise<Located> {
  try {
    return { bundle: await locateBundle(file, config, baseDir) };
  } catch (err) {
    if (err instanceof VerificationFailure) return { error: err };
    throw err;
  }
}

/**
 * Verifies a file against its bundle; or, with `asBundle`, against another of its bundles
 * matched by inputs (checked as what its name says: an attestation, or a plain signature).
 */
async function verifyOne(
  file: InputFile,
  located: Located,
  config: VerifyConfig,
  env: VerifyEnvironment,
  verifier: BundleVerifier,
  asBundle?: InputFile,
): Promise<FileVerification> {
  const shown = asBundle ?? file;
  const bundleOf = asBundle ? file.displayPath : undefined;
  if ('error' in located) return { file: shown, bundleOf, ok: false, error: located.error };
  const bundle = located.bundle;
  const bundleDisplay = displayPath(bundle, env.baseDir);
  const attestation = asBundle ? bundle.endsWith(ATTESTATION_SUFFIX) : undefined;
  try {
    await checkStaysInWorkspace(
      bundle,
      env.baseDir,
      (real) =>
        `the bundle ${bundleDisplay} leads through a symbolic link to ${printable(real)}, outside the workspace (${env.baseDir}); bundles are read from the workspace only: put the bundle itself there, or name its real path in bundle if you mean it`,
    );
    const verified = await verifyArtifact(
      verifier,
      { kind: 'file', path: file.path, displayPath: file.displayPath },
      await readBundle(bundle, bundleDisplay),
      { kind: 'identity', policy: config.policy },
      attestation === undefined
        ? { predicateType: config.predicateType, plainSignature: !config.predicateType }
        : attestation
          ? { predicateType: config.predicateType }
          : { plainSignature: true },
    );
    return {
      file: shown,
      bundle: bundleDisplay,
      bundleOf,
      ok: true,
      claims: verified.claims,
      logIndex: verified.logIndex,
      predicateType: verified.predicateType,
      sha256: verified.sha256,
      size: verified.size,
    };
  } catch (err) {
    const error =
      err instanceof ActionError
        ? err
        : new VerificationFailure('VERIFY_FAILED', rootCauseMessage(err), { cause: err });
    return { file: shown, bundle: bundleDisplay, bundleOf, ok: false, error };
  }
}

/** Why a file named like a bundle was not verified, and what to do about it. */
function notCovered(
  file: InputFile,
  matched: readonly InputFile[],
  subjects: readonly InputFile[],
  config: VerifyConfig,
  baseDir: string,
): ActionError {
  const suffix = ALL_SUFFIXES.filter((s) => file.path.endsWith(s)).sort(
    (a, b) => b.length - a.length,
  )[0];
  const owner = suffix ? file.path.slice(0, -suffix.length) : undefined;
  const ownerShown = owner && displayPath(owner, baseDir);
  let why: string;
  if (!owner || !ownerShown) {
    why = 'no file among the inputs has it as its bundle';
  } else if (subjects.some((s) => s.path === owner)) {
    why = `${ownerShown} is verified with ${config.bundlePath ? 'the bundle input' : `the bundles in bundle-directory`}, not with this one`;
  } else if (matched.some((m) => m.path === owner)) {
    why = `${ownerShown} is named like a bundle too, and has no bundle of its own`;
  } else {
    why = `the file it is named for, ${ownerShown}, is ${existsSync(owner) ? 'not among the inputs: add it to inputs to verify it with this bundle' : 'not there'}`;
  }
  return new ActionError(
    'INPUT_NOT_COVERED',
    `matched by inputs and named like a bundle, but it is not the bundle of any file verified here, so nothing about it was checked: ${why}; or leave it out of inputs ("!${file.displayPath}")`,
  );
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

export function bundleCandidates(
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

function logResult(result: FileVerification): void {
  core.info(resultLine(result));
}

/**
 * The log line of one result: `OK      <file>: ...` or `FAILED  <file>: <why>`. Every part of it
 * is untrusted, so every part is escaped.
 */
export function resultLine(result: FileVerification): string {
  const name = printableName(result.file.displayPath);
  const of = result.bundleOf ? ` (a bundle of ${printableName(result.bundleOf)})` : '';
  if (result.ok) {
    const type = result.predicateType ? `attestation (${printable(result.predicateType)}) ` : '';
    const signer = result.claims.identity ? printable(result.claims.identity) : '(a public key)';
    return `OK      ${name}${of}: ${type}signed by ${signer}`;
  }
  return `FAILED  ${name}${of}: ${printableMessage(result.error.message)}`;
}
