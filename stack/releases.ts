// GitHub releases and release assets, as the REST API serves them: drafts (visible only with write
// access, never found by tag), publishing, assets with GitHub's names, digests and download URLs,
// and immutable releases (a repository setting; a release published while it is on can no longer
// gain or lose assets). Handlers receive requests already routed, checked and authorised by
// stack/github-api.ts.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  allows,
  githubError,
  notFound,
  paginate,
  timestamp,
  validationFailed,
  type ApiRequest,
  type OperationEntry,
  type Repository,
  type TokenGrant,
} from './github-api.js';
import { json, type StackRequest, type StackResponse } from './http.js';

const FIRST_RELEASE_ID = 210_000_001;
const FIRST_ASSET_ID = 280_000_001;
const SIGNED_URL_LIFETIME_MS = 5 * 60_000;
const DEFAULT_BRANCH = 'main';
/**
 * GitHub refuses the 1,001st asset of a release with 422 and an errors entry
 * `{resource: 'ReleaseAsset', code: 'custom', field: 'file_count', message: 'file_count limited to
 * 1000 assets per release'}` (enforced since July 2025: github.com/orgs/community/discussions/165616,
 * seen in osandov/drgn#521, gardenlinux/gardenlinux#4523 and leeguooooo/AgentParty#974, whose log
 * shows the errors entry; that log's message ends at "assets", the others' with "per release":
 * the message's exact end is uncertain, the field and code are not).
 */
export const MAX_ASSETS_PER_RELEASE = 1000;
/**
 * GitHub refuses a release body longer than 125,000 characters on create and update with a 422
 * validation error whose message is `body is too long (maximum is 125000 characters)` (the wording
 * of a Rails length validation; quoted in issue 15). Counted in characters (code points, as Ruby's
 * String#length counts), not UTF-16 units: an assumption, GitHub does not document the unit.
 */
export const MAX_RELEASE_BODY_CHARACTERS = 125_000;

interface Asset {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  data: Buffer;
  digest: string;
  createdAt: Date;
  updatedAt: Date;
  downloads: number;
  uploader: string;
}

interface Release {
  id: number;
  tag: string;
  target: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** A draft's URLs use `untagged-<hex>` until it is published, as GitHub's do. */
  untagged: string;
  author: string;
  assets: Asset[];
}

interface RepoState {
  repository: Repository;
  immutableReleases: boolean;
  releases: Release[];
  /** Tags of deleted immutable releases: GitHub never lets them be released again. */
  burnedTags: Set<string>;
}

export interface ReleaseUrls {
  /** `<STACK_URL>/api` */
  api: string;
  /** `<STACK_URL>/uploads` */
  uploads: string;
  /** `<STACK_URL>/download` (stands in for github.com's release download URLs) */
  download: string;
}

export class ReleaseService {
  private readonly repos = new Map<number, RepoState>();
  private readonly signingKey = randomBytes(32);
  private nextReleaseId = FIRST_RELEASE_ID;
  private nextAssetId = FIRST_ASSET_ID;

  constructor(
    private readonly urls: ReleaseUrls,
    repositories: Repository[],
    private readonly tokens: Map<string, TokenGrant>,
  ) {
    for (const repository of repositories) {
      this.repos.set(repository.id, {
        repository,
        immutableReleases: false,
        releases: [],
        burnedTags: new Set(),
      });
    }
  }

  /** The operations this service serves, for stack/github-api.ts. */
  operations(): OperationEntry[] {
    const read = (
      operationId: string,
      handler: (req: ApiRequest) => StackResponse,
    ): OperationEntry => ({
      operationId,
      host: 'api',
      permission: ['contents', 'read'],
      anonymous: true,
      handler,
    });
    const write = (
      operationId: string,
      handler: (req: ApiRequest) => StackResponse,
    ): OperationEntry => ({
      operationId,
      host: 'api',
      permission: ['contents', 'write'],
      handler,
    });
    return [
      write('repos/create-release', (req) => this.create(req)),
      read('repos/list-releases', (req) => this.list(req)),
      read('repos/get-release', (req) => this.get(req)),
      read('repos/get-release-by-tag', (req) => this.getByTag(req)),
      read('repos/get-latest-release', (req) => this.getLatest(req)),
      write('repos/update-release', (req) => this.update(req)),
      write('repos/delete-release', (req) => this.deleteRelease(req)),
      read('repos/list-release-assets', (req) => this.listAssets(req)),
      read('repos/get-release-asset', (req) => this.getAsset(req)),
      write('repos/delete-release-asset', (req) => this.deleteAsset(req)),
      { ...write('repos/upload-release-asset', (req) => this.upload(req)), host: 'uploads' },
      {
        operationId: 'repos/check-immutable-releases',
        host: 'api',
        permission: ['administration', 'read'],
        handler: (req) =>
          this.state(req).immutableReleases
            ? json(200, { enabled: true, enforced_by_owner: false })
            : notFound(req.operation.docsUrl),
      },
      {
        operationId: 'repos/enable-immutable-releases',
        host: 'api',
        permission: ['administration', 'write'],
        handler: (req) => this.setImmutable(req, true),
      },
      {
        operationId: 'repos/disable-immutable-releases',
        host: 'api',
        permission: ['administration', 'write'],
        handler: (req) => this.setImmutable(req, false),
      },
    ];
  }

  /**
   * `/download/...`, standing in for github.com: `/{owner}/{repo}/releases/download/{tag}/{name}`
   * (browser_download_url; published releases, no token needed, as on a public repository; a
   * draft's needs a token with write access) and `/assets/{id}?expires=&sig=` (where the API
   * redirects `Accept: application/octet-stream`; a short-lived signed URL like GitHub's).
   */
  handleDownload(req: StackRequest): StackResponse {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return githubError(405, `${req.method} is not allowed`);
    }
    const signed = /^\/assets\/(\d+)$/.exec(req.path);
    if (signed) {
      const expires = req.query.get('expires') ?? '';
      const sig = Buffer.from(req.query.get('sig') ?? '');
      const expected = Buffer.from(this.sign(`${signed[1]}:${expires}`));
      if (
        sig.length !== expected.length ||
        !timingSafeEqual(sig, expected) ||
        Number(expires) < Date.now()
      ) {
        return {
          status: 403,
          headers: { 'content-type': 'text/plain' },
          body: 'Request has expired or is not signed',
        };
      }
      const found = this.findAsset(Number(signed[1]));
      return found ? serveAsset(found.asset) : { status: 404, body: 'Not Found' };
    }
    const m = /^\/([^/]+)\/([^/]+)\/releases\/download\/(.+)\/([^/]+)$/.exec(req.path);
    const state = m && this.stateOf(decodeURIComponent(m[1]), decodeURIComponent(m[2]));
    if (!m || !state) return { status: 404, body: 'Not Found' };
    const tag = decodeURIComponent(m[3]);
    const name = decodeURIComponent(m[4]);
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const writer = allows(token ? this.tokens.get(token) : undefined, 'contents', 'write');
    const release = state.releases.find((r) =>
      r.draft ? writer && r.untagged === tag : r.tag === tag,
    );
    const asset = release?.assets.find((a) => a.name === name);
    return asset ? serveAsset(asset) : { status: 404, body: 'Not Found' };
  }

  private create(req: ApiRequest): StackResponse {
    const state = this.state(req);
    const input = req.json as {
      tag_name: string;
      target_commitish?: string;
      name?: string;
      body?: string;
      draft?: boolean;
      prerelease?: boolean;
      generate_release_notes?: boolean;
    };
    const draft = input.draft === true;
    const refused =
      checkBody(input.body, req) ?? this.checkTag(state, input.tag_name, draft, undefined, req);
    if (refused) return refused;
    const now = new Date();
    const release: Release = {
      id: this.nextReleaseId++,
      tag: input.tag_name,
      target: input.target_commitish ?? DEFAULT_BRANCH,
      name: input.name ?? (input.generate_release_notes ? input.tag_name : null),
      body: input.body ?? null,
      draft,
      prerelease: input.prerelease === true,
      immutable: !draft && state.immutableReleases,
      createdAt: now,
      updatedAt: now,
      publishedAt: draft ? null : now,
      untagged: `untagged-${randomBytes(10).toString('hex')}`,
      author: (req.caller as TokenGrant).login,
      assets: [],
    };
    state.releases.push(release);
    const body = this.releaseJson(state, release);
    return json(201, body, { location: body.url });
  }

  private list(req: ApiRequest): StackResponse {
    const state = this.state(req);
    const visible = state.releases
      .filter((r) => !r.draft || canWrite(req))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    const { page, headers } = paginate(visible, req, `${this.urls.api}${req.path}`);
    return json(
      200,
      page.map((r) => this.releaseJson(state, r)),
      headers,
    );
  }

  private get(req: ApiRequest): StackResponse {
    const found = this.release(req, Number(req.params.release_id));
    return 'status' in found ? found : json(200, this.releaseJson(found.state, found.release));
  }

  private getByTag(req: ApiRequest): StackResponse {
    const state = this.state(req);
    const release = state.releases.find((r) => !r.draft && r.tag === req.params.tag);
    return release ? json(200, this.releaseJson(state, release)) : notFound(req.operation.docsUrl);
  }

  private getLatest(req: ApiRequest): StackResponse {
    const state = this.state(req);
    const latest = state.releases
      .filter((r) => !r.draft && !r.prerelease)
      .sort(
        (a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0) || b.id - a.id,
      )[0];
    return latest ? json(200, this.releaseJson(state, latest)) : notFound(req.operation.docsUrl);
  }

  private update(req: ApiRequest): StackResponse {
    const found = this.release(req, Number(req.params.release_id));
    if ('status' in found) return found;
    const { state, release } = found;
    const input = (req.json ?? {}) as {
      tag_name?: string;
      target_commitish?: string;
      name?: string;
      body?: string;
      draft?: boolean;
      prerelease?: boolean;
    };
    const tooLong = checkBody(input.body, req);
    if (tooLong) return tooLong;
    if (release.immutable) {
      // "Immutable release. Only release title and notes can be modified."
      const changed = (
        [
          ['tag_name', input.tag_name, release.tag],
          ['target_commitish', input.target_commitish, release.target],
          ['draft', input.draft, release.draft],
          ['prerelease', input.prerelease, release.prerelease],
        ] as const
      ).filter(([, value, current]) => value !== undefined && value !== current);
      if (changed.length > 0) {
        return validationFailed(
          req.operation.docsUrl,
          ...changed.map(([field]) => ({
            resource: 'Release',
            code: 'custom',
            field,
            message: `${field === 'draft' ? 'state' : field} cannot be changed when release is immutable`,
          })),
        );
      }
    }
    const draft = input.draft ?? release.draft;
    const tag = input.tag_name ?? release.tag;
    if (!draft && (release.draft || tag !== release.tag)) {
      const refused = this.checkTag(state, tag, false, release, req);
      if (refused) return refused;
    }
    const now = new Date();
    if (release.draft && !draft) {
      release.publishedAt = now;
      release.immutable = state.immutableReleases;
    } else if (!release.draft && draft) {
      release.publishedAt = null;
    }
    release.draft = draft;
    release.tag = tag;
    release.target = input.target_commitish ?? release.target;
    release.name = input.name ?? release.name;
    release.body = input.body ?? release.body;
    release.prerelease = input.prerelease ?? release.prerelease;
    release.updatedAt = now;
    return json(200, this.releaseJson(state, release));
  }

  private deleteRelease(req: ApiRequest): StackResponse {
    const found = this.release(req, Number(req.params.release_id));
    if ('status' in found) return found;
    const { state, release } = found;
    state.releases.splice(state.releases.indexOf(release), 1);
    if (release.immutable) state.burnedTags.add(release.tag);
    return { status: 204, body: '' };
  }

  private listAssets(req: ApiRequest): StackResponse {
    const found = this.release(req, Number(req.params.release_id));
    if ('status' in found) return found;
    const { page, headers } = paginate(found.release.assets, req, `${this.urls.api}${req.path}`);
    return json(
      200,
      page.map((a) => this.assetJson(found.state, found.release, a)),
      headers,
    );
  }

  private getAsset(req: ApiRequest): StackResponse {
    const found = this.visibleAsset(req);
    if ('status' in found) return found;
    const accept = String(req.headers.accept ?? '');
    if (/application\/octet-stream/i.test(accept)) {
      // GitHub redirects to a short-lived signed URL on another host; the client follows it.
      const expires = String(Date.now() + SIGNED_URL_LIFETIME_MS);
      const id = String(found.asset.id);
      const location = `${this.urls.download}/assets/${id}?expires=${expires}&sig=${this.sign(`${id}:${expires}`)}`;
      return { status: 302, headers: { location }, body: '' };
    }
    return json(200, this.assetJson(found.state, found.release, found.asset));
  }

  private deleteAsset(req: ApiRequest): StackResponse {
    const found = this.visibleAsset(req);
    if ('status' in found) return found;
    if (found.release.immutable) {
      return validationFailed(req.operation.docsUrl, {
        resource: 'ReleaseAsset',
        code: 'custom',
        message: 'Cannot delete asset from an immutable release',
      });
    }
    found.release.assets.splice(found.release.assets.indexOf(found.asset), 1);
    return { status: 204, body: '' };
  }

  private upload(req: ApiRequest): StackResponse {
    const found = this.release(req, Number(req.params.release_id));
    if ('status' in found) return found;
    const { state, release } = found;
    if (release.immutable) {
      return githubError(422, 'Cannot upload assets to an immutable release.');
    }
    const name = assetName(req.query.get('name') ?? '');
    if (name === '') {
      return validationFailed(req.operation.docsUrl, {
        resource: 'ReleaseAsset',
        code: 'missing_field',
        field: 'name',
      });
    }
    if (release.assets.some((a) => a.name === name)) {
      return validationFailed(req.operation.docsUrl, {
        resource: 'ReleaseAsset',
        code: 'already_exists',
        field: 'name',
      });
    }
    if (release.assets.length >= MAX_ASSETS_PER_RELEASE) {
      return validationFailed(req.operation.docsUrl, {
        resource: 'ReleaseAsset',
        code: 'custom',
        field: 'file_count',
        message: `file_count limited to ${String(MAX_ASSETS_PER_RELEASE)} assets per release`,
      });
    }
    const now = new Date();
    const asset: Asset = {
      id: this.nextAssetId++,
      name,
      label: req.query.get('label') ?? '',
      contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
      data: req.body,
      digest: `sha256:${createHash('sha256').update(req.body).digest('hex')}`,
      createdAt: now,
      updatedAt: now,
      downloads: 0,
      uploader: (req.caller as TokenGrant).login,
    };
    release.assets.push(asset);
    release.updatedAt = now;
    return json(201, this.assetJson(state, release, asset));
  }

  private setImmutable(req: ApiRequest, enabled: boolean): StackResponse {
    // Only releases published from now on are affected: existing ones keep their state.
    this.state(req).immutableReleases = enabled;
    return { status: 204, body: '' };
  }

  /** A published release's tag must be unused by other published releases and never burned. */
  private checkTag(
    state: RepoState,
    tag: string,
    draft: boolean,
    self: Release | undefined,
    req: ApiRequest,
  ): StackResponse | undefined {
    if (tag.trim() === '' || /[\s~^:?*[\\]|\.\.|@\{|^\/|\/$|\.lock$/.test(tag)) {
      return validationFailed(req.operation.docsUrl, {
        resource: 'Release',
        code: 'custom',
        field: 'tag_name',
        message: 'tag_name is not a valid tag',
      });
    }
    if (draft) return undefined;
    if (state.burnedTags.has(tag)) {
      return validationFailed(req.operation.docsUrl, {
        resource: 'Release',
        code: 'custom',
        field: 'tag_name',
        message: 'tag_name was used by an immutable release',
      });
    }
    if (state.releases.some((r) => r !== self && !r.draft && r.tag === tag)) {
      return validationFailed(req.operation.docsUrl, {
        resource: 'Release',
        code: 'already_exists',
        field: 'tag_name',
      });
    }
    return undefined;
  }

  private state(req: ApiRequest): RepoState {
    return this.repos.get(req.repository.id) as RepoState;
  }

  private stateOf(owner: string, name: string): RepoState | undefined {
    return [...this.repos.values()].find(
      (s) =>
        s.repository.owner.toLowerCase() === owner.toLowerCase() &&
        s.repository.name.toLowerCase() === name.toLowerCase(),
    );
  }

  /** A release the caller may see: drafts only with write access, as on GitHub. */
  private release(
    req: ApiRequest,
    id: number,
  ): { state: RepoState; release: Release } | StackResponse {
    const state = this.state(req);
    const release = state.releases.find((r) => r.id === id && (!r.draft || canWrite(req)));
    return release ? { state, release } : notFound(req.operation.docsUrl);
  }

  private visibleAsset(
    req: ApiRequest,
  ): { state: RepoState; release: Release; asset: Asset } | StackResponse {
    const state = this.state(req);
    const id = Number(req.params.asset_id);
    for (const release of state.releases) {
      if (release.draft && !canWrite(req)) continue;
      const asset = release.assets.find((a) => a.id === id);
      if (asset) return { state, release, asset };
    }
    return notFound(req.operation.docsUrl);
  }

  private findAsset(id: number): { release: Release; asset: Asset } | undefined {
    for (const state of this.repos.values()) {
      for (const release of state.releases) {
        const asset = release.assets.find((a) => a.id === id);
        if (asset) return { release, asset };
      }
    }
    return undefined;
  }

  private sign(input: string): string {
    return createHmac('sha256', this.signingKey).update(input).digest('hex');
  }

  private releaseJson(state: RepoState, r: Release): Record<string, unknown> & { url: string } {
    const repo = `${state.repository.owner}/${state.repository.name}`;
    const url = `${this.urls.api}/repos/${repo}/releases/${r.id}`;
    return {
      url,
      assets_url: `${url}/assets`,
      upload_url: `${this.urls.uploads}/repos/${repo}/releases/${r.id}/assets{?name,label}`,
      html_url: `https://github.com/${repo}/releases/tag/${r.draft ? r.untagged : encodeURIComponent(r.tag)}`,
      id: r.id,
      author: this.user(r.author),
      node_id: nodeId('RE_kwDOMBSwzs4', r.id),
      tag_name: r.tag,
      target_commitish: r.target,
      name: r.name,
      draft: r.draft,
      immutable: r.immutable,
      prerelease: r.prerelease,
      created_at: timestamp(r.createdAt),
      updated_at: timestamp(r.updatedAt),
      published_at: r.publishedAt && timestamp(r.publishedAt),
      assets: r.assets.map((a) => this.assetJson(state, r, a)),
      tarball_url: r.draft
        ? null
        : `${this.urls.api}/repos/${repo}/tarball/${encodeURIComponent(r.tag)}`,
      zipball_url: r.draft
        ? null
        : `${this.urls.api}/repos/${repo}/zipball/${encodeURIComponent(r.tag)}`,
      body: r.body,
    };
  }

  private assetJson(state: RepoState, r: Release, a: Asset): Record<string, unknown> {
    const repo = `${state.repository.owner}/${state.repository.name}`;
    return {
      url: `${this.urls.api}/repos/${repo}/releases/assets/${a.id}`,
      id: a.id,
      node_id: nodeId('RA_kwDOMBSwzs4', a.id),
      name: a.name,
      label: a.label,
      uploader: this.user(a.uploader),
      content_type: a.contentType,
      state: 'uploaded',
      size: a.data.length,
      digest: a.digest,
      download_count: a.downloads,
      created_at: timestamp(a.createdAt),
      updated_at: timestamp(a.updatedAt),
      browser_download_url: `${this.urls.download}/${repo}/releases/download/${encodeURIComponent(r.draft ? r.untagged : r.tag)}/${encodeURIComponent(a.name)}`,
    };
  }

  /** The simple-user of the account a token acts as (github-actions[bot] for GITHUB_TOKEN). */
  private user(login: string): Record<string, unknown> {
    const bot = login.endsWith('[bot]');
    const url = `${this.urls.api}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id: bot ? 41898282 : 583231,
      node_id: bot ? 'MDM6Qm90NDE4OTgyODI=' : 'MDQ6VXNlcjU4MzIzMQ==',
      avatar_url: bot
        ? 'https://avatars.githubusercontent.com/in/15368?v=4'
        : 'https://avatars.githubusercontent.com/u/583231?v=4',
      gravatar_id: '',
      url,
      html_url: bot ? 'https://github.com/apps/github-actions' : `https://github.com/${login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: bot ? 'Bot' : 'User',
      user_view_type: 'public',
      site_admin: false,
    };
  }
}

/** 422 for a body over GitHub's limit (see MAX_RELEASE_BODY_CHARACTERS), else undefined. */
function checkBody(body: string | undefined, req: ApiRequest): StackResponse | undefined {
  if (body === undefined || body === null) return undefined;
  if (body.length <= MAX_RELEASE_BODY_CHARACTERS) return undefined;
  const characters = body.length - (body.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
  if (characters <= MAX_RELEASE_BODY_CHARACTERS) return undefined;
  return validationFailed(req.operation.docsUrl, {
    resource: 'Release',
    code: 'custom',
    field: 'body',
    message: `body is too long (maximum is ${String(MAX_RELEASE_BODY_CHARACTERS)} characters)`,
  });
}

function canWrite(req: ApiRequest): boolean {
  return allows(req.caller, 'contents', 'write');
}

function serveAsset(asset: Asset): StackResponse {
  asset.downloads++;
  return {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename=${asset.name}`,
      'content-length': String(asset.data.length),
    },
    body: asset.data,
  };
}

/** Letters NFKD does not decompose, spelled as GitHub spells them (ð -> d, æ -> ae, ŋ -> ng). */
const TRANSLITERATIONS: Record<string, string> = {
  æ: 'ae',
  Æ: 'AE',
  ð: 'd',
  Ð: 'D',
  đ: 'd',
  Đ: 'D',
  ŋ: 'ng',
  Ŋ: 'NG',
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};

/**
 * GitHub renames uploaded asset files ("special characters, non-alphanumeric characters, and
 * leading or trailing periods", its docs say, without the rules). The rules below are those of
 * cli/cli's sanitizeFileName (pkg/cmd/release/upload/upload.go and its upload_test.go, commit
 * 44ee17760709bedf1cad7e452e61751489b81a33, added for cli/cli#7024 "to mimic ... what the platform
 * does on uploaded assets"): diacritics removed; a name starting with `.` gets `default` before it
 * (`.env` -> `default.env`); each run of characters other than ASCII letters, digits, `-`, `_`, `+`
 * and `@` becomes one `.` (so `+` and `@` stay: `this+has+plusses.jpg`); periods do not repeat;
 * leading and trailing periods go; a renamed name left without a period gets `default.` before
 * it (`Hello, दुनिया` -> `default.Hello`). Uncertain: gh mimics the server, it is not the server;
 * the transliteration of letters NFKD does not decompose (TRANSLITERATIONS) is our assumption
 * (gh's RemoveDiacritics drops only combining marks, which would turn `ł` into `.`).
 */
export function assetName(name: string): string {
  let value = name
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[\u0080-\u{10ffff}]/gu, (c) => TRANSLITERATIONS[c] ?? c);
  if (value.startsWith('.')) value = `default${value}`;
  value = value
    .replace(/[^A-Za-z0-9\-_+@]+/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.+|\.+$/g, '');
  if (value !== name && !value.includes('.')) value = `default.${value}`;
  return value;
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}${Buffer.from(String(id)).toString('base64url')}`;
}
