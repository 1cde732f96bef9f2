/**
 * The attack: a public workflow is called as a reusable workflow from the attacker's repository.
 * Fulcio then certifies the CALLED workflow's identity (the SAN comes from the token's
 * job_workflow_ref) for a run of the attacker's repository (the Source Repository URI comes from
 * the token's repository), so a policy that compares only the identity accepts the attacker's
 * file. Here the stack's Fulcio maps the claims as real Fulcio does (stack/fulcio.ts), the
 * attacker signs with the built action, and the built action in verify mode, its CLI and its
 * release gate are given the README's own policies.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runAction, type ActionRun } from '../../helpers/action.js';
import { createRelease, uploadAsset } from '../../helpers/github.js';
import { runCli } from '../../helpers/process.js';
import { spawnStack, type StackProcess } from '../../helpers/stack.js';
import { allFiles, workspace } from '../../helpers/workspace.js';

const FILE = 'dist/app-1.0.tar.gz';
const LEGIT =
  'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';
const EVIL_REPO = 'evil-org/evil-repo';
const REFUSED = 'signed in evil-org/evil-repo, expected octo-org/octo-repo';

/** The caller's run: evil-org/evil-repo's workflow calls octo-org/octo-repo's release.yml@v1.2.3. */
const REUSABLE_WORKFLOW_CALL = {
  sub: `repo:${EVIL_REPO}:ref:refs/heads/main`,
  repository: EVIL_REPO,
  repository_owner: 'evil-org',
  repository_id: '666000001',
  repository_owner_id: '666000002',
  ref: 'refs/heads/main',
  ref_type: 'branch',
  sha: 'e'.repeat(40),
  workflow: 'Release',
  workflow_ref: `${EVIL_REPO}/.github/workflows/release.yml@refs/heads/main`,
  workflow_sha: 'e'.repeat(40),
  job_workflow_ref: 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3',
};

/** Another workflow of octo-org/octo-repo that took the release workflow's `name:`. */
const SAME_NAME_OTHER_FILE = {
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/feature',
  ref: 'refs/heads/feature',
  ref_type: 'branch',
  workflow: 'Release',
  workflow_ref: 'octo-org/octo-repo/.github/workflows/pr-preview.yml@refs/heads/feature',
  job_workflow_ref: 'octo-org/octo-repo/.github/workflows/pr-preview.yml@refs/heads/feature',
};

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** A README example with its placeholders filled in for the stack's octo-org/octo-repo. */
function filled(example: string): string {
  return example.replace(/OWNER/g, 'octo-org').replace(/REPO|TOOL/g, 'octo-repo');
}

/** The README's exact-identity example, and every cert-identity-regexp example it shows. */
const README_IDENTITY = filled(
  /^\s*cert-identity: (https:\/\/github\.com\/OWNER\/REPO\/\S+)$/m.exec(README)![1],
);
const README_PATTERNS = [...README.matchAll(/^\s*cert-identity-regexp: '([^']+)'/gm)].map((m) =>
  filled(m[1]),
);

let stack: StackProcess;
/** Signed by octo-org/octo-repo's own release run. */
let legit: string;
/** Signed by evil-org/evil-repo's run of octo-org/octo-repo's reusable workflow. */
let evil: string;
/** Signed by octo-org/octo-repo's pr-preview.yml, named "Release" too. */
let sameName: string;

beforeAll(async () => {
  stack = await spawnStack();
  legit = await signed('the real release\n');
  evil = await signed('the attacker\'s "release"\n', {
    claims: REUSABLE_WORKFLOW_CALL,
  });
  sameName = await signed('a preview build\n', { claims: SAME_NAME_OTHER_FILE });
});

afterAll(async () => {
  await stack?.stop();
});

/** A workspace whose FILE was signed by the built action, with a minted token when given. */
async function signed(
  content: string,
  token?: { claims: Record<string, string> },
): Promise<string> {
  const ws = workspace({ [FILE]: content });
  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      inputs: FILE,
      'signing-config': stack.env.STACK_SIGNING_CONFIG,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      ...(token ? { 'identity-token': await stack.mintToken(token) } : {}),
    },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return ws;
}

/** A consumer's fresh copy of a signed workspace: the file and its bundle, nothing else. */
function download(from: string): string {
  const ws = workspace({});
  mkdirSync(path.join(ws, 'dist'));
  for (const name of [FILE, `${FILE}.sigstore.json`]) {
    copyFileSync(path.join(from, name), path.join(ws, name));
  }
  return ws;
}

async function verify(from: string, inputs: Record<string, string>): Promise<ActionRun> {
  const ws = download(from);
  const before = allFiles(ws);
  const run = await runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      mode: 'verify',
      inputs: 'dist/*',
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      ...inputs,
    },
  });
  // Verify mode never writes into the workspace, whatever happens.
  expect(allFiles(ws)).toEqual(before);
  return run;
}

function errorLine(run: ActionRun): string {
  return /^::error::(.*)$/m.exec(run.stdout)?.[1] ?? '';
}

describe("a reusable workflow's caller signs as the called workflow", () => {
  it('the certificate really names octo-org/octo-repo as the signer and evil-org/evil-repo as the run', async () => {
    const run = await verify(evil, { 'cert-identity': LEGIT, 'github-repository': EVIL_REPO });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.summary).toContain(`| \`${FILE}\` | ✅&nbsp;verified |`);
    expect(run.summary).toContain(`Signed by \`${LEGIT}\`.`);
  });

  it("is refused with the README's exact cert-identity, naming both repositories", async () => {
    expect(README_IDENTITY).toBe(LEGIT);
    const run = await verify(evil, { 'cert-identity': README_IDENTITY });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(`- ${FILE}: ${REFUSED}, the repository of cert-identity`);
    expect(errorLine(run)).toMatch(/\[POLICY_MISMATCH\]/);
    expect(JSON.parse(run.outputs.verified)).toEqual([]);
    expect(run.summary).toContain('❌&nbsp;failed');
    expect(run.summary).toContain(
      'source repository `octo-org/octo-repo` (the repository of cert-identity)',
    );
  });

  it('is refused with every cert-identity-regexp example of the README, which the real release passes', async () => {
    expect(README_PATTERNS.length).toBeGreaterThanOrEqual(2);
    for (const pattern of README_PATTERNS) {
      const attack = await verify(evil, { 'cert-identity-regexp': pattern });
      expect(attack.code).toBe(1);
      expect(errorLine(attack)).toContain(
        `- ${FILE}: ${REFUSED}, the repository of cert-identity-regexp`,
      );
      expect(JSON.parse(attack.outputs.verified)).toEqual([]);
      const real = await verify(legit, { 'cert-identity-regexp': pattern });
      expect(real.stderr).toBe('');
      expect(real.code).toBe(0);
      expect(JSON.parse(real.outputs.verified)).toEqual([FILE]);
    }
  });

  it('the real release passes the exact identity', async () => {
    const run = await verify(legit, { 'cert-identity': README_IDENTITY });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.verified)).toEqual([FILE]);
  });

  it('is refused by the CLI with the same policy', async () => {
    const ws = download(evil);
    const run = await runCli(
      ['verify', '--trusted-root', stack.env.STACK_TRUSTED_ROOT, '--cert-identity', LEGIT, FILE],
      ws,
    );
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(REFUSED);
    const real = await runCli(
      ['verify', '--trusted-root', stack.env.STACK_TRUSTED_ROOT, '--cert-identity', LEGIT, FILE],
      download(legit),
    );
    expect(real.code).toBe(0);
  });

  it("is refused by the release gate with the README's release example", async () => {
    const tag = `v-attack-${Date.now()}`;
    const release = await createRelease(stack, { tag });
    const name = path.basename(FILE);
    await uploadAsset(stack, release, name, readFileSync(path.join(evil, FILE)));
    await uploadAsset(
      stack,
      release,
      `${name}.sigstore.json`,
      readFileSync(path.join(evil, `${FILE}.sigstore.json`)),
    );
    const ws = workspace({});
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: {
        mode: 'verify',
        'release-tag': tag,
        repository: 'octo-org/octo-repo',
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'cert-identity': README_IDENTITY,
        'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
      },
    });
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(`- ${name}: ${REFUSED}`);
    expect(JSON.parse(run.outputs.verified)).toEqual([]);
    expect(allFiles(ws)).toEqual([]);
  });
});

describe('a pattern that does not fix one repository', () => {
  const ORG_WIDE = 'https://github\\.com/octo-org/.*';

  it('is refused before any file is read, saying how to pin it', async () => {
    for (const inputs of ['dist/*', 'no-such-directory/*']) {
      const run = await verify(evil, { inputs, 'cert-identity-regexp': ORG_WIDE });
      expect(run.code).toBe(1);
      // The same refusal whether or not the files exist: nothing was looked up.
      expect(errorLine(run)).toBe(
        `cert-identity-regexp "https://github\\\\.com/octo-org/.*" does not fix one repository, so a workflow it matches would pass when any other repository calls it (a public reusable workflow signs as itself for its callers). ` +
          'Pin the repository: start the pattern with https://github\\.com/OWNER/REPO/ (written out, dots as \\.), or set github-repository to the repository whose runs may sign, ' +
          'or turn on allow-any-source-repository to accept runs of any repository. Nothing was verified. [INPUT_INVALID]',
      );
      expect(run.outputs.verified).toBeUndefined();
      expect(run.summary).toContain('**Nothing was verified.**');
    }
  });

  it('with github-repository, is pinned to that repository', async () => {
    const pinned = { 'cert-identity-regexp': ORG_WIDE, 'github-repository': 'octo-org/octo-repo' };
    const attack = await verify(evil, pinned);
    expect(attack.code).toBe(1);
    expect(errorLine(attack)).toContain(`${REFUSED} (github-repository)`);
    const real = await verify(legit, pinned);
    expect(real.code).toBe(0);
  });

  it('with allow-any-source-repository, accepts any caller, and the summary says so', async () => {
    const run = await verify(evil, {
      'cert-identity-regexp': ORG_WIDE,
      'allow-any-source-repository': 'true',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.verified)).toEqual([FILE]);
    expect(run.summary).toMatch(
      /Required: .*\*\*any source repository\*\* \(`allow-any-source-repository`/,
    );
  });
});

describe('github-workflow-file: the workflow name is free text, the file is not', () => {
  const byName = { 'github-repository': 'octo-org/octo-repo', 'github-workflow-name': 'Release' };
  const byFile = {
    'github-repository': 'octo-org/octo-repo',
    'github-workflow-file': '.github/workflows/release.yml',
  };

  it('another workflow file with the same name passes a name check, and fails the file check', async () => {
    const weak = await verify(sameName, byName);
    expect(weak.code).toBe(0);
    const run = await verify(sameName, byFile);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      `- ${FILE}: github-workflow-file is .github/workflows/pr-preview.yml in the certificate, expected .github/workflows/release.yml [POLICY_MISMATCH]`,
    );
    expect(JSON.parse(run.outputs.verified)).toEqual([]);
  });

  it('the release workflow passes the file check', async () => {
    const run = await verify(legit, byFile);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
