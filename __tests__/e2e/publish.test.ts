/**
 * Publishing, end to end: the built action signs against the local stack and hands the bundles
 * over to the stack's Actions artifact service (Azurite underneath) and its GitHub REST stand-in,
 * which checks every request and response against GitHub's OpenAPI description.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../helpers/action.js';
import { downloadArtifact, listArtifacts, readArtifactBlob } from '../helpers/artifacts.js';
import {
  createRelease,
  getRelease,
  listAssets,
  openapiViolations,
  setImmutableReleases,
  updateRelease,
  uploadAsset,
} from '../helpers/github.js';
import { notesStep, notesSteps } from '../helpers/notes.js';
import { runNotesScript } from '../helpers/process.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

let stack: StackProcess;
let tagCounter = 0;

beforeAll(async () => {
  stack = await spawnStack();
});

afterAll(async () => {
  if (stack) {
    const violations = await openapiViolations(stack);
    await stack.stop();
    expect(violations).toEqual([]);
  }
});

const FILES = ['dist/app-1.0.tar.gz', 'dist/app-1.0-py3-none-any.whl'];

function workspace(files = FILES, salt = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'publish-'));
  mkdirSync(path.join(dir, 'dist'));
  for (const f of files) writeFileSync(path.join(dir, f), `contents of ${f}${salt}\n`);
  return dir;
}

function newTag(): string {
  return `v1.0.${++tagCounter}`;
}

async function sign(
  ws: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    env: { ...stack.env, ...env },
    inputs: {
      inputs: 'dist/*',
      'signing-config': stack.env.STACK_SIGNING_CONFIG,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      'github-token': stack.env.STACK_GITHUB_TOKEN,
      ...inputs,
    },
  });
}

describe('workflow artifact', () => {
  it('uploads the bundles; the real @actions/artifact client downloads the same bytes', async () => {
    const ws = workspace();
    const run = await sign(ws, {
      'upload-signing-artifacts': 'true',
      'upload-signed-files': 'true',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = Number(run.outputs['artifact-id']);
    expect(id).toBeGreaterThan(0);
    expect(run.outputs['artifact-url']).toBe(
      `https://github.com/${stack.env.GITHUB_REPOSITORY}/actions/runs/${stack.env.GITHUB_RUN_ID}/artifacts/${id}`,
    );
    // The zip is really in Azurite, and the real client downloads it.
    const artifact = (await listArtifacts(stack)).find((a) => a.id === id)!;
    expect(artifact.name).toMatch(/^sigstore-bundles-[\w.-]+-[0-9a-f]{8}$/);
    const blob = await readArtifactBlob(stack, artifact.name);
    expect(blob.data.subarray(0, 2).toString()).toBe('PK');
    const out = mkdtempSync(path.join(tmpdir(), 'artifact-'));
    const downloaded = await downloadArtifact(stack, id, out);
    expect(downloaded.digestMismatch).toBe(false);
    for (const f of FILES) {
      const name = path.basename(f);
      expect(readFileSync(path.join(out, name))).toEqual(readFileSync(path.join(ws, f)));
      expect(readFileSync(path.join(out, `${name}.sigstore.json`))).toEqual(
        readFileSync(path.join(ws, `${f}.sigstore.json`)),
      );
    }
    expect(run.summary).toContain(`- Workflow artifact [sigstore-bundles-`);
    expect(run.summary).toContain(`](${run.outputs['artifact-url']}) (id ${id})`);
  });

  it('gives matrix legs and repeated steps different default names', async () => {
    // The runner names a step that uses an action __OWNER_REPO, and its second use __OWNER_REPO_2;
    // the legs of a matrix share step names but are different job runs.
    const step = '__sigstore-action_sigstore-action';
    const first = await sign(
      workspace(),
      { 'upload-signing-artifacts': 'true' },
      { GITHUB_ACTION: step },
    );
    const secondStep = await sign(
      workspace(),
      { 'upload-signing-artifacts': 'true' },
      { GITHUB_ACTION: `${step}_2` },
    );
    const otherLeg = await sign(
      workspace(),
      { 'upload-signing-artifacts': 'true' },
      { GITHUB_ACTION: step, ACTIONS_RUNTIME_TOKEN: await stack.newJobToken() },
    );
    for (const run of [first, secondStep, otherLeg]) expect(run.code).toBe(0);
    const ids = new Set([first, secondStep, otherLeg].map((r) => r.outputs['artifact-id']));
    expect(ids.size).toBe(3);
    // A name given twice in one run is a clear error naming the input.
    const named = await sign(workspace(), {
      'upload-signing-artifacts': 'true',
      'upload-signing-artifacts-name': 'sigs',
    });
    expect(named.code).toBe(0);
    const clash = await sign(workspace(), {
      'upload-signing-artifacts': 'true',
      'upload-signing-artifacts-name': 'sigs',
    });
    expect(clash.code).toBe(1);
    expect(clash.stdout).toMatch(
      /an artifact named "sigs" already exists in this workflow run; set upload-signing-artifacts-name/,
    );
  });
});

describe('release assets and notes', () => {
  it('attaches one bundle per file, twice without duplicates, with one notes section whose commands verify', async () => {
    const tag = newTag();
    const release = await createRelease(stack, { tag, draft: true, body: 'Hand-written notes.\n' });
    const ws = workspace();
    for (const f of FILES)
      await uploadAsset(stack, release, path.basename(f), readFileSync(path.join(ws, f)));

    const inputs = {
      'release-signing-artifacts': 'true',
      'release-notes': 'true',
      'release-tag': tag,
    };
    const first = await sign(ws, inputs);
    expect(first.code).toBe(0);
    // A re-run of the job: a fresh workspace with the same files, signed again.
    const again = workspace();
    const second = await sign(again, inputs);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/app-1\.0\.tar\.gz\.sigstore\.json kept/);

    const assets = await listAssets(stack, release.id);
    const names = assets.map((a) => a.name).sort();
    expect(names).toEqual(
      [
        ...FILES.map((f) => path.basename(f)),
        ...FILES.map((f) => `${path.basename(f)}.sigstore.json`),
      ].sort(),
    );
    const body = (await getRelease(stack, release.id)).body ?? '';
    expect(body.startsWith('Hand-written notes.\n')).toBe(true);
    expect(body.split('## Verify these files')).toHaveLength(2);

    // A user follows the notes as written, in an empty directory: download, then verify.
    await updateRelease(stack, release.id, { draft: false });
    const followed = followNotes(body, 'octo-org/octo-repo');
    expect(followed.stderr).toBe('');
    expect(followed.status).toBe(0);
    expect(followed.expected).toBe('Verified 2 files.');
    expect(followed.stdout).toContain(followed.expected);
    expect(followed.stdout.match(/^OK {6}app-1\.0/gm)).toHaveLength(2);
    for (const f of FILES) {
      const name = path.basename(f);
      expect(readFileSync(path.join(followed.dir, name))).toEqual(readFileSync(path.join(ws, f)));
    }
  });

  it('writes notes a user can follow for many files: one file at a time, the section bounded', async () => {
    const tag = newTag();
    const release = await createRelease(stack, { tag, draft: true });
    const many = ['a', 'b', 'c', 'd', 'e'].map((n) => `dist/tool-${n}.bin`);
    const ws = workspace(many);
    const run = await sign(ws, {
      'release-signing-artifacts': 'true',
      'release-notes': 'true',
      'release-tag': tag,
    });
    expect(run.code).toBe(0);
    for (const f of many)
      await uploadAsset(stack, release, path.basename(f), readFileSync(path.join(ws, f)));
    await updateRelease(stack, release.id, { draft: false });
    const body = (await getRelease(stack, release.id)).body ?? '';
    // Each name once in the list, once more as the example `f=`: the commands are the same size
    // whatever the number of files.
    expect(body.split('tool-a.bin')).toHaveLength(3);
    expect(body.split('tool-e.bin')).toHaveLength(2);
    const followed = followNotes(body, 'octo-org/octo-repo');
    expect(followed.stderr).toBe('');
    expect(followed.status).toBe(0);
    expect(followed.expected).toBe('Verified 1 file.');
    expect(followed.stdout).toContain(followed.expected);
    expect(readFileSync(path.join(followed.dir, 'tool-a.bin'))).toEqual(
      readFileSync(path.join(ws, 'dist/tool-a.bin')),
    );
    // Another file: the same commands with f set to its name.
    const other = followNotes(body, 'octo-org/octo-repo', (script) =>
      script.replace(/^f=tool-a\.bin$/m, 'f=tool-d.bin'),
    );
    expect(other.status).toBe(0);
    expect(other.stdout).toMatch(/^OK {6}tool-d\.bin: signed by /m);
  });

  it('refuses different bytes unless overwrite is set', async () => {
    const tag = newTag();
    const release = await createRelease(stack, { tag, draft: true });
    await uploadAsset(
      stack,
      release,
      'app-1.0.tar.gz.sigstore.json',
      Buffer.from('{"not":"a bundle"}'),
    );
    const run = await sign(workspace(), {
      'release-signing-artifacts': 'true',
      'release-tag': tag,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /already has an asset app-1\.0\.tar\.gz\.sigstore\.json that is not a valid signature of this file by this workflow; set overwrite: true/,
    );
    expect(run.summary).toContain('Publishing failed');
    const replaced = await sign(workspace(), {
      'release-signing-artifacts': 'true',
      'release-tag': tag,
      overwrite: 'true',
    });
    expect(replaced.code).toBe(0);
    const assets = await listAssets(stack, release.id);
    expect(assets.filter((a) => a.name === 'app-1.0.tar.gz.sigstore.json')).toHaveLength(1);
  });

  it('lets matrix jobs attach to one release at once, and lists all their files in the notes', async () => {
    const tag = newTag();
    const release = await createRelease(stack, { tag, draft: true });
    const legs = ['linux', 'macos', 'windows'];
    const runs = await Promise.all(
      legs.map(async (leg) =>
        sign(
          workspace([`dist/app-${leg}.bin`]),
          { 'release-signing-artifacts': 'true', 'release-notes': 'true', 'release-tag': tag },
          { ACTIONS_RUNTIME_TOKEN: await stack.newJobToken() },
        ),
      ),
    );
    for (const run of runs) expect(run.code).toBe(0);
    const names = (await listAssets(stack, release.id)).map((a) => a.name).sort();
    expect(names).toEqual(legs.map((l) => `app-${l}.bin.sigstore.json`));
    const body = (await getRelease(stack, release.id)).body ?? '';
    expect(body.split('## Verify these files')).toHaveLength(2);
    for (const leg of legs) expect(body).toContain(`app-${leg}.bin`);
  });

  it('names the permission to add when the token cannot write', async () => {
    const tag = newTag();
    // Published: a read-only token cannot even see a draft.
    await createRelease(stack, { tag, draft: false });
    const run = await sign(workspace(), {
      'release-signing-artifacts': 'true',
      'release-tag': tag,
      'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/add "permissions: contents: write" to the job/);
  });

  it('names the tag when there is no release', async () => {
    const run = await sign(workspace(), {
      'release-signing-artifacts': 'true',
      'release-tag': 'v9.9.9',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /octo-org\/octo-repo has no release for the tag v9\.9\.9 \(drafts included\); create it before this step/,
    );
  });

  it('explains attaching to the draft when the published release is immutable', async () => {
    await setImmutableReleases(stack, true);
    try {
      const tag = newTag();
      const release = await createRelease(stack, { tag, draft: true });
      await updateRelease(stack, release.id, { draft: false });
      const run = await sign(workspace(), {
        'release-signing-artifacts': 'true',
        'release-tag': tag,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /the release v1\.0\.\d+ is published and immutable .*Attach the bundles while the release is still a draft/,
      );
    } finally {
      await setImmutableReleases(stack, false);
    }
  });
});

describe('verify a published release', () => {
  it('passes for a good release and fails, naming the asset, when one asset is swapped', async () => {
    const tag = newTag();
    const release = await createRelease(stack, { tag, draft: true });
    const ws = workspace();
    for (const f of FILES)
      await uploadAsset(stack, release, path.basename(f), readFileSync(path.join(ws, f)));
    expect((await sign(ws, { 'release-signing-artifacts': 'true', 'release-tag': tag })).code).toBe(
      0,
    );
    await updateRelease(stack, release.id, { draft: false });

    const verify = (): Promise<ActionRun> =>
      runAction({
        workspace: mkdtempSync(path.join(tmpdir(), 'consumer-')),
        env: stack.env,
        inputs: {
          mode: 'verify',
          'release-tag': tag,
          repository: 'octo-org/octo-repo',
          'trusted-root': stack.env.STACK_TRUSTED_ROOT,
          'cert-identity': stack.env.STACK_IDENTITY,
          'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
        },
      });
    const good = await verify();
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect((JSON.parse(good.outputs.verified) as string[]).sort()).toEqual(
      FILES.map((f) => path.basename(f)).sort(),
    );

    // Swap one asset for other bytes (the release is published but not immutable here).
    const swapped = (await listAssets(stack, release.id)).find((a) => a.name === 'app-1.0.tar.gz')!;
    await uploadAsset(stack, release, 'unsigned-extra.txt', Buffer.from('no bundle for me'));
    await deleteAndReplace(release, swapped.id, 'app-1.0.tar.gz', Buffer.from('evil bytes'));
    const bad = await verify();
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/app-1\.0\.tar\.gz: the bundle is for a different file/);
    expect(bad.stdout).toMatch(/unsigned-extra\.txt: no bundle in the release/);
    expect(JSON.parse(bad.outputs.verified)).toEqual(['app-1.0-py3-none-any.whl']);
  });
});

async function deleteAndReplace(
  release: { id: number },
  assetId: number,
  name: string,
  data: Buffer,
): Promise<void> {
  const { deleteAsset } = await import('../helpers/github.js');
  await deleteAsset(stack, assetId);
  await uploadAsset(stack, release, name, data);
}

/**
 * Follows a release's notes as a user would, in a new empty directory holding only the stack's
 * trusted root (trusted_root.json, which the notes of a custom instance name): the download
 * block, then the sigstore-action block, as written (`edit` may change the script as a user
 * would, e.g. another file's name), with `gh` and `sigstore-action` on the PATH. Returns what
 * they printed, and the output the notes say to expect.
 */
function followNotes(
  body: string,
  repository: string,
  edit: (script: string) => string = (script) => script,
): ReturnType<typeof runNotesScript> & { expected: string; dir: string } {
  const steps = notesSteps(body);
  const download = notesStep(steps, '**Download**');
  const verify = notesStep(steps, '**sigstore-action**');
  // Every command is pinned to the release's repository, and fits a code block.
  for (const line of `${download.script}\n${verify.script}`.split('\n'))
    expect(line.length).toBeLessThanOrEqual(100);
  expect(download.script).toContain(`--repo ${repository}`);
  expect(verify.script).toContain(`--github-repository ${repository}`);
  const expected = /then `([^`]+)`/.exec(verify.after)?.[1] ?? '(no expected output in the notes)';
  const dir = mkdtempSync(path.join(tmpdir(), 'follow-notes-'));
  copyFileSync(stack.env.STACK_TRUSTED_ROOT, path.join(dir, 'trusted_root.json'));
  const result = runNotesScript(edit(`${download.script}\n${verify.script}`), dir, {
    GITHUB_API_URL: stack.env.GITHUB_API_URL,
    GH_TOKEN: stack.env.STACK_GITHUB_TOKEN_READONLY,
  });
  return { ...result, expected, dir };
}
