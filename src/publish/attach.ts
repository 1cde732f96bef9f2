import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { ATTESTATION_SUFFIX } from '../plan/sign-plan.js';
import { ActionError } from '../errors.js';
import { printableName } from '../report/log-text.js';
import { GitHubRequestError } from './github-errors.js';
import type { Release, ReleaseAsset, ReleasesAPI } from './releases.js';

export const BUNDLE_CONTENT_TYPE = 'application/json';

export interface AttachedAsset {
  readonly name: string;
  /** `kept`: the release already had an equivalent bundle (same file, same signer, valid). */
  readonly outcome: 'uploaded' | 'unchanged' | 'kept' | 'replaced';
}

export interface AttachOptions {
  readonly overwrite: boolean;
  /**
   * Whether the release's bundle already says what ours says: a valid signature of the same
   * file by the same identity. A re-run of a release job signs again (new certificate, new log
   * entry, different bytes); the bundle the first run attached is just as good, so it stays.
   */
  readonly equivalent?: (existing: Buffer, ours: Buffer) => boolean;
}

/** Bundles attached at once: a handful, GitHub's secondary rate limits dislike bursts. */
const ATTACH_CONCURRENCY = 4;

/**
 * Attaches each bundle to the release as `<bundle file name>`, safely re-runnable: an asset
 * with the same name and the same bytes is left alone; different bytes are replaced only with
 * `overwrite`, otherwise refused. Matrix jobs attaching to one release at once may race on a
 * name: the loser sees 422 already_exists, re-reads the asset and applies the same rule.
 */
export async function attachBundles(
  api: ReleasesAPI,
  release: Release,
  bundlePaths: readonly string[],
  options: AttachOptions,
): Promise<AttachedAsset[]> {
  if (release.immutable) throw immutableError(release);
  let existing = new Map((await api.listAssets(release.id)).map((a) => [a.name, a]));
  const results: AttachedAsset[] = [];
  const queue = [...bundlePaths];
  const attachOne = async (bundlePath: string): Promise<AttachedAsset> => {
    const name = path.basename(bundlePath);
    const data = await fs.readFile(bundlePath);
    const current = existing.get(name);
    if (current) return reconcile(api, release, current, data, options);
    try {
      await api.upload(release, name, data, BUNDLE_CONTENT_TYPE);
      return { name, outcome: 'uploaded' };
    } catch (err) {
      if (err instanceof GitHubRequestError && err.alreadyExists) {
        // Another job of this workflow uploaded it between our listing and our upload.
        existing = new Map((await api.listAssets(release.id)).map((a) => [a.name, a]));
        const raced = existing.get(name);
        if (raced) return reconcile(api, release, raced, data, options);
      }
      throw uploadError(err, release, name);
    }
  };
  const workers = Array.from({ length: Math.min(ATTACH_CONCURRENCY, queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result = await attachOne(next);
      core.info(
        `Release ${printableName(release.tagName)}: ${printableName(result.name)} ${result.outcome}`,
      );
      results.push(result);
    }
  });
  await Promise.all(workers);
  return results.sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function reconcile(
  api: ReleasesAPI,
  release: Release,
  asset: ReleaseAsset,
  data: Buffer,
  options: AttachOptions,
): Promise<AttachedAsset> {
  const remote = await api.download(asset);
  if (remote.equals(data)) return { name: asset.name, outcome: 'unchanged' };
  if (!options.overwrite) {
    if (options.equivalent?.(remote, data)) return { name: asset.name, outcome: 'kept' };
    throw new ActionError(
      'ASSET_CONFLICT',
      asset.name.endsWith(ATTESTATION_SUFFIX)
        ? `the release ${release.tagName} already has an asset ${asset.name} that is not the same attestation (a valid one of this file by this workflow, with the same predicate type and predicate); a release holds one attestation per file: set overwrite: true to replace it, or delete it from the release.`
        : `the release ${release.tagName} already has an asset ${asset.name} that is not a valid signature of this file by this workflow; set overwrite: true to replace it, or delete it from the release.`,
    );
  }
  try {
    await api.deleteAsset(asset);
    await api.upload(release, asset.name, data, BUNDLE_CONTENT_TYPE);
  } catch (err) {
    throw uploadError(err, release, asset.name);
  }
  return { name: asset.name, outcome: 'replaced' };
}

function uploadError(err: unknown, release: Release, name: string): unknown {
  if (
    err instanceof GitHubRequestError &&
    err.status === 422 &&
    /immutable/i.test(err.githubMessage)
  ) {
    return immutableError(release);
  }
  if (err instanceof GitHubRequestError && err.alreadyExists) {
    return new ActionError(
      'ASSET_CONFLICT',
      `the release ${release.tagName} refused ${name}: an asset with that name exists.`,
    );
  }
  return err;
}

export function immutableError(release: Release): ActionError {
  return new ActionError(
    'RELEASE_IMMUTABLE',
    `the release ${release.tagName} is published and immutable (this repository locks published releases), so nothing can be attached to it. ` +
      'Attach the bundles while the release is still a draft: create it as a draft, run this step, then publish it.',
  );
}
