// GitHub's limits on releases, as the REST stand-in enforces them (issue 15): 1,000 assets per
// release, a release body of at most 125,000 characters, asset names rewritten as GitHub rewrites
// them, and pagination of at most 100 per page. Each rule's source is cited in stack/releases.ts.
import {
  assetName,
  MAX_ASSETS_PER_RELEASE,
  MAX_RELEASE_BODY_CHARACTERS,
} from '../../stack/releases.js';
import {
  createRelease,
  deleteAsset,
  expectNoOpenapiViolations,
  GitHubApiError,
  githubRequest,
  listAssets,
  repositoryOf,
  updateRelease,
  uploadAsset,
} from '../helpers/github.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

async function refusal(promise: Promise<unknown>): Promise<GitHubApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GitHubApiError) return err;
    throw err;
  }
  throw new Error('expected GitHub to refuse the request');
}

describe('asset names as GitHub stores them', () => {
  // cli/cli pkg/cmd/release/upload/upload_test.go (44ee177) Test_SanitizeFileName, then issue 15's.
  it.each([
    ['foo', 'foo'],
    ['foo bar', 'foo.bar'],
    ['.foo', 'default.foo'],
    ['Foo bar', 'Foo.bar'],
    ['Hello, दुनिया', 'default.Hello'],
    ['this+has+plusses.jpg', 'this+has+plusses.jpg'],
    ['this@has@at@signs.jpg', 'this@has@at@signs.jpg'],
    ['façade.exposé', 'facade.expose'],
    ['app linux amd64', 'app.linux.amd64'],
    ['app (linux).tar.gz', 'app.linux.tar.gz'],
    ['trailing.', 'default.trailing'],
    ['a..b', 'a.b'],
    ['ok-name_1.2.tgz', 'ok-name_1.2.tgz'],
  ])('%j -> %j', (name, stored) => {
    expect(assetName(name)).toBe(stored);
  });
});

describe("the GitHub releases stand-in's limits", () => {
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await spawnStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('takes 1,000 assets in a release and refuses the 1,001st with 422 file_count', async () => {
    const release = await createRelease(stack, { tag: 'full', draft: true });
    for (let i = 0; i < MAX_ASSETS_PER_RELEASE; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => uploadAsset(stack, release, `f${i + j}.txt`, 'x')),
      );
    }
    const full = await refusal(uploadAsset(stack, release, 'one-too-many.txt', 'x'));
    expect(full.status).toBe(422);
    expect(full.body).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'ReleaseAsset',
          code: 'custom',
          field: 'file_count',
          message: 'file_count limited to 1000 assets per release',
        },
      ],
    });
    // Pagination: 100 per page at most, whatever per_page asks; Link names the last page.
    const page = await githubRequest(
      stack,
      'GET',
      `/repos/${repositoryOf(stack)}/releases/${String(release.id)}/assets?per_page=500`,
    );
    expect(((await page.json()) as unknown[]).length).toBe(100);
    expect(page.headers.get('link')).toMatch(/[?&]page=10[^>]*>; rel="last"/);
    const assets = await listAssets(stack, release.id);
    expect(assets.length).toBe(MAX_ASSETS_PER_RELEASE);
    expect(new Set(assets.map((a) => a.name)).size).toBe(MAX_ASSETS_PER_RELEASE);
    // Deleting one makes room for one.
    await deleteAsset(stack, assets[0].id);
    expect((await uploadAsset(stack, release, 'one-too-many.txt', 'x')).name).toBe(
      'one-too-many.txt',
    );
  }, 60_000);

  it('refuses a release body over 125,000 characters on create and on update', async () => {
    const tooLong = {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Release',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 125000 characters)',
          },
        ],
      },
    };
    const atLimit = 'n'.repeat(MAX_RELEASE_BODY_CHARACTERS);
    const release = await createRelease(stack, { tag: 'notes', body: atLimit });
    expect(release.body).toBe(atLimit);
    expect(
      await refusal(createRelease(stack, { tag: 'notes-2', body: `${atLimit}n` })),
    ).toMatchObject(tooLong);
    expect(await refusal(updateRelease(stack, release.id, { body: `${atLimit}n` }))).toMatchObject(
      tooLong,
    );
    // Characters, not UTF-16 units (see MAX_RELEASE_BODY_CHARACTERS: an assumption).
    const astral = '🔏'.repeat(MAX_RELEASE_BODY_CHARACTERS);
    expect((await updateRelease(stack, release.id, { body: astral })).body).toBe(astral);
    expect(await refusal(updateRelease(stack, release.id, { body: `${astral}🔏` }))).toMatchObject(
      tooLong,
    );
  });

  it('stores an uploaded asset under the name GitHub gives it', async () => {
    const release = await createRelease(stack, { tag: 'renames', draft: true });
    const stored = await uploadAsset(stack, release, 'app linux amd64', 'x');
    expect(stored.name).toBe('app.linux.amd64');
    // The name as given now names the stored asset: uploading it again is a duplicate.
    const again = await refusal(uploadAsset(stack, release, 'app linux amd64', 'y'));
    expect(again.body).toMatchObject({
      errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
    });
  });

  it('recorded no OpenAPI violation for any of the above', async () => {
    await expectNoOpenapiViolations(stack);
  });
});
