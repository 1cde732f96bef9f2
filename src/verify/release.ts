import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ActionError, rootCauseMessage } from '../errors.js';
import { BUNDLE_SUFFIX, LEGACY_BUNDLE_SUFFIX, isBundlePath } from '../plan/sign-plan.js';
import { findRelease } from '../publish/run.js';
import type { ReleaseAsset, ReleasesAPI } from '../publish/releases.js';
import { loadTrustedRoot, type TrustChoice } from '../sigstore/instance.js';
import { BundleVerifier, VerificationFailure } from './bundle-verifier.js';
import type { IdentityPolicy } from './policy.js';
import { VERIFY_CONCURRENCY, type FileVerification, type VerifyReport } from './run.js';
import { verifyArtifact } from './verify-file.js';

export interface VerifyReleaseConfig {
  readonly tag: string;
  readonly policy: IdentityPolicy;
  readonly trust: TrustChoice;
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
    `Verifying the ${files.length} assets of ${api.repository} release ${config.tag} against the trusted root of ${name}`,
  );
  const verifier = new BundleVerifier(trustedRoot);
  const dir = await mkdtemp(path.join(env.tempDir ?? tmpdir(), 'sigstore-release-'));
  try {
    const results: FileVerification[] = new Array<FileVerification>(files.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const index = next++;
        results[index] = await verifyAsset(files[index], byName, api, verifier, config.policy, dir);
        const r = results[index];
        core.info(
          r.ok
            ? `OK      ${r.file.displayPath}: signed by ${r.claims.identity}`
            : `FAILED  ${r.file.displayPath}: ${r.error.message}`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, files.length) }, worker));
    return { trustName: name, policy: config.policy, results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function verifyAsset(
  asset: ReleaseAsset,
  byName: Map<string, ReleaseAsset>,
  api: ReleasesAPI,
  verifier: BundleVerifier,
  policy: IdentityPolicy,
  dir: string,
): Promise<FileVerification> {
  const file = {
    path: path.join(dir, `${asset.id}-${path.basename(asset.name)}`),
    displayPath: asset.name,
  };
  const bundleAsset =
    byName.get(asset.name + BUNDLE_SUFFIX) ?? byName.get(asset.name + LEGACY_BUNDLE_SUFFIX);
  if (!bundleAsset) {
    return {
      file,
      ok: false,
      error: new VerificationFailure(
        'BUNDLE_NOT_FOUND',
        `no bundle in the release: neither ${asset.name}${BUNDLE_SUFFIX} nor ${asset.name}${LEGACY_BUNDLE_SUFFIX} is attached`,
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
      { kind: 'identity', policy },
    );
    return {
      file,
      bundle: bundleAsset.name,
      ok: true,
      claims: verified.claims,
      logIndex: verified.logIndex,
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
