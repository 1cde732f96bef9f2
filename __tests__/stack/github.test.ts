// The GitHub REST stand-in for releases, through the REAL Octokit of @actions/github, with every
// request and answer checked against GitHub's OpenAPI description by the stack itself.
import { createHash } from 'node:crypto';
import { getOctokit } from '@actions/github';
import {
  createRelease,
  downloadAsset,
  formatViolation,
  getReleaseByTag,
  githubRequest,
  listAssets,
  listReleases,
  openapiViolations,
  setImmutableReleases,
  uploadAsset,
} from '../helpers/github.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

type Octokit = ReturnType<typeof getOctokit>;

interface HttpError {
  status: number;
  message: string;
  response?: { data: { message?: string; errors?: { code: string; field?: string }[] } };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    return err as HttpError;
  }
  throw new Error('expected the request to fail');
}

describe('the GitHub releases stand-in', () => {
  let stack: StackProcess;
  let octokit: Octokit;
  let readonly: Octokit;
  let owner: string;
  let repo: string;

  beforeAll(async () => {
    stack = await spawnStack();
    octokit = getOctokit(stack.env.STACK_GITHUB_TOKEN, { baseUrl: stack.env.GITHUB_API_URL });
    readonly = getOctokit(stack.env.STACK_GITHUB_TOKEN_READONLY, {
      baseUrl: stack.env.GITHUB_API_URL,
    });
    [owner, repo] = stack.env.GITHUB_REPOSITORY.split('/');
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function upload(
    client: Octokit,
    release: { id: number; upload_url: string },
    name: string,
    data: Buffer,
  ): Promise<{
    id: number;
    name: string;
    size: number;
    digest?: string | null;
    state: string;
    browser_download_url: string;
  }> {
    const { data: asset } = await client.rest.repos.uploadReleaseAsset({
      owner,
      repo,
      release_id: release.id,
      name,
      url: release.upload_url,
      data: data as unknown as string,
      headers: { 'content-type': 'application/octet-stream' },
    });
    return asset;
  }

  it('creates a release, uploads through upload_url, lists, downloads and deletes assets', async () => {
    const { data: release, status } = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'v1.2.3',
      name: 'v1.2.3',
      body: 'First release',
    });
    expect(status).toBe(201);
    expect(release).toMatchObject({ draft: false, immutable: false, tag_name: 'v1.2.3' });
    expect(release.upload_url).toBe(
      `${stack.url}/uploads/repos/${owner}/${repo}/releases/${release.id}/assets{?name,label}`,
    );
    expect(release.author.login).toBe('github-actions[bot]');

    const tarball = Buffer.from(Array.from({ length: 50_000 }, (_, i) => i % 253));
    const bundle = Buffer.from('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}');
    const a = await upload(octokit, release, 'app.tar.gz', tarball);
    const b = await upload(octokit, release, 'app.tar.gz.sigstore.json', bundle);
    expect(a).toMatchObject({ name: 'app.tar.gz', size: tarball.length, state: 'uploaded' });
    expect(a.digest).toBe(`sha256:${createHash('sha256').update(tarball).digest('hex')}`);
    expect(b.browser_download_url).toBe(
      `${stack.url}/download/${owner}/${repo}/releases/download/v1.2.3/app.tar.gz.sigstore.json`,
    );

    const { data: listed } = await octokit.rest.repos.listReleaseAssets({
      owner,
      repo,
      release_id: release.id,
    });
    expect(listed.map((x) => x.name)).toEqual(['app.tar.gz', 'app.tar.gz.sigstore.json']);

    // Bytes: with Accept: application/octet-stream (a 302 that fetch follows), and anonymously
    // from browser_download_url.
    const got = await octokit.rest.repos.getReleaseAsset({
      owner,
      repo,
      asset_id: a.id,
      headers: { accept: 'application/octet-stream' },
    });
    expect(Buffer.from(got.data as unknown as ArrayBuffer).equals(tarball)).toBe(true);
    expect((await downloadAsset(stack, b, { via: 'browser' })).equals(bundle)).toBe(true);
    expect((await downloadAsset(stack, b)).equals(bundle)).toBe(true);

    const { data: byTag } = await octokit.rest.repos.getReleaseByTag({
      owner,
      repo,
      tag: 'v1.2.3',
    });
    expect(byTag.assets.map((x) => x.id)).toEqual([a.id, b.id]);

    await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: a.id });
    expect((await listAssets(stack, release.id)).map((x) => x.name)).toEqual([
      'app.tar.gz.sigstore.json',
    ]);
    const gone = await failure(octokit.rest.repos.getReleaseAsset({ owner, repo, asset_id: a.id }));
    expect(gone.status).toBe(404);
  });

  it('refuses a duplicate asset name with 422 already_exists (replace = delete + upload)', async () => {
    const { data: release } = await octokit.rest.repos.getReleaseByTag({
      owner,
      repo,
      tag: 'v1.2.3',
    });
    const err = await failure(
      upload(octokit, release, 'app.tar.gz.sigstore.json', Buffer.from('again')),
    );
    expect(err.status).toBe(422);
    expect(err.response?.data.errors).toEqual([
      { resource: 'ReleaseAsset', code: 'already_exists', field: 'name' },
    ]);
  });

  it('renames asset files the way GitHub does', async () => {
    const release = await createRelease(stack, { tag: 'names', draft: true });
    const renamed = await Promise.all(
      ['my file (1).txt', 'tilde~1.deb', 'żółw.txt', '.env', 'ok-name_1.2.tgz'].map(
        async (name) => (await uploadAsset(stack, release, name, 'x')).name,
      ),
    );
    expect(renamed).toEqual([
      'my.file.1.txt',
      'tilde.1.deb',
      'zolw.txt',
      'default.env',
      'ok-name_1.2.tgz',
    ]);
  });

  it('answers 404 for an unknown tag, release, asset and repository', async () => {
    expect(
      (await failure(octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'v9' }))).status,
    ).toBe(404);
    expect(
      (await failure(octokit.rest.repos.getRelease({ owner, repo, release_id: 1 }))).status,
    ).toBe(404);
    expect(
      (await failure(octokit.rest.repos.getReleaseAsset({ owner, repo, asset_id: 1 }))).status,
    ).toBe(404);
    const other = await failure(
      octokit.rest.repos.listReleases({ owner: 'someone-else', repo: 'elsewhere' }),
    );
    expect(other.status).toBe(404);
    expect(other.response?.data.message).toBe('Not Found');
  });

  it('keeps drafts out of by-tag lookups and away from read-only tokens, but lists them', async () => {
    const { data: draft } = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'v2.0.0',
      draft: true,
    });
    expect(draft.html_url).toMatch(/\/releases\/tag\/untagged-[0-9a-f]+$/);
    expect(draft.published_at).toBeNull();
    expect(
      (await failure(octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'v2.0.0' }))).status,
    ).toBe(404);
    expect(await getReleaseByTag(stack, 'v2.0.0')).toBeUndefined();

    const all = await octokit.paginate(octokit.rest.repos.listReleases, { owner, repo });
    expect(all.find((r) => r.id === draft.id)?.draft).toBe(true);
    const visible = await readonly.paginate(readonly.rest.repos.listReleases, { owner, repo });
    expect(visible.some((r) => r.draft)).toBe(false);
    expect(
      (await failure(readonly.rest.repos.getRelease({ owner, repo, release_id: draft.id }))).status,
    ).toBe(404);
  });

  it('refuses writes from a read-only token (403) and any request with a bad token (401)', async () => {
    const { data: release } = await octokit.rest.repos.getReleaseByTag({
      owner,
      repo,
      tag: 'v1.2.3',
    });
    const denied = await failure(upload(readonly, release, 'nope.txt', Buffer.from('x')));
    expect(denied.status).toBe(403);
    expect(denied.response?.data.message).toBe('Resource not accessible by integration');
    const create = await failure(readonly.rest.repos.createRelease({ owner, repo, tag_name: 'x' }));
    expect(create.status).toBe(403);
    const bad = getOctokit('ghs_notarealtoken', { baseUrl: stack.env.GITHUB_API_URL });
    const unauthorised = await failure(bad.rest.repos.listReleases({ owner, repo }));
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.response?.data.message).toBe('Bad credentials');
    // Public repository: anonymous reads work, anonymous writes need a token.
    expect(
      (await githubRequest(stack, 'GET', `/repos/${owner}/${repo}/releases`, { token: 'none' }))
        .status,
    ).toBe(200);
    expect(
      (
        await githubRequest(stack, 'POST', `/repos/${owner}/${repo}/releases`, {
          token: 'none',
          body: { tag_name: 'anon' },
        })
      ).status,
    ).toBe(401);
  });

  it('paginates with a Link header', async () => {
    for (const tag of ['p1', 'p2', 'p3']) await createRelease(stack, { tag });
    const res = await githubRequest(stack, 'GET', `/repos/${owner}/${repo}/releases?per_page=2`);
    expect(res.headers.get('link')).toMatch(/<[^>]+[?&]page=2[^>]*>; rel="next"/);
    const all = await octokit.paginate(octokit.rest.repos.listReleases, {
      owner,
      repo,
      per_page: 2,
    });
    expect(all.length).toBe((await listReleases(stack)).length);
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it('makes a release published under immutable releases refuse asset changes; its draft took them', async () => {
    // The setting needs a repository administrator; a GITHUB_TOKEN cannot even read it.
    const check = await failure(octokit.rest.repos.checkImmutableReleases({ owner, repo }));
    expect(check.status).toBe(403);
    await setImmutableReleases(stack, true);
    const admin = getOctokit(stack.env.STACK_GITHUB_ADMIN_TOKEN, {
      baseUrl: stack.env.GITHUB_API_URL,
    });
    expect((await admin.rest.repos.checkImmutableReleases({ owner, repo })).data).toEqual({
      enabled: true,
      enforced_by_owner: false,
    });

    const { data: draft } = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'v3.0.0',
      draft: true,
    });
    expect(draft.immutable).toBe(false);
    const first = await upload(octokit, draft, 'app.tar.gz', Buffer.from('app'));
    await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: first.id });
    const kept = await upload(octokit, draft, 'app.tar.gz', Buffer.from('app v2'));

    const { data: published } = await octokit.rest.repos.updateRelease({
      owner,
      repo,
      release_id: draft.id,
      draft: false,
    });
    expect(published).toMatchObject({ draft: false, immutable: true });
    expect(published.html_url).toMatch(/\/releases\/tag\/v3\.0\.0$/);

    const refused = await failure(
      upload(octokit, published, 'late.sigstore.json', Buffer.from('{}')),
    );
    expect(refused.status).toBe(422);
    expect(refused.response?.data.message).toBe('Cannot upload assets to an immutable release.');
    const undeletable = await failure(
      octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: kept.id }),
    );
    expect(undeletable.status).toBe(422);
    expect(undeletable.response?.data.errors?.[0]).toMatchObject({
      resource: 'ReleaseAsset',
      code: 'custom',
    });
    // Notes can still change; the state cannot.
    const { data: edited } = await octokit.rest.repos.updateRelease({
      owner,
      repo,
      release_id: draft.id,
      body: 'Signed with Sigstore',
    });
    expect(edited.body).toBe('Signed with Sigstore');
    const redraft = await failure(
      octokit.rest.repos.updateRelease({ owner, repo, release_id: draft.id, draft: true }),
    );
    expect(redraft.status).toBe(422);

    // Releases published before the setting keep their state.
    const { data: old } = await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'v1.2.3' });
    expect(old.immutable).toBe(false);
    await setImmutableReleases(stack, false);
    const { data: stillImmutable } = await octokit.rest.repos.getRelease({
      owner,
      repo,
      release_id: draft.id,
    });
    expect(stillImmutable.immutable).toBe(true);
  });

  it('recorded no OpenAPI violation for any of the above', async () => {
    const violations = await openapiViolations(stack);
    if (violations.length > 0) console.error(violations.map(formatViolation).join('\n'));
    expect(violations).toEqual([]);
    expect((await stack.stats()).openapiViolations).toBe(0);
  });

  it('counts malformed requests and unserved routes as violations', async () => {
    const before = (await stack.stats()).openapiViolations;
    const badType = await githubRequest(stack, 'POST', `/repos/${owner}/${repo}/releases`, {
      body: { tag_name: 'v5', draft: 'yes' },
    });
    expect(badType.status).toBe(422);
    const noTag = await githubRequest(stack, 'POST', `/repos/${owner}/${repo}/releases`, {
      body: { name: 'no tag' },
    });
    expect(noTag.status).toBe(422);
    const typo = await githubRequest(stack, 'POST', `/repos/${owner}/${repo}/releases`, {
      body: { tag_name: 'v6', prerelase: true },
    });
    expect(typo.status).toBe(201); // GitHub ignores unknown fields; the stand-in reports them
    const notJson = await fetch(`${stack.env.GITHUB_API_URL}/repos/${owner}/${repo}/releases`, {
      method: 'POST',
      headers: {
        authorization: `token ${stack.env.STACK_GITHUB_TOKEN}`,
        'content-type': 'application/json',
      },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    const badId = await githubRequest(stack, 'GET', `/repos/${owner}/${repo}/releases/latest-one`);
    expect(badId.status).toBe(404);
    const unserved = await githubRequest(stack, 'GET', `/repos/${owner}/${repo}/issues`);
    expect(unserved.status).toBe(404);
    const nowhere = await githubRequest(stack, 'GET', '/no/such/endpoint');
    expect(nowhere.status).toBe(404);
    const wrongHost = await githubRequest(
      stack,
      'POST',
      `/repos/${owner}/${repo}/releases/1/assets?name=x`,
      { headers: { 'content-type': 'text/plain' } },
    );
    expect(wrongHost.status).toBe(404);

    const violations = (await openapiViolations(stack)).slice(before);
    const text = violations.map(formatViolation);
    expect(text).toEqual([
      expect.stringMatching(
        /POST \/api\/repos\/.*\/releases \(repos\/create-release\): request body: \/draft must be boolean/,
      ),
      expect.stringMatching(/request body: \(root\) must have required property 'tag_name'/),
      expect.stringMatching(
        /request body: \(root\) has property "prerelase", which is not in the schema/,
      ),
      expect.stringMatching(/request body is not valid JSON/),
      expect.stringMatching(
        /GET \/api\/repos\/.*\/releases\/latest-one \(repos\/get-release\): request path parameter release_id: \(root\) must be integer/,
      ),
      expect.stringMatching(
        /GET \/api\/repos\/.*\/issues: GitHub's issues\/list-for-repo is not served by the stack/,
      ),
      expect.stringMatching(/GET \/api\/no\/such\/endpoint: no such endpoint in GitHub's API/),
      expect.stringMatching(/\(repos\/upload-release-asset\): uploads go to uploads.github.com/),
    ]);
    expect((await stack.stats()).openapiViolations).toBe(before + violations.length);
  });
});
