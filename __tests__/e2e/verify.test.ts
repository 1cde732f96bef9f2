/**
 * Verify mode, end to end: files signed by the built action against the local stack, then
 * checked by the built action in verify mode (`node24 dist/index.js`, mode: verify).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, node24, runAction, type ActionRun } from '../helpers/action.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

let stack: StackProcess;
let ws: string;
const FILES = ['dist/app-1.0.tar.gz', 'dist/app-1.0-py3-none-any.whl', 'dist/app linux'];

beforeAll(async () => {
  stack = await spawnStack();
  ws = workspace();
  const signed = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      inputs: 'dist/*',
      'signing-config': stack.env.STACK_SIGNING_CONFIG,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    },
  });
  expect(signed.code).toBe(0);
});

afterAll(async () => {
  await stack?.stop();
});

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'verify-'));
  mkdirSync(path.join(dir, 'dist'));
  for (const f of FILES) writeFileSync(path.join(dir, f), `contents of ${f}\n`);
  return dir;
}

/** Verify mode with the stack's trusted root (offline) and the given inputs. */
async function verify(inputs: Record<string, string>, dir = ws): Promise<ActionRun> {
  return runAction({
    workspace: dir,
    env: stack.env,
    inputs: {
      mode: 'verify',
      inputs: 'dist/*',
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      ...inputs,
    },
  });
}

/** The fields of a signature bundle's JSON that the tests change. */
interface SignatureBundle {
  messageSignature: { signature: string; messageDigest: { digest: string } };
}

const claims = {
  'github-repository': 'octo-org/octo-repo',
  'github-ref': 'refs/tags/v1.2.3',
  'github-trigger': 'push',
  'github-workflow-name': 'Release',
  'github-workflow-file': '.github/workflows/release.yml',
  'runner-environment': 'github-hosted',
};

describe('verify mode', () => {
  it('passes with the exact identity, listing every file in the outputs and the summary', async () => {
    const run = await verify({ 'cert-identity': stack.env.STACK_IDENTITY });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.verified)).toEqual([...FILES].sort());
    expect(run.summary).toContain('**All 3 files verified**');
    expect(run.summary).toContain('| `dist/app linux` | ✅&nbsp;verified |');
    expect(run.summary).toContain(`Signed by \`${stack.env.STACK_IDENTITY}\`.`);
  });

  it('passes with every GitHub workflow claim, and with a pattern matching the whole identity', async () => {
    const run = await verify({
      ...claims,
      'github-sha': stack.env.GITHUB_SHA,
      'cert-identity-regexp':
        '^https://github\\.com/octo-org/octo-repo/\\.github/workflows/release\\.yml@refs/tags/v.*$',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const unanchored = await verify({
      'cert-identity-regexp': 'https://github\\.com/octo-org/octo-repo/.*',
    });
    expect(unanchored.code).toBe(0);
  });

  const wrong: [string, Record<string, string>, RegExp][] = [
    [
      'repository',
      { 'github-repository': 'octo-org/other' },
      /signed in octo-org\/octo-repo, expected octo-org\/other \(github-repository\)/,
    ],
    [
      'ref',
      { 'github-ref': 'refs/heads/main' },
      /github-ref is refs\/tags\/v1\.2\.3 in the certificate, expected refs\/heads\/main/,
    ],
    [
      'sha',
      { 'github-sha': 'f'.repeat(40) },
      /github-sha is [0-9a-f]{40} in the certificate, expected f{40}/,
    ],
    [
      'trigger',
      { 'github-trigger': 'pull_request' },
      /github-trigger is push in the certificate, expected pull_request/,
    ],
    [
      'workflow name',
      { 'github-workflow-name': 'Nightly' },
      /github-workflow-name is Release in the certificate, expected Nightly/,
    ],
    [
      'workflow file',
      { 'github-workflow-file': '.github/workflows/nightly.yml' },
      /github-workflow-file is \.github\/workflows\/release\.yml in the certificate, expected \.github\/workflows\/nightly\.yml/,
    ],
    [
      'runner environment',
      { 'runner-environment': 'self-hosted' },
      /runner-environment is github-hosted in the certificate, expected self-hosted/,
    ],
    [
      'issuer',
      { 'cert-oidc-issuer': 'https://accounts.google.com' },
      /issued by https:\/\/token\.actions\.githubusercontent\.com, expected cert-oidc-issuer https:\/\/accounts\.google\.com/,
    ],
    [
      'identity',
      {
        'cert-identity':
          'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main',
      },
      /signed by https:\/\/github\.com\/octo-org\/octo-repo\/\.github\/workflows\/release\.yml@refs\/tags\/v1\.2\.3, expected https:\/\/github\.com\/octo-org\/octo-repo\/\.github\/workflows\/release\.yml@refs\/heads\/main/,
    ],
    [
      'identity regexp matching only a substring',
      { 'cert-identity-regexp': 'octo-org/octo-repo', 'github-repository': 'octo-org/octo-repo' },
      /which does not match cert-identity-regexp octo-org\/octo-repo \(the whole identity must match\)/,
    ],
  ];

  it.each(wrong)(
    'fails on a wrong %s, naming the claim, the expected and the found value',
    async (_, inputs, message) => {
      const base: Record<string, string> =
        inputs['cert-identity'] || inputs['cert-identity-regexp']
          ? {}
          : { 'github-repository': 'octo-org/octo-repo' };
      const run = await verify({ ...base, ...inputs });
      expect(run.code).toBe(1);
      // One failure for the step, with a line per file, each naming the claim.
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^::error::3 of 3 files did not verify:/);
      // Files failing for the same reason share one line: `  - A, B and C: reason [CODE]`.
      for (const f of FILES) expect(errors[0]).toContain(f);
      expect(errors[0]).toMatch(/%0A {2}- .+: /);
      expect(errors[0]).toMatch(message);
      expect(errors[0]).toContain('[POLICY_MISMATCH]');
      expect(JSON.parse(run.outputs.verified)).toEqual([]);
      expect(run.summary).toContain('❌&nbsp;failed');
    },
  );

  it('refuses to run without an identity constraint, verifying nothing', async () => {
    const run = await verify({});
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::verification needs to know who must have signed: set cert-identity .*Nothing was verified\. \[INPUT_INVALID\]/,
    );
    expect(run.outputs.verified).toBeUndefined();
    expect(run.summary).toContain('**Nothing was verified.**');
  });

  it('checks every file and reports each cause: tampered, missing bundle, malformed bundle', async () => {
    const dir = workspace();
    for (const f of FILES)
      copyFileSync(path.join(ws, `${f}.sigstore.json`), path.join(dir, `${f}.sigstore.json`));
    writeFileSync(path.join(dir, 'dist/app-1.0.tar.gz'), 'tampered\n');
    writeFileSync(
      path.join(dir, 'dist/app linux.sigstore.json'),
      '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"}',
    );
    writeFileSync(path.join(dir, 'dist/extra.bin'), 'never signed');
    const run = await verify({ 'cert-identity': stack.env.STACK_IDENTITY }, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/3 of 4 files did not verify/);
    expect(run.stdout).toMatch(
      /dist\/app-1\.0\.tar\.gz: the bundle is for a different file: it signs sha256:[0-9a-f]{64}, the file is sha256:[0-9a-f]{64} \[BUNDLE_MISMATCH\]/,
    );
    expect(run.stdout).toMatch(
      /dist\/app linux: the bundle is malformed at .*\[BUNDLE_MALFORMED\]/,
    );
    expect(run.stdout).toMatch(
      /dist\/extra\.bin: no bundle: looked for dist\/extra\.bin\.sigstore\.json and dist\/extra\.bin\.sigstore \[BUNDLE_NOT_FOUND\]/,
    );
    expect(JSON.parse(run.outputs.verified)).toEqual(['dist/app-1.0-py3-none-any.whl']);
  });

  it.each([
    ['Rekor v1', 'STACK_SIGNING_CONFIG'],
    ['Rekor v2', 'STACK_SIGNING_CONFIG_REKOR_V2'],
  ])(
    'reports a changed signature as a signature that does not match, not a timestamp (%s and a TSA)',
    async (_log, config) => {
      const dir = workspace();
      const signed = await runAction({
        workspace: dir,
        env: stack.env,
        inputs: {
          inputs: 'dist/*',
          'signing-config': stack.env[config],
          'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        },
      });
      expect(signed.code).toBe(0);
      const bundlePath = (f: string): string => path.join(dir, `${f}.sigstore.json`);
      const edit = (f: string, change: (b: SignatureBundle) => void): void => {
        const bundle = JSON.parse(readFileSync(bundlePath(f), 'utf8')) as SignatureBundle;
        change(bundle);
        writeFileSync(bundlePath(f), JSON.stringify(bundle));
      };
      const flipLastBit = (base64: string): string => {
        const bytes = Buffer.from(base64, 'base64');
        bytes[bytes.length - 1] ^= 1;
        return bytes.toString('base64');
      };
      // One bit of the signature (the end of its s value: still well-formed DER).
      edit('dist/app-1.0.tar.gz', (b) => {
        b.messageSignature.signature = flipLastBit(b.messageSignature.signature);
      });
      // One byte of the file, and the bundle's digest made that of the new bytes.
      const linux = path.join(dir, 'dist/app linux');
      const changed = readFileSync(linux);
      changed[0] ^= 1;
      writeFileSync(linux, changed);
      edit('dist/app linux', (b) => {
        b.messageSignature.messageDigest.digest = createHash('sha256')
          .update(changed)
          .digest('base64');
      });
      // One byte of the file alone.
      const wheel = path.join(dir, 'dist/app-1.0-py3-none-any.whl');
      const other = readFileSync(wheel);
      other[0] ^= 1;
      writeFileSync(wheel, other);

      const run = await verify({ 'cert-identity': stack.env.STACK_IDENTITY }, dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/3 of 3 files did not verify/);
      const mismatch =
        "the signature does not match: the bundle's certificate did not sign this file with this signature, so the signature or the certificate was changed after signing";
      for (const file of ['dist/app-1.0.tar.gz', 'dist/app linux']) {
        expect(run.stdout).toContain(`FAILED  ${file}: ${mismatch}`);
      }
      expect(run.stdout).toMatch(
        / - dist\/app linux and dist\/app-1\.0\.tar\.gz: the signature does not match: [^%]*\[SIGNATURE_INVALID\]/,
      );
      expect(run.stdout).not.toMatch(
        /TIMESTAMP_INVALID|TLOG_INVALID|timestamp could not be verified/,
      );
      expect(run.stdout).toMatch(
        /dist\/app-1\.0-py3-none-any\.whl: the bundle is for a different file: it signs sha256:[0-9a-f]{64}, the file is sha256:[0-9a-f]{64} \[BUNDLE_MISMATCH\]/,
      );
      expect(run.summary).toContain('(SIGNATURE_INVALID)');
    },
  );

  it('accepts the legacy <file>.sigstore name and an explicit bundle for one file', async () => {
    const dir = workspace();
    copyFileSync(
      path.join(ws, 'dist/app-1.0.tar.gz.sigstore.json'),
      path.join(dir, 'dist/app-1.0.tar.gz.sigstore'),
    );
    copyFileSync(path.join(ws, 'dist/app linux.sigstore.json'), path.join(dir, 'elsewhere.json'));
    const legacy = await verify(
      { inputs: 'dist/app-1.0.tar.gz', 'cert-identity': stack.env.STACK_IDENTITY },
      dir,
    );
    expect(legacy.code).toBe(0);
    const explicit = await verify(
      {
        inputs: "'dist/app linux'",
        bundle: 'elsewhere.json',
        'cert-identity': stack.env.STACK_IDENTITY,
      },
      dir,
    );
    expect(explicit.code).toBe(0);
  });

  it('verifies fully offline with a trusted root: the stack that signed is gone', async () => {
    const own = await spawnStack();
    const dir = workspace();
    const signed = await runAction({
      workspace: dir,
      env: own.env,
      inputs: {
        inputs: 'dist/*',
        'signing-config': own.env.STACK_SIGNING_CONFIG_REKOR_V2,
        'trusted-root': own.env.STACK_TRUSTED_ROOT,
      },
    });
    expect(signed.code).toBe(0);
    const rootCopy = path.join(dir, 'trusted_root.json');
    copyFileSync(own.env.STACK_TRUSTED_ROOT, rootCopy);
    await own.stop();
    const run = await runAction({
      workspace: dir,
      // Any attempt to reach the network would go to a dead proxy and fail.
      env: {
        ...own.env,
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
        NO_PROXY: '',
      },
      inputs: {
        mode: 'verify',
        inputs: 'dist/*',
        'trusted-root': rootCopy,
        'cert-identity': own.env.STACK_IDENTITY,
      },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.verified)).toHaveLength(3);
  });

  it('verifies an in-toto DSSE bundle: the file must be a subject of the statement', async () => {
    const dir = workspace();
    const subject = path.join(dir, 'dist/app-1.0.tar.gz');
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        {
          name: 'app-1.0.tar.gz',
          digest: { sha256: createHash('sha256').update(readFileSync(subject)).digest('hex') },
        },
      ],
      predicateType: 'https://example.com/test/v1',
      predicate: {},
    };
    writeFileSync(path.join(dir, 'statement.json'), JSON.stringify(statement));
    const cli = spawnSync(
      node24(),
      [
        path.join(REPO_ROOT, 'dist/cli/index.js'),
        'sign-bundle',
        '--in-toto',
        '--identity-token',
        await stack.mintToken(),
        '--bundle',
        'att.sigstore.json',
        '--signing-config',
        stack.env.STACK_SIGNING_CONFIG,
        'statement.json',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(cli.status).toBe(0);
    const ok = await verify(
      {
        inputs: 'dist/app-1.0.tar.gz',
        bundle: 'att.sigstore.json',
        'cert-identity': stack.env.STACK_IDENTITY,
        'predicate-type': 'https://example.com/test/v1',
      },
      dir,
    );
    expect(ok.code).toBe(0);
    // Without predicate-type, an attestation is not the file's signature.
    const asSignature = await verify(
      {
        inputs: 'dist/app-1.0.tar.gz',
        bundle: 'att.sigstore.json',
        'cert-identity': stack.env.STACK_IDENTITY,
      },
      dir,
    );
    expect(asSignature.code).toBe(1);
    expect(asSignature.stdout).toContain(
      'set predicate-type: https://example.com/test/v1; to verify a signature, sign the file (sign mode without predicate-type). [PREDICATE_MISMATCH]',
    );
    const other = await verify(
      {
        inputs: 'dist/app-1.0-py3-none-any.whl',
        bundle: 'att.sigstore.json',
        'cert-identity': stack.env.STACK_IDENTITY,
        'predicate-type': 'https://example.com/test/v1',
      },
      dir,
    );
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(
      /the file is not a subject of its in-toto statement \(subjects: app-1\.0\.tar\.gz\)/,
    );
  });
});

describe('sign mode verifies each new bundle before writing it', () => {
  it('refuses to write bundles that would not verify for cert-identity', async () => {
    const dir = workspace();
    const run = await runAction({
      workspace: dir,
      env: stack.env,
      inputs: {
        inputs: 'dist/app-1.0.tar.gz',
        'signing-config': stack.env.STACK_SIGNING_CONFIG,
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'cert-identity':
          'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main',
      },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /the new bundle does not verify, so it was not written: signed by .*@refs\/tags\/v1\.2\.3, expected .*@refs\/heads\/main/,
    );
    expect(() => readFileSync(path.join(dir, 'dist/app-1.0.tar.gz.sigstore.json'))).toThrow();
  });

  it('needs a trusted root to verify with a custom signing config', async () => {
    const run = await runAction({
      workspace: workspace(),
      env: stack.env,
      inputs: { inputs: 'dist/*', 'signing-config': stack.env.STACK_SIGNING_CONFIG },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /verify needs the trusted root of the instance: pass trusted-root with signing-config, or set verify: false/,
    );
    const unverified = await runAction({
      workspace: workspace(),
      env: stack.env,
      inputs: {
        inputs: 'dist/*',
        'signing-config': stack.env.STACK_SIGNING_CONFIG,
        verify: 'false',
      },
    });
    expect(unverified.code).toBe(0);
  });
});
