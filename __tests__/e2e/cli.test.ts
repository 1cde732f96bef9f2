/**
 * The bundled CLI (dist/cli/index.js) under Node 24, against the local stack.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity } from '@sigstore/verify';
import { runCli } from '../helpers/process.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { verifierFor, verifyFileBundle } from '../helpers/verify.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
let stack: StackProcess;
beforeAll(async () => {
  stack = await spawnStack();
});
afterAll(async () => {
  await stack?.stop();
});

const cli = runCli;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    writeFileSync(path.join(d, name), content);
  }
  return d;
}

describe('sigstore-action CLI', () => {
  it('sign: expands a quoted glob, writes bundles that verify, prints no workflow commands', async () => {
    const d = dir({ 'out/a.txt': 'a', 'out/b.txt': 'b', 'out/skip.log': 'x' });
    const token = await stack.mintToken();
    const run = await cli(
      [
        'sign',
        '--identity-token',
        token,
        '--signing-config',
        stack.env.STACK_SIGNING_CONFIG,
        '--trusted-root',
        stack.env.STACK_TRUSTED_ROOT,
        'out/*.txt',
      ],
      d,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::');
    expect(run.stdout).toContain(`Signed 2 files as ${stack.env.STACK_IDENTITY}`);
    expect(run.stdout + run.stderr).not.toContain(token);
    const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
    for (const name of ['out/a.txt', 'out/b.txt']) {
      verifyFileBundle(
        verifier,
        path.join(d, `${name}.sigstore.json`),
        readFileSync(path.join(d, name)),
        stack.env.STACK_IDENTITY,
        ISSUER,
      );
    }
  });

  it('sign: a missing file is a clear error on stderr with exit 1', async () => {
    const run = await cli(
      ['sign', '--identity-token', await stack.mintToken(), 'nope.bin'],
      dir({}),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: inputs: "nope.bin" does not exist .*\[PATH_NOT_FOUND\]$/m);
  });

  it('usage errors exit 2 with the usage text', async () => {
    const run = await cli(['sign', '--bogus'], dir({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown option '--bogus'/);
    expect(run.stderr).toContain('Usage:');
  });

  it('sign-bundle (conformance protocol): a message signature bundle at --bundle', async () => {
    const d = dir({ 'artifact.bin': 'conformance artifact' });
    const run = await cli(
      [
        'sign-bundle',
        '--identity-token',
        await stack.mintToken(),
        '--bundle',
        'out.sigstore.json',
        '--trusted-root',
        stack.env.STACK_TRUSTED_ROOT,
        '--signing-config',
        stack.env.STACK_SIGNING_CONFIG_REKOR_V2,
        'artifact.bin',
      ],
      d,
    );
    expect(run.code).toBe(0);
    verifyFileBundle(
      verifierFor(stack.env.STACK_TRUSTED_ROOT),
      path.join(d, 'out.sigstore.json'),
      readFileSync(path.join(d, 'artifact.bin')),
      stack.env.STACK_IDENTITY,
      ISSUER,
    );
  });

  it('sign-bundle --in-toto: a DSSE bundle of the statement that verifies', async () => {
    const subject = Buffer.from('the real artifact');
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        {
          name: 'artifact',
          digest: { sha256: createHash('sha256').update(subject).digest('hex') },
        },
      ],
      predicateType: 'https://example.com/predicate/v1',
      predicate: { hello: 'world' },
    };
    const d = dir({ 'statement.json': JSON.stringify(statement) });
    const run = await cli(
      [
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
      d,
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(readFileSync(path.join(d, 'att.sigstore.json'), 'utf8')) as {
      mediaType: string;
      dsseEnvelope: { payloadType: string };
    };
    expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(json.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json');
    const signer = verifierFor(stack.env.STACK_TRUSTED_ROOT).verify(
      toSignedEntity(bundleFromJSON(json)),
      { subjectAlternativeName: stack.env.STACK_IDENTITY, extensions: { issuer: ISSUER } },
    );
    expect(signer.identity?.subjectAlternativeName).toBe(stack.env.STACK_IDENTITY);
  });

  it('verify: files by glob, a digest with its bundle, and a wrong identity', async () => {
    const d = dir({ 'out/a.txt': 'a', 'out/b.txt': 'b' });
    const signed = await cli(
      [
        'sign',
        '--identity-token',
        await stack.mintToken(),
        '--signing-config',
        stack.env.STACK_SIGNING_CONFIG,
        '--trusted-root',
        stack.env.STACK_TRUSTED_ROOT,
        'out/*.txt',
      ],
      d,
    );
    expect(signed.code).toBe(0);
    const common = ['--trusted-root', stack.env.STACK_TRUSTED_ROOT];
    const ok = await cli(
      ['verify', ...common, '--cert-identity', stack.env.STACK_IDENTITY, 'out/*.txt'],
      d,
    );
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`OK      out/a.txt: signed by ${stack.env.STACK_IDENTITY}`);
    expect(ok.stdout).toContain('Verified 2 files.');

    const digest = `sha256:${createHash('sha256').update('a').digest('hex')}`;
    const byDigest = await cli(
      [
        'verify',
        ...common,
        '--github-repository',
        'octo-org/octo-repo',
        '--bundle',
        'out/a.txt.sigstore.json',
        digest,
      ],
      d,
    );
    expect(byDigest.code).toBe(0);
    const wrongDigest = await cli(
      [
        'verify',
        ...common,
        '--github-repository',
        'octo-org/octo-repo',
        '--bundle',
        'out/a.txt.sigstore.json',
        `sha256:${'0'.repeat(64)}`,
      ],
      d,
    );
    expect(wrongDigest.code).toBe(1);
    expect(wrongDigest.stderr).toMatch(/the bundle is for a different file/);

    const wrong = await cli(
      ['verify', ...common, '--github-repository', 'octo-org/elsewhere', 'out/*.txt'],
      d,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/2 of 2 files did not verify/);
    expect(wrong.stderr).toMatch(
      /signed in octo-org\/octo-repo, expected octo-org\/elsewhere \(github-repository\)/,
    );

    const none = await cli(['verify', ...common, 'out/*.txt'], d);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /verification needs to know who must have signed: set --cert-identity/,
    );
  });
});
