/**
 * Security properties of the built action, end to end: a private repository is not signed into a
 * public log without the user's yes, and no credential ever appears in what the step printed or
 * wrote (log, outputs, summary, files in the workspace), on success and on every kind of failure.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAction, type ActionRun } from '../helpers/action.js';
import { createRelease } from '../helpers/github.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { allFileText, withoutMaskCommands, workspace } from '../helpers/workspace.js';

let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
});

afterAll(async () => {
  await stack?.stop();
});

function stackInputs(): Record<string, string> {
  return {
    'signing-config': stack.env.STACK_SIGNING_CONFIG,
    'trusted-root': stack.env.STACK_TRUSTED_ROOT,
  };
}

function errorLine(run: ActionRun): string {
  return /^::error::(.*)$/m.exec(run.stdout)?.[1] ?? '';
}

describe('a private repository and the public log', () => {
  it('refuses to sign with the public-good instance, before anything leaves the machine', async () => {
    const token = await stack.mintToken({ claims: { repository_visibility: 'private' } });
    const ws = workspace({ 'a.txt': 'a' });
    const before = await stack.stats();
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { inputs: 'a.txt', 'identity-token': token },
    });
    const after = await stack.stats();
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      'octo-org/octo-repo is private, and signing with the Sigstore public-good instance records its name, ' +
        'workflow, ref and commit in a public transparency log, permanently. Set allow-private-repository: true ' +
        'if that is acceptable, or sign with a private Sigstore instance (signing-config and trusted-root). [PRIVATE_REPOSITORY]',
    );
    expect(after.fulcio).toBe(before.fulcio);
    expect(after.rekor).toBe(before.rekor);
    expect(run.summary).toContain('Nothing was signed');
  });

  it('with allow-private-repository: true, warns and goes on (to the public-good TUF repository)', async () => {
    const token = await stack.mintToken({ claims: { repository_visibility: 'internal' } });
    const ws = workspace({ 'a.txt': 'a' });
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { inputs: 'a.txt', 'identity-token': token, 'allow-private-repository': 'true' },
      timeoutMs: 90_000,
    });
    expect(run.stdout).toContain(
      "::warning::octo-org/octo-repo is internal: its name, workflow, ref and commit will be public in the Sigstore public-good instance's transparency log (allow-private-repository is true).",
    );
    // This machine cannot reach the public-good instance: the run gets as far as TUF.
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/\[TUF_FAILED\]$/);
  });

  it('signs a private repository with a private instance without asking', async () => {
    const token = await stack.mintToken({ claims: { repository_visibility: 'private' } });
    const ws = workspace({ 'a.txt': 'a' });
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { inputs: 'a.txt', 'identity-token': token, ...stackInputs() },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::warning::');
  });
});

describe('credentials never appear in what the step printed or wrote', () => {
  const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;

  function expectNoSecrets(run: ActionRun, ws: string, extra: string[] = []): void {
    const text = withoutMaskCommands(run.everything) + allFileText(ws);
    const secrets = [
      stack.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      stack.env.ACTIONS_RUNTIME_TOKEN,
      stack.env.STACK_GITHUB_TOKEN,
      ...extra,
    ];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(15);
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(JWT);
  }

  it('signing with the ambient token and publishing everywhere', async () => {
    await createRelease(stack, { tag: 'v7.0.0-secrets', draft: true });
    const ws = workspace({ 'dist/a.tar.gz': 'a', 'dist/b.tar.gz': 'b' });
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: {
        inputs: 'dist/*',
        ...stackInputs(),
        'upload-signing-artifacts': 'true',
        'release-signing-artifacts': 'true',
        'release-notes': 'true',
        'release-tag': 'v7.0.0-secrets',
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::add-mask::eyJ/m);
    expectNoSecrets(run, ws);
  });

  it.each([
    ['a valid identity-token', {}, 0],
    ['an expired identity-token', { expiresInSeconds: -60 }, 1],
    ['an identity-token for another audience', { audience: 'not-sigstore' }, 1],
    ['an identity-token signed by an unknown key', { untrustedKey: true }, 1],
  ] as const)('signing with %s', async (_name, request, code) => {
    const token = await stack.mintToken(request);
    const ws = workspace({ 'a.txt': 'a' });
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { inputs: 'a.txt', 'identity-token': token, ...stackInputs() },
    });
    expect(run.code).toBe(code);
    expectNoSecrets(run, ws, [token, token.split('.')[1], token.split('.')[2]]);
  });

  it('when the runner refuses the token request (wrong request token)', async () => {
    const ws = workspace({ 'a.txt': 'a' });
    const run = await runAction({
      workspace: ws,
      env: { ...stack.env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-request-token-of-this-run' },
      inputs: { inputs: 'a.txt', ...stackInputs() },
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('[OIDC_TOKEN_FAILED]');
    expectNoSecrets(run, ws, ['not-the-request-token-of-this-run']);
  });

  it('when GitHub refuses the github-token', async () => {
    const ws = workspace({ 'a.txt': 'a' });
    const bad = 'ghs_' + 'x'.repeat(36);
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: {
        inputs: 'a.txt',
        ...stackInputs(),
        'release-signing-artifacts': 'true',
        'release-tag': 'v7.0.0-secrets',
        'github-token': bad,
      },
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('[GITHUB_PERMISSION]');
    expectNoSecrets(run, ws, [bad]);
  });

  it('verifying a release with the github-token', async () => {
    const ws = workspace({});
    writeFileSync(path.join(ws, '.keep'), '');
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: {
        mode: 'verify',
        'release-tag': 'v7.0.0-secrets',
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'cert-identity': stack.env.STACK_IDENTITY,
      },
    });
    expectNoSecrets(run, ws);
  });
});
