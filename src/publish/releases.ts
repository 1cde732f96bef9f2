import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getOctokit } from '@actions/github';
import { ActionError, printable } from '../errors.js';
import { outboundFetch, USER_AGENT } from '../net/outbound.js';
import { MAX_BUNDLE_BYTES } from '../verify/bundle-json.js';
import type { NetworkOptions } from '../net/service-client.js';
import { GitHubRequestError, githubError, statusOf } from './github-errors.js';
import { retryGitHubRequests } from './github-retry.js';

export interface Release {
  readonly id: number;
  readonly tagName: string;
  readonly draft: boolean;
  /** Published and locked by the repository's immutable-releases setting. */
  readonly immutable: boolean;
  readonly body: string;
  readonly uploadURL: string;
  readonly htmlURL: string;
}

export interface ReleaseAsset {
  readonly id: number;
  readonly name: string;
  readonly size: number;
}

/**
 * The few release operations this action needs. One implementation talks to GitHub through
 * Octokit; tests run it against the stack's GitHub stand-in.
 */
export interface ReleasesAPI {
  readonly repository: string;
  /** The release with this tag, drafts included; undefined when there is none. */
  findByTag(tag: string): Promise<Release | undefined>;
  get(releaseId: number): Promise<Release>;
  listAssets(releaseId: number): Promise<ReleaseAsset[]>;
  upload(release: Release, name: string, data: Buffer, contentType: string): Promise<ReleaseAsset>;
  deleteAsset(asset: ReleaseAsset): Promise<void>;
  /**
   * A small asset (a bundle), in memory: refused (AssetTooLarge) above MAX_BUNDLE_BYTES, by its
   * listed size before any request, and by the bytes that come, without keeping more.
   */
  download(asset: ReleaseAsset): Promise<Buffer>;
  /** An asset streamed to a file; above `maxBytes`, refused as download does. */
  downloadToFile(asset: ReleaseAsset, file: string, maxBytes?: number): Promise<void>;
  updateBody(releaseId: number, body: string): Promise<void>;
}

interface OctokitRelease {
  id: number;
  tag_name: string;
  draft: boolean;
  immutable?: boolean;
  body?: string | null;
  upload_url: string;
  html_url: string;
}

interface OctokitAsset {
  id: number;
  name: string;
  size: number;
}

const PER_PAGE = 100;
const MAX_RELEASE_PAGES = 10;

export function octokitReleases(options: {
  token: string;
  apiURL: string;
  repository: string;
  network?: NetworkOptions;
}): ReleasesAPI {
  const octokit = getOctokit(options.token, {
    baseUrl: options.apiURL,
    userAgent: USER_AGENT,
    // Instead of @actions/github's fetch, whose proxy is decided once, for GITHUB_API_URL: the
    // upload host (uploads.github.com) and redirect targets get their own decision (no_proxy).
    request: { fetch: outboundFetch },
  });
  if (options.network) retryGitHubRequests(octokit, options.network);
  const [owner, repo] = options.repository.split('/');
  const toRelease = (r: OctokitRelease): Release => ({
    id: r.id,
    tagName: r.tag_name,
    draft: r.draft,
    immutable: r.immutable === true,
    body: r.body ?? '',
    uploadURL: r.upload_url,
    htmlURL: r.html_url,
  });
  const toAsset = (a: OctokitAsset): ReleaseAsset => ({ id: a.id, name: a.name, size: a.size });
  const call = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (err) {
      throw githubError(err, what, options.repository);
    }
  };

  return {
    repository: options.repository,

    async findByTag(tag) {
      try {
        const { data } = await octokit.rest.repos.getReleaseByTag({ owner, repo, tag });
        return toRelease(data);
      } catch (err) {
        if (statusOf(err) !== 404)
          throw githubError(err, `reading the release ${tag}`, options.repository);
      }
      // Drafts have no tag yet as far as GitHub's by-tag lookup is concerned: list them.
      for (let page = 1; page <= MAX_RELEASE_PAGES; page++) {
        const { data } = await call(`listing the releases`, () =>
          octokit.rest.repos.listReleases({ owner, repo, per_page: PER_PAGE, page }),
        );
        const draft = data.find((r) => r.tag_name === tag);
        if (draft) return toRelease(draft);
        if (data.length < PER_PAGE) break;
      }
      return undefined;
    },

    async get(releaseId) {
      const { data } = await call('reading the release', () =>
        octokit.rest.repos.getRelease({ owner, repo, release_id: releaseId }),
      );
      return toRelease(data);
    },

    async listAssets(releaseId) {
      const assets = await call('listing the release assets', () =>
        octokit.paginate(octokit.rest.repos.listReleaseAssets, {
          owner,
          repo,
          release_id: releaseId,
          per_page: PER_PAGE,
        }),
      );
      return assets.map(toAsset);
    },

    async upload(release, name, data, contentType) {
      const { data: asset } = await call(`uploading ${name}`, () =>
        octokit.rest.repos.uploadReleaseAsset({
          owner,
          repo,
          release_id: release.id,
          name,
          // The release's own upload_url: Octokit's default host is uploads.github.com.
          url: release.uploadURL,
          // A Buffer; no explicit content-length (Node 24's fetch rejects one it did not compute).
          data: data as unknown as string,
          headers: { 'content-type': contentType },
        }),
      );
      return toAsset(asset);
    },

    async deleteAsset(asset) {
      await call(`deleting ${asset.name}`, () =>
        octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id }),
      );
    },

    async download(asset) {
      checkListedSize(asset, MAX_BUNDLE_BYTES);
      const response = await fetchAsset(options, asset);
      const chunks: Buffer[] = [];
      await pipeline(
        bodyOf(response, asset),
        byteLimit(asset, MAX_BUNDLE_BYTES),
        async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source) chunks.push(chunk);
        },
      );
      return Buffer.concat(chunks);
    },

    async downloadToFile(asset, file, maxBytes) {
      if (maxBytes !== undefined) checkListedSize(asset, maxBytes);
      const response = await fetchAsset(options, asset);
      await pipeline(
        bodyOf(response, asset),
        byteLimit(asset, maxBytes ?? Infinity),
        createWriteStream(file),
      );
    },

    async updateBody(releaseId, body) {
      await call('editing the release notes', () =>
        octokit.rest.repos.updateRelease({ owner, repo, release_id: releaseId, body }),
      );
    },
  };
}

/** An asset too large for what it is named (a bundle): not downloaded, or not past the limit. */
export class AssetTooLarge extends ActionError {
  constructor(
    readonly asset: ReleaseAsset,
    readonly maxBytes: number,
  ) {
    super(
      'BUNDLE_MALFORMED',
      `the release asset ${printable(asset.name)} is ${asset.size > maxBytes ? `${asset.size} bytes` : `over ${maxBytes} bytes`}, far too large for a Sigstore bundle (a few kilobytes); it was not downloaded past ${maxBytes} bytes: check that it is the bundle, not the signed file itself`,
    );
  }
}

function checkListedSize(asset: ReleaseAsset, maxBytes: number): void {
  if (asset.size > maxBytes) throw new AssetTooLarge(asset, maxBytes);
}

function bodyOf(response: Response, asset: ReleaseAsset): Readable {
  if (!response.body) throw new Error(`no body for ${asset.name}`);
  return Readable.fromWeb(response.body as never);
}

/** Passes bytes on until there are more than `maxBytes`: then stops the download. */
function byteLimit(asset: ReleaseAsset, maxBytes: number): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new AssetTooLarge(asset, maxBytes));
      else done(null, chunk);
    },
  });
}

/**
 * Downloads an asset's bytes through the API (works for drafts and private repositories), streamed:
 * Octokit would buffer a multi-gigabyte asset in memory.
 */
async function fetchAsset(
  options: { token: string; apiURL: string; repository: string },
  asset: ReleaseAsset,
): Promise<Response> {
  const url = `${options.apiURL.replace(/\/+$/, '')}/repos/${options.repository}/releases/assets/${asset.id}`;
  let response: Response;
  try {
    response = await outboundFetch(url, {
      headers: {
        accept: 'application/octet-stream',
        authorization: `Bearer ${options.token}`,
        'x-github-api-version': '2022-11-28',
      },
      redirect: 'follow',
    });
  } catch (err) {
    throw new GitHubRequestError(
      0,
      String(err),
      false,
      `downloading ${asset.name} failed: ${(err as Error).message}`,
    );
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw githubError(
      { status: response.status, message: text },
      `downloading ${asset.name}`,
      options.repository,
    );
  }
  return response;
}
