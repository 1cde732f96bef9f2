/**
 * End to end: the built action (dist/index.js) as a child process under Node 24, with the
 * environment a runner gives a step, against the local Sigstore stack. Bundles are checked with
 * sigstore-js's own verifier, not with this project's code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runAction, type ActionRun } from '../helpers/action.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { verifierFor, verifyFileBundle } from '../helpers/verify.js';
import { bundleFiles, withoutMaskCommands, workspace } from '../helpers/workspace.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** Inputs that point the action at the stack through files (signing-config + trusted-root). */
function stackFiles(signingConfig = stack.env.STACK_SIGNING_CONFIG): Record<string, string> {
  return { 'signing-config': signingConfig, 'trusted-root': stack.env.STACK_TRUSTED_ROOT };
}

async function sign(
  ws: string,
  inputs: Record<string, string>,
  env: Record<string, string> = stack.env,
): Promise<ActionRun> {
  return runAction({ workspace: ws, env, inputs });
}

describe('sign mode, end to end against the local stack', () => {
  it('signs 100 files by a glob with ONE certificate; every bundle verifies independently', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++)
      files[`dist/pkg-${String(i).padStart(3, '0')}.tar.gz`] = `file ${i}\n`;
    const ws = workspace(files);
    const before = await stack.stats();

    // The default instance path: the signing config and trusted root come through TUF.
    const run = await sign(ws, {
      inputs: 'dist/*.tar.gz',
      'tuf-mirror': stack.env.STACK_TUF_URL,
      'tuf-root': stack.env.STACK_TUF_ROOT,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const after = await stack.stats();
    expect(after.fulcio - before.fulcio).toBe(1);
    expect(after.oidc - before.oidc).toBe(1);
    expect(after.rekor - before.rekor).toBe(100);
    expect(after.tsa - before.tsa).toBe(100);

    const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
    const names = Object.keys(files);
    expect(bundleFiles(ws)).toEqual(names.map((n) => `${n}.sigstore.json`));
    for (const name of names) {
      const bundlePath = path.join(ws, `${name}.sigstore.json`);
      const json = JSON.parse(readFileSync(bundlePath, 'utf8')) as {
        mediaType: string;
        verificationMaterial: { certificate?: unknown };
      };
      expect(json.mediaType).toBe(V03);
      expect(json.verificationMaterial.certificate).toBeDefined();
      const signer = verifyFileBundle(
        verifier,
        bundlePath,
        readFileSync(path.join(ws, name)),
        stack.env.STACK_IDENTITY,
        ISSUER,
      );
      expect(signer.identity?.subjectAlternativeName).toBe(stack.env.STACK_IDENTITY);
    }

    // A tampered file does not verify against its bundle.
    expect(() =>
      verifyFileBundle(
        verifier,
        path.join(ws, `${names[0]}.sigstore.json`),
        Buffer.from('file 0 (tampered)\n'),
        stack.env.STACK_IDENTITY,
        ISSUER,
      ),
    ).toThrow();

    // Outputs.
    expect(run.outputs.identity).toBe(stack.env.STACK_IDENTITY);
    expect(JSON.parse(run.outputs.bundles)).toEqual(names.map((n) => `${n}.sigstore.json`));
    const results = JSON.parse(run.outputs.results) as {
      path: string;
      sha256: string;
      bundle: string;
      logIndex: number;
    }[];
    expect(results).toHaveLength(100);
    expect(results[0].path).toBe(names[0]);
    expect(results[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(results.map((r) => r.logIndex)).size).toBe(100);
    // A number, as Rekor's API gives it (the bundles keep protobuf JSON's string).
    for (const r of results) expect(Number.isSafeInteger(r.logIndex)).toBe(true);

    // The job summary: identity, a row per file, commands to verify.
    expect(run.summary).toContain(`Signer identity: \`${stack.env.STACK_IDENTITY}\``);
    expect(run.summary).toContain(`| \`${names[0]}\` | ✅&nbsp;signed | `);
    expect(run.summary).toContain(`- \`${names[0]}\`: SHA-256 \`${results[0].sha256}\``);
    expect(run.summary).toContain('cosign verify-blob');
    // The token is masked for the runner, and otherwise never appears in what the step
    // printed or wrote.
    expect(run.stdout).toMatch(/^::add-mask::eyJ/m);
    expect(withoutMaskCommands(run.everything)).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });

  it('signs with Rekor v2 and a TSA when the signing config selects it', async () => {
    const ws = workspace({ 'a.bin': 'alpha', 'b.bin': 'beta' });
    const before = await stack.stats();
    const run = await sign(ws, {
      inputs: '*.bin',
      ...stackFiles(stack.env.STACK_SIGNING_CONFIG_REKOR_V2),
    });
    expect(run.code).toBe(0);
    const after = await stack.stats();
    expect(after.rekorV2 - before.rekorV2).toBe(2);
    expect(after.rekor - before.rekor).toBe(0);
    const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
    for (const name of ['a.bin', 'b.bin']) {
      const bundlePath = path.join(ws, `${name}.sigstore.json`);
      const json = JSON.parse(readFileSync(bundlePath, 'utf8')) as {
        verificationMaterial: {
          tlogEntries: { kindVersion: { version: string } }[];
          timestampVerificationData: { rfc3161Timestamps: unknown[] };
        };
      };
      expect(json.verificationMaterial.tlogEntries[0].kindVersion.version).toBe('0.0.2');
      expect(json.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1);
      verifyFileBundle(
        verifier,
        bundlePath,
        readFileSync(path.join(ws, name)),
        stack.env.STACK_IDENTITY,
        ISSUER,
      );
    }
  });

  it('signs two identical 2 MiB files in one run against the de-duplicating Rekor v2', async () => {
    // Files over 1 MiB are signed from their streamed digest. A deterministic (RFC 6979)
    // signature of two equal files would be one and the same Rekor v2 entry, which the log
    // refuses as a duplicate (409) without handing the first back.
    const content = Buffer.alloc(2 * 1024 * 1024, 7);
    const ws = workspace({ 'one/app.bin': content, 'two/app.bin': content });
    const before = await stack.stats();
    const run = await sign(ws, {
      inputs: '*/app.bin',
      ...stackFiles(stack.env.STACK_SIGNING_CONFIG_REKOR_V2),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/already holds/);
    const after = await stack.stats();
    expect(after.rekorV2 - before.rekorV2).toBe(2);
    const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
    const indices = new Set<string>();
    for (const name of ['one/app.bin', 'two/app.bin']) {
      const bundlePath = path.join(ws, `${name}.sigstore.json`);
      verifyFileBundle(verifier, bundlePath, content, stack.env.STACK_IDENTITY, ISSUER);
      const json = JSON.parse(readFileSync(bundlePath, 'utf8')) as {
        verificationMaterial: { tlogEntries: { logIndex: string }[] };
      };
      indices.add(json.verificationMaterial.tlogEntries[0].logIndex);
    }
    expect(indices.size).toBe(2);
  });

  it('writes every required field of a log entry, zero or not (Rekor v2: integratedTime 0)', async () => {
    const ws = workspace({ 'z.txt': 'zero' });
    const run = await sign(ws, {
      inputs: 'z.txt',
      ...stackFiles(stack.env.STACK_SIGNING_CONFIG_REKOR_V2),
    });
    expect(run.code).toBe(0);
    const json = JSON.parse(readFileSync(path.join(ws, 'z.txt.sigstore.json'), 'utf8')) as {
      verificationMaterial: { tlogEntries: Record<string, unknown>[] };
    };
    const entry = json.verificationMaterial.tlogEntries[0];
    // protobuf-specs sigstore_rekor.proto: these are REQUIRED; protobuf JSON drops zero values.
    expect(Object.keys(entry)).toEqual([
      'logIndex',
      'logId',
      'kindVersion',
      'integratedTime',
      'inclusionProof',
      'canonicalizedBody',
    ]);
    expect(entry.integratedTime).toBe('0');
    expect(Object.keys(entry.inclusionProof as object)).toEqual([
      'logIndex',
      'rootHash',
      'treeSize',
      'hashes',
      'checkpoint',
    ]);
  });

  it('signs with an explicit identity-token without asking the runner for one', async () => {
    const token = await stack.mintToken();
    const ws = workspace({ 'x.txt': 'x' });
    const before = await stack.stats();
    const run = await sign(ws, { inputs: 'x.txt', 'identity-token': token, ...stackFiles() });
    expect(run.code).toBe(0);
    expect((await stack.stats()).oidc - before.oidc).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${token}`);
    expect(withoutMaskCommands(run.everything)).not.toContain(token);
    expect(existsSync(path.join(ws, 'x.txt.sigstore.json'))).toBe(true);
  });

  it('writes bundles into bundle-directory, keeping names unique', async () => {
    const ws = workspace({
      'linux/app': 'linux build',
      'macos/app': 'macos build',
      'notes.md': 'n',
    });
    const run = await sign(ws, {
      inputs: 'linux/app macos/app notes.md',
      'bundle-directory': 'signatures',
      ...stackFiles(),
    });
    expect(run.code).toBe(0);
    expect(readdirSync(path.join(ws, 'signatures')).sort()).toEqual([
      'linux_app.sigstore.json',
      'macos_app.sigstore.json',
      'notes.md.sigstore.json',
    ]);
    const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
    verifyFileBundle(
      verifier,
      path.join(ws, 'signatures/macos_app.sigstore.json'),
      readFileSync(path.join(ws, 'macos/app')),
      stack.env.STACK_IDENTITY,
      ISSUER,
    );
  });
});

describe('sign mode fails clearly and writes nothing', () => {
  async function expectFailure(
    ws: string,
    inputs: Record<string, string>,
    message: RegExp,
    env: Record<string, string> = stack.env,
  ): Promise<ActionRun> {
    const before = await stack.stats();
    const bundlesBefore = bundleFiles(ws);
    const run = await sign(ws, { ...stackFiles(), ...inputs }, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::/m);
    expect(run.stdout).toMatch(message);
    expect(run.summary).toContain('Nothing was signed');
    expect(bundleFiles(ws)).toEqual(bundlesBefore);
    const after = await stack.stats();
    expect(after.fulcio - before.fulcio).toBe(0);
    expect(after.rekor - before.rekor).toBe(0);
    return run;
  }

  it('without the id-token permission, naming the permission to add', async () => {
    const env = { ...stack.env };
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    await expectFailure(
      workspace({ 'a.txt': 'a' }),
      { inputs: 'a.txt' },
      /add "permissions: id-token: write".*\[OIDC_PERMISSION_MISSING\]/,
      env,
    );
  });

  it('when a pattern matches nothing, naming the pattern', async () => {
    await expectFailure(
      workspace({ 'dist/a.whl': 'a' }),
      { inputs: 'dist/*.whl dist/*.tar.gz' },
      /the pattern "dist\/\*\.tar\.gz" matches no file.*\[PATTERN_NO_MATCH\]/,
    );
  });

  it('on a directory, suggesting a glob', async () => {
    await expectFailure(
      workspace({ 'dist/a.whl': 'a' }),
      { inputs: 'dist' },
      /"dist" is a directory; name the files in it instead, e\.g\. "dist\/\*"/,
    );
  });

  it('on a file that cannot be read', async () => {
    const ws = workspace({ 'a.txt': 'a' });
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(ws, 'pipe')]);
    await expectFailure(
      ws,
      { inputs: 'a.txt pipe' },
      /"pipe" is not a regular file.*\[FILE_UNREADABLE\]/,
    );
  });

  it('on an existing bundle unless overwrite is set', async () => {
    const ws = workspace({ 'a.txt': 'a', 'b.txt': 'b', 'b.txt.sigstore.json': '{"old": true}' });
    await expectFailure(
      ws,
      { inputs: 'a.txt b.txt' },
      /b\.txt: the bundle b\.txt\.sigstore\.json already exists; delete it, or set overwrite: true/,
    );
    // The old bundle is untouched and a.txt got no bundle.
    expect(readFileSync(path.join(ws, 'b.txt.sigstore.json'), 'utf8')).toBe('{"old": true}');
    expect(existsSync(path.join(ws, 'a.txt.sigstore.json'))).toBe(false);

    const run = await sign(ws, { inputs: 'a.txt b.txt', overwrite: 'true', ...stackFiles() });
    expect(run.code).toBe(0);
    const replaced = JSON.parse(readFileSync(path.join(ws, 'b.txt.sigstore.json'), 'utf8')) as {
      mediaType: string;
    };
    expect(replaced.mediaType).toBe(V03);
  });

  it('on an expired identity token, without printing it', async () => {
    const token = await stack.mintToken({ expiresInSeconds: -60 });
    const run = await expectFailure(
      workspace({ 'a.txt': 'a' }),
      { inputs: 'a.txt', 'identity-token': token },
      /identity-token expired at .*\[OIDC_TOKEN_INVALID\]/,
    );
    expect(withoutMaskCommands(run.everything)).not.toContain(token);
  });
});
