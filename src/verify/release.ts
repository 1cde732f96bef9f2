import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionError, rootCauseMessage } from '../errors.js';
import { printable, printableName } from '../report/log-text.js';
import { counted } from '../report/wording.js';
import {
  ATTESTATION_SUFFIX,
  BUNDLE_SUFFIX,
  LEGACY_BUNDLE_SUFFIX,
  isBundlePath,
} from '../plan/sign-plan.js';
import { findRelease } from '../publish/run.js';
import type { ReleaseAsset, ReleasesAPI } from '../publish/releases.js';
import { loadTrustedRoot, type TrustChoice } from '../sigstore/instance.js';
import { MAX_BUNDLE_BYTES } from './bundle-json.js';
import { BundleVerifier, VerificationFailure } from './bundle-verifier.js';
import { planCoverage } from './coverage.js';
import type { IdentityPolicy } from './policy.js';
import { resultLine, VERIFY_CONCURRENCY, type FileVerification, type VerifyReport } from './run.js';
import { readBundle, verifyArtifact } from './verify-file.js';
import type { InputPattern } from '../plan/patterns.js';
import { keepFile, ownerName, prepareDownloadDirectory, selectAssets } from './release-assets.js';

export interface VerifyReleaseConfig {
  readonly tag: string;
  readonly policy: IdentityPolicy;
  readonly trust: TrustChoice;
  /** Each asset's attestation `<asset>.intoto.sigstore.json` must be of this type. */
  readonly predicateType?: string;
  /** Which assets must verify (`inputs`, with `!` excludes); none: every asset. */
  readonly patterns: readonly InputPattern[];
  /** An absolute path (download-directory): where the assets that verified are kept, with their bundles. */
  readonly downloadDirectory?: string;
}

/**
 * The consumer's gate: downloads every asset of a published release (or those the `inputs`
 * patterns select) with its bundle and verifies each against the identity policy. An asset without a bundle fails: a release gate
 * that lets an unsigned file through is not a gate. So does an asset named like a bundle that
 * belongs to no asset (coverage.ts); an asset's other bundles (its attestation beside its
 * signature) are verified against it too.
 */
export async function runVerifyRelease(
  config: VerifyReleaseConfig,
  api: ReleasesAPI,
  env: {
    readonly tufCachePath?: string;
    readonly httpHosts?: readonly string[];
    readonly tempDir?: string;
  },
): Promise<VerifyReport> {
  const release = await findRelease(api, config.tag, 'verify');
  const allAssets = await api.listAssets(release.id);
  const releaseName = `${printableName(config.tag)} of ${printableName(api.repository)}`;
  const { selected: assets, excluded } = selectAssets(allAssets, config.patterns, releaseName);
  const byName = new Map(allAssets.map((a) => [a.name, a]));
  const suffixes = config.predicateType
    ? [ATTESTATION_SUFFIX]
    : [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX];
  const coverage = await planCoverage(assets, {
    key: (asset) => asset.name,
    isBundle: (asset) => isBundlePath(asset.name),
    bundleKeys: (asset) => ALL_SUFFIXES.map((suffix) => asset.name + suffix),
    ownBundle: (asset) =>
      Promise.resolve(suffixes.map((s) => asset.name + s).find((name) => byName.has(name))),
  });
  if (coverage.subjects.length === 0 && coverage.uncovered.length === 0) {
    throw new ActionError(
      'INPUT_INVALID',
      `the release ${config.tag} of ${api.repository} has no assets to verify.`,
    );
  }
  if (config.downloadDirectory) await prepareDownloadDirectory(config.downloadDirectory);
  const { name, trustedRoot } = await loadTrustedRoot(config.trust, {
    tufCachePath: env.tufCachePath,
    httpHosts: env.httpHosts,
  });
  const count = coverage.subjects.length + coverage.otherBundles.length;
  core.info(
    `Verifying ${counted(count, 'asset')} of ${printableName(api.repository)} release ${printableName(config.tag)} against the trusted root of ${printableName(name)}` +
      (config.predicateType ? `: attestations of type ${printable(config.predicateType)}` : ''),
  );
  if (excluded.length > 0) {
    core.info(
      `Not verified, excluded by inputs: ${excluded.map((a) => printableName(a.name)).join(', ')}`,
    );
  }
  const verifier = new BundleVerifier(trustedRoot);
  const dir = await mkdtemp(path.join(env.tempDir ?? tmpdir(), 'sigstore-release-'));
  // Where each verified check left its downloads, for download-directory.
  const downloads = config.downloadDirectory ? new Map<FileVerification, Download>() : undefined;
  try {
    const checks: (() => Promise<FileVerification>)[] = [
      ...coverage.subjects.map((asset) => () => {
        const bundle = suffixes.map((s) => byName.get(asset.name + s)).find(Boolean);
        return bundle
          ? verifyAsset(asset, bundle, api, verifier, config, dir, downloads)
          : Promise.resolve(noBundle(asset, byName, config, dir));
      }),
      ...coverage.otherBundles.map(
        ({ bundle, of }) =>
          () =>
            verifyAsset(of, bundle, api, verifier, config, dir, downloads, true),
      ),
    ];
    const results: FileVerification[] = new Array<FileVerification>(checks.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < checks.length) {
        const index = next++;
        results[index] = await checks[index]();
        core.info(resultLine(results[index]));
      }
    };
    await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, checks.length) }, worker));
    for (const asset of coverage.uncovered) {
      const result: FileVerification = {
        file: { path: asset.name, displayPath: asset.name },
        ok: false,
        error: new ActionError(
          'INPUT_NOT_COVERED',
          `named like a bundle, but it is the bundle of no asset of the release (there is no ${ownerName(asset.name)}), so nothing about it was checked; attach the file it is for, or delete it from the release`,
        ),
      };
      core.info(resultLine(result));
      results.push(result);
    }
    if (config.downloadDirectory && downloads) {
      await keepVerified(results, downloads, config.downloadDirectory);
    }
    return {
      trustName: name,
      policy: config.policy,
      predicateType: config.predicateType,
      results,
      release: {
        tag: config.tag,
        repository: api.repository,
        excluded: excluded.map((a) => a.name),
        downloadDirectory: config.downloadDirectory,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ALL_SUFFIXES = [BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX, ATTESTATION_SUFFIX] as const;

/** A verified check's downloads, still in the temporary directory. */
interface Download {
  readonly asset: string;
  readonly file: string;
  readonly bundleAsset: string;
  readonly bundle: string;
}

/**
 * Moves into the download directory each asset whose every check verified, with its bundles.
 * An asset with one check failed is not kept, nor any of its bundles; neither are failures.
 */
async function keepVerified(
  results: FileVerification[],
  downloads: Map<FileVerification, Download>,
  directory: string,
): Promise<void> {
  const failedAssets = new Set(
    results.filter((r) => !r.ok).map((r) => r.bundleOf ?? r.file.displayPath),
  );
  const keptAssets = new Set<string>();
  for (const [index, result] of results.entries()) {
    const download = downloads.get(result);
    if (!download || failedAssets.has(download.asset)) continue;
    try {
      if (!keptAssets.has(download.asset)) {
        await keepFile(download.file, directory, download.asset);
        keptAssets.add(download.asset);
      }
      await keepFile(download.bundle, directory, download.bundleAsset);
    } catch (err) {
      const error =
        err instanceof ActionError
          ? err
          : new ActionError(
              'BUNDLE_WRITE_FAILED',
              `verified, but could not be kept in download-directory: ${rootCauseMessage(err)}`,
              { cause: err },
            );
      results[index] = { file: result.file, bundle: download.bundleAsset, ok: false, error };
      core.info(resultLine(results[index]));
    }
  }
}

function noBundle(
  asset: ReleaseAsset,
  byName: Map<string, ReleaseAsset>,
  config: VerifyReleaseConfig,
  dir: string,
): FileVerification {
  const names = config.predicateType
    ? [asset.name + ATTESTATION_SUFFIX]
    : [asset.name + BUNDLE_SUFFIX, asset.name + LEGACY_BUNDLE_SUFFIX];
  return {
    file: assetFile(asset, dir),
    ok: false,
    error: new VerificationFailure(
      'BUNDLE_NOT_FOUND',
      config.predicateType
        ? `no attestation in the release: ${names[0]} is not attached` +
            (byName.has(asset.name + BUNDLE_SUFFIX)
              ? ` (${asset.name}${BUNDLE_SUFFIX}, a signature, is: leave predicate-type out to verify it)`
              : '')
        : `no bundle in the release: neither ${names[0]} nor ${names[1]} is attached` +
            (byName.has(asset.name + ATTESTATION_SUFFIX)
              ? ` (${asset.name}${ATTESTATION_SUFFIX} is: set predicate-type to verify the attestation)`
              : ''),
    ),
  };
}

/** Where an asset is downloaded to, and how it is shown. */
function assetFile(asset: ReleaseAsset, dir: string): { path: string; displayPath: string } {
  return {
    path: path.join(dir, `${asset.id}-${path.basename(asset.name)}`),
    displayPath: asset.name,
  };
}

/**
 * Verifies an asset against a bundle asset: its own, or (`otherBundle`) another one of its
 * bundles, checked as what its name says (an attestation, or a plain signature). Both are
 * streamed to disk; the bundle only up to the size of a bundle, and not at all when the release
 * lists it as larger: a multi-gigabyte "bundle" is refused before anything is downloaded.
 */
async function verifyAsset(
  asset: ReleaseAsset,
  bundleAsset: ReleaseAsset,
  api: ReleasesAPI,
  verifier: BundleVerifier,
  config: VerifyReleaseConfig,
  dir: string,
  downloads: Map<FileVerification, Download> | undefined,
  otherBundle = false,
): Promise<FileVerification> {
  // Each check has its own copy: an asset's bundles are checked at the same time.
  const file = {
    path: path.join(dir, `${asset.id}-${bundleAsset.id}-${path.basename(asset.name)}`),
    displayPath: asset.name,
  };
  const shown = otherBundle ? { path: bundleAsset.name, displayPath: bundleAsset.name } : file;
  const bundleOf = otherBundle ? asset.name : undefined;
  const bundlePath = path.join(dir, `${bundleAsset.id}-bundle-${otherBundle ? 'other' : 'own'}`);
  try {
    // Refused by its listed size before any request, or once more bytes came than a bundle has.
    await api.downloadToFile(bundleAsset, bundlePath, MAX_BUNDLE_BYTES);
    const bundleJSON = await readBundle(bundlePath, bundleAsset.name);
    await api.downloadToFile(asset, file.path);
    const attestation = otherBundle ? bundleAsset.name.endsWith(ATTESTATION_SUFFIX) : undefined;
    const verified = await verifyArtifact(
      verifier,
      { kind: 'file', path: file.path, displayPath: asset.name },
      bundleJSON,
      { kind: 'identity', policy: config.policy },
      attestation === undefined
        ? { predicateType: config.predicateType, plainSignature: !config.predicateType }
        : attestation
          ? { predicateType: config.predicateType }
          : { plainSignature: true },
    );
    const result: FileVerification = {
      file: shown,
      bundle: bundleAsset.name,
      bundleOf,
      ok: true,
      claims: verified.claims,
      logIndex: verified.logIndex,
      predicateType: verified.predicateType,
      sha256: verified.sha256,
      size: verified.size,
    };
    downloads?.set(result, {
      asset: asset.name,
      file: file.path,
      bundleAsset: bundleAsset.name,
      bundle: bundlePath,
    });
    return result;
  } catch (err) {
    const error =
      err instanceof ActionError
        ? err
        : new VerificationFailure('VERIFY_FAILED', rootCauseMessage(err), { cause: err });
    return { file: shown, bundle: bundleAsset.name, bundleOf, ok: false, error };
  } finally {
    // Kept for download-directory when verified; the temporary directory goes at the end.
    if (!downloads) {
      await rm(file.path, { force: true });
      await rm(bundlePath, { force: true });
    }
  }
}
