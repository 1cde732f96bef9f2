import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActionError } from '../../../src/errors.js';
import { parseInputPatterns } from '../../../src/plan/patterns.js';
import { checkArtifactName } from '../../../src/publish/artifact-name.js';
import { assetNameProblems, preflightPublish } from '../../../src/publish/preflight.js';
import type { PublishConfig } from '../../../src/publish/run.js';
import type { Release, ReleasesAPI } from '../../../src/publish/releases.js';
import { expandInputPatterns } from '../../../src/plan/files.js';
import { isBundlePath, planSigning, type SignTarget } from '../../../src/plan/sign-plan.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-test-'));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), f);
  }
  return dir;
}

/** The files of `inputs` in `dir`, planned as the signing run plans them. */
async function plan(dir: string, inputs: string): Promise<SignTarget[]> {
  const files = await expandInputPatterns(parseInputPatterns(inputs), {
    baseDir: dir,
    skipGlobMatch: isBundlePath,
  });
  return planSigning(files, { baseDir: dir, overwrite: false });
}

/** A ReleasesAPI that knows one release (or none); only findByTag is ever called here. */
function releases(release?: Partial<Release>): ReleasesAPI {
  const unused = (): never => {
    throw new Error('not called by the preflight');
  };
  return {
    repository: 'octo-org/octo-repo',
    findByTag: (tag) =>
      Promise.resolve(
        release && tag === release.tagName
          ? ({
              id: 1,
              draft: true,
              immutable: false,
              body: '',
              uploadURL: '',
              htmlURL: '',
              ...release,
            } as Release)
          : undefined,
      ),
    get: unused,
    listAssets: unused,
    upload: unused,
    deleteAsset: unused,
    download: unused,
    downloadToFile: unused,
    updateBody: unused,
  };
}

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ActionError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const attach: PublishConfig = { release: { tag: 'v1.0.0', notes: false }, overwrite: false };

describe('checkArtifactName', () => {
  it.each([
    ['bundles/v1', '"/"', 'bundles-v1'],
    ['a\\b', '"\\"', 'a-b'],
    ['x:y', '":"', 'x-y'],
    ['tab\there', 'a control character (U+0009)', 'tab-here'],
  ])('refuses %j, naming the input and a name that works', (name, what, suggestion) => {
    const err = (() => {
      try {
        checkArtifactName(name, 'upload-signing-artifacts-name');
      } catch (e) {
        return e as ActionError;
      }
      throw new Error('expected a failure');
    })();
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toContain(
      `upload-signing-artifacts-name is ${JSON.stringify(name)}, which contains ${what}`,
    );
    expect(err.message).toContain(`e.g. ${JSON.stringify(suggestion)}`);
  });

  it('keeps ordinary names', () => {
    expect(checkArtifactName('sigstore-bundles-linux_x64-1.2.3', 'n')).toBe(
      'sigstore-bundles-linux_x64-1.2.3',
    );
  });
});

describe('preflightPublish', () => {
  it('does nothing when nothing is published', async () => {
    await expect(preflightPublish([], { overwrite: false })).resolves.toBeUndefined();
  });

  it('finds the release to attach to before anything is signed', async () => {
    const dir = tree(['dist/a.txt']);
    const release = await preflightPublish(
      await plan(dir, 'dist/*'),
      attach,
      releases({ tagName: 'v1.0.0' }),
    );
    expect(release?.tagName).toBe('v1.0.0');
  });

  it('refuses a missing release and an immutable one', async () => {
    const dir = tree(['dist/a.txt']);
    const missing = await failure(preflightPublish(await plan(dir, 'dist/*'), attach, releases()));
    expect(missing.code).toBe('RELEASE_NOT_FOUND');
    expect(missing.message).toMatch(
      /no release for the tag v1\.0\.0 \(drafts included\); create it before this step/,
    );
    const locked = await failure(
      preflightPublish(
        await plan(dir, 'dist/*'),
        attach,
        releases({ tagName: 'v1.0.0', draft: false, immutable: true }),
      ),
    );
    expect(locked.code).toBe('RELEASE_IMMUTABLE');
  });

  it('refuses asset names with control characters or backslashes, all at once', async () => {
    const dir = tree(['dist/ok.bin', 'dist/bell\u0007.bin', 'dist/win\\app.exe']);
    const err = await failure(
      preflightPublish(await plan(dir, 'dist/*'), attach, releases({ tagName: 'v1.0.0' })),
    );
    expect(err.code).toBe('ASSET_NAME_INVALID');
    expect(err.message).toMatch(
      /^2 files cannot be published under their names \(nothing was signed\):/,
    );
    expect(err.message).toContain(
      '"bell\\u0007.bin.sigstore.json", whose name has a control character (U+0007)',
    );
    expect(err.message).toContain(
      '"win\\\\app.exe.sigstore.json", whose name has a path separator',
    );
  });

  it('refuses files the artifact service would refuse', async () => {
    const dir = tree(['dist/a.txt', 'dist/b"c.txt']);
    const config = (includeFiles: boolean): PublishConfig => ({
      artifact: { name: 'bundles', includeFiles },
      overwrite: false,
    });
    const err = await failure(preflightPublish(await plan(dir, 'dist/*'), config(false)));
    expect(err.code).toBe('ASSET_NAME_INVALID');
    expect(err.message).toMatch(
      /^upload-signing-artifacts: "b\\"c\.txt\.sigstore\.json" cannot be put in a workflow artifact, because its name contains a double quote/,
    );
  });

  it('accepts every name a release keeps', () => {
    expect(
      assetNameProblems([
        {
          path: '/w/dist/app-1.0_x64.tar.gz',
          displayPath: 'dist/app-1.0_x64.tar.gz',
          bundlePath: '/w/dist/app-1.0_x64.tar.gz.sigstore.json',
          bundleDisplayPath: 'dist/app-1.0_x64.tar.gz.sigstore.json',
        },
      ]),
    ).toEqual([]);
  });
});
