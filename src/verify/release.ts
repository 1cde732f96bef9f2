import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionError, rootCauseMessage } from '../errors.js';
import { printable, printableName } from '../report/log-text.js';
import {
  ATTESTATION_SUFFIX,
  BUNDLE_SUFFIX,
  LEGACY_BUNDLE_SUFFIX,
  isBundlePath,
} from '../plan/sign-plan.js';
import { findRelease } from '../publish/run.js';
import type { ReleaseAsset, ReleasesAPI } from '../publish/releases.js';
import { loadTrustedRoot, type TrustChoice } from '../sigstore/instance.js';
import { BundleVerifier, VerificationFailure } from './bundle-verifier.js';
import type { IdentityPolicy } from './policy.js';
import { logResult, VERIFY_CONCURRENCY, type FileVerification, type VerifyReport } from './run.js';
import { verifyArtifact } from './verify-file.js';

export interface VerifyReleaseConfig {
  readonly tag: string;
  readonly policy: IdentityPolicy;
  readonly trust: TrustChoice;
  /** Each asset's attestation `<asset>.intoto.sigstore.json` must be of this type. */
  readonly predicateType?: string;
}

/**
 * The consumer's gate: downloads every asset of a published release with its bundle and
 * verifies each against the identity policy. An asset without a bundle fails: a release gate
 * that lets an unsigned file through is not a gate.
 */
export async function runVerifyRelease(
  config: VerifyReleaseConfig,
  api: ReleasesAPI,
  env: { readonly tufCachePath?: string; readonly tempDir?: string },
): Promise<VerifyReport> {
  const release = await findRelease(api, config.tag, 'verify');
  const assets = await api.listAssets(release.id);
  const byName = new Map(assets.map((a) => [a.name, a]));
  const files = assets.filter((a) => !isBundlePath(a.name));
  if (files.length === 0) {
    throw new ActionError(
      'INPUT_INVALID',
      `the release ${config.tag} of ${api.repository} has no assets to verify${assets.length ? ' (only bundles)' : ''}.`,
    );
  }
  const { name, trustedRoot } = await loadTrustedRoot(config.trust, {
    tufCachePath: env.tufCachePath,
  });
  core.info(
    `Verifying the ${files.length} assets of ${printableName(api.repository)} release ${printableName(config.tag)} against the trusted root of ${printableName(name)}` +
      (config.predicateType ? `: attestations of type ${printable(config.predicateType)}` : ''),
  );
  const verifier = new BundleVerifier(trustedRoot);
  const dir = await mkdtemp(path.join(env.tempDir ?? tmpdir(), 'sigstore-release-'));
  try {
    const results: FileVerification[] = new Array<FileVerification>(files.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const index = next++;
        results[index] = await verifyAsset(files[index], byName, api, verifier, config, dir);
        logResult(results[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, files.length) }, worker));
    return {
      trustName: name,
      policy: config.policy,
      predicateType: config.predicateType,
      results,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function verifyAsset(
  asset: ReleaseAsset,
  byName: Map<string, ReleaseAsset>,
  api: ReleasesAPI,
  verifier: BundleVerifier,
  config: VerifyReleaseConfig,
  dir: string,
): Promise<FileVerification> {
  const file = {
    path: path.join(dir, `${asset.id}-${path.basename(asset.name)}`),
    displayPath: asset.name,
  };
  const names = config.predicateType
    ? [asset.name + ATTESTATION_SUFFIX]
    : [asset.name + BUNDLE_SUFFIX, asset.name + LEGACY_BUNDLE_SUFFIX];
  const bundleAsset = names.map((n) => byName.get(n)).find((a) => a !== undefined);
  if (!bundleAsset) {
    return {
      file,
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
  try {
    const [, bundleBytes] = await Promise.all([
      api.downloadToFile(asset, file.path),
      api.download(bundleAsset),
    ]);
    let bundleJSON: unknown;
    try {
      bundleJSON = JSON.parse(bundleBytes.toString('utf8'));
    } catch (err) {
      throw new VerificationFailure(
        'BUNDLE_MALFORMED',
        `the bundle ${bundleAsset.name} is not valid JSON (${(err as Error).message})`,
      );
    }
    const verified = await verifyArtifact(
      verifier,
      { kind: 'file', path: file.path, displayPath: asset.name },
      bundleJSON,
      { kind: 'identity', policy: config.policy },
      { predicateType: config.predicateType },
    );
    return {
      file,
      bundle: bundleAsset.name,
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
    return { file, bundle: bundleAsset.name, ok: false, error };
  } finally {
    await rm(file.path, { force: true });
  }
}
