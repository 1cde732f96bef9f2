/**
 * scripts/check-workflows.mjs as CI runs it: a child process, on this repository's action.yml and
 * workflows (must pass) and on broken copies in temp directories (must fail, naming the problem at
 * its line and column). Offline: GitHub's parser is bundled once, in beforeAll, into a fresh cache.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, node24 } from '../../helpers/action.js';
import { runProcess, type ProcessRun } from '../../helpers/process.js';

const CHECKER = path.join(REPO_ROOT, 'scripts', 'check-workflows.mjs');
const ACTION_YML = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
const WORKFLOW = '.github/workflows/fixture.yml';

type CheckRun = ProcessRun;

const temps: string[] = [];
let cacheDir: string;
let ownRepository: CheckRun;

function temp(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function check(args: string[], cwd = REPO_ROOT, node = node24()): Promise<CheckRun> {
  return runProcess(node, [CHECKER, ...args], {
    cwd,
    env: { ...process.env, CHECK_WORKFLOWS_CACHE_DIR: cacheDir, GITHUB_ACTIONS: '' },
  });
}

/** A repository in a temp dir: this action.yml (and an entry point), plus `files`. */
function repository(files: Record<string, string>): string {
  const dir = temp('check-workflows-');
  const all = { 'action.yml': ACTION_YML, 'dist/index.js': '', ...files };
  for (const [name, content] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** `text` with `from` replaced by `to`; fails if `from` is not there (the fixture would lie). */
function variant(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}

/** `file:line:col: error: ` of the first occurrence of `needle` in `text`. */
function where(file: string, text: string, needle: string): string {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`fixture: ${JSON.stringify(needle)} not found`);
  const before = text.slice(0, index).split('\n');
  return `${file}:${before.length}:${before[before.length - 1].length + 1}: error: `;
}

/** Checks `workflow` as .github/workflows/fixture.yml of a fresh repository. */
async function checkWorkflow(workflow: string): Promise<CheckRun> {
  return check([WORKFLOW], repository({ [WORKFLOW]: workflow }));
}

function expectFailure(run: CheckRun, ...lines: string[]): void {
  for (const line of lines) expect(run.stderr).toContain(line);
  expect(run.stdout).toMatch(/^workflows: 1 file checked, [1-9]\d* errors?$/m);
  expect(run.code).toBe(1);
}

// A signing job that is right in every respect; each broken fixture changes one thing.
const VALID = `name: Fixture
on: push
permissions:
  contents: read
jobs:
  sign:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
    steps:
      - uses: actions/checkout@v5
      - run: echo "\${{ github.ref }}"
      - name: Sign
        uses: ./
        with:
          inputs: dist/*
          release-signing-artifacts: true
          release-notes: true
  verify:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - uses: sigstore-action/sigstore-action@v0
        with:
          mode: verify
          inputs: dist/*
          github-repository: \${{ github.repository }}
  given-token:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: ./
        with:
          inputs: dist/*
          identity-token: \${{ secrets.SIGSTORE_TOKEN }}
`;

beforeAll(async () => {
  cacheDir = temp('check-workflows-cache-');
  ownRepository = await check([]); // bundles the parser into the empty cache
}, 60_000);

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('check-workflows on this repository', () => {
  it("passes on the repository's own action.yml and workflows", () => {
    const workflows = readdirSync(path.join(REPO_ROOT, '.github', 'workflows')).filter((f) =>
      /\.ya?ml$/.test(f),
    );
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'release.yml', 'self-test.yml']));
    expect(ownRepository.stderr).toBe('');
    expect(ownRepository.stdout.trim()).toBe(
      `workflows: ${workflows.length + 1} files checked, 0 errors`,
    );
    expect(ownRepository.code).toBe(0);
  });

  it('bundled the parser into the cache, and reuses it', async () => {
    const bundle = path.join(cacheDir, 'workflow-parser.mjs');
    expect(existsSync(bundle)).toBe(true);
    const before = readFileSync(bundle, 'utf8').split('\n', 1)[0];
    expect(before).toMatch(/^\/\/ check-workflows bundle [0-9a-f]{16}: @actions\/languageservice@/);
    const again = await check(['action.yml']);
    expect(again.stdout.trim()).toBe('workflows: 1 file checked, 0 errors');
    expect(readFileSync(bundle, 'utf8').split('\n', 1)[0]).toBe(before);
  });

  it('runs under the node on PATH too (Node 20 in CI), not only Node 24', async () => {
    const run = await check([], REPO_ROOT, 'node');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^workflows: \d+ files checked, 0 errors$/m);
    expect(run.code).toBe(0);
  });

  it('the valid fixture passes: the rules do not fire on correct workflows', async () => {
    const run = await checkWorkflow(VALID);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('workflows: 1 file checked, 0 errors');
    expect(run.code).toBe(0);
  });
});

describe("GitHub's parser finds", () => {
  it('using: node99 in action.yml', async () => {
    const action = variant(ACTION_YML, "using: 'node24'", "using: 'node99'");
    const run = await check(['action.yml'], repository({ 'action.yml': action }));
    expectFailure(
      run,
      `${where('action.yml', action, "'node99'")}Unexpected value 'node99'`,
      `${where('action.yml', action, "'node99'")}runs.using is 'node99': this action must run on node24`,
    );
  });

  it('id-token: writee', async () => {
    const workflow = variant(VALID, 'id-token: write\n', 'id-token: writee\n');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'writee')}Unexpected value 'writee'`,
    );
  });

  it('a broken expression', async () => {
    const workflow = variant(VALID, '${{ github.ref }}', '${{ github.ref == }}');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, '${{ github.ref ==')}Unexpected end of expression: '=='`,
    );
  });

  it('an unknown key at job level', async () => {
    const workflow = variant(
      VALID,
      '    runs-on: ubuntu-latest\n',
      '    runs-on: ubuntu-latest\n    timeout-minute: 5\n',
    );
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'timeout-minute')}Unexpected value 'timeout-minute'`,
    );
  });

  it('a job that needs an unknown job', async () => {
    const workflow = variant(VALID, '  verify:\n', '  verify:\n    needs: [build]\n');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'build]')}Job 'verify' depends on unknown job 'build'.`,
    );
  });
});

describe('the project rules find', () => {
  it('a misspelled action input, with the fix', async () => {
    const workflow = variant(VALID, 'inputs: dist/*', 'inputz: dist/*');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'inputz')}job 'sign', step 3 'Sign' (uses: ./): 'inputz' is not an input of action.yml. Fix: did you mean 'inputs'?`,
    );
  });

  it('a misspelled input of the published action (sigstore-action/sigstore-action@v0)', async () => {
    const workflow = variant(VALID, 'github-repository:', 'github-repo:');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'github-repo:')}job 'verify', step 1 (uses: sigstore-action/sigstore-action@v0): 'github-repo' is not an input of`,
      "Fix: did you mean 'github-repository'?",
    );
  });

  it('a signing job without id-token: write', async () => {
    const workflow = variant(VALID, '      id-token: write\n', '');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'permissions:\n      contents: write')}job 'sign', step 3 'Sign' (uses: ./) signs (mode: sign, the default), which needs the job's OIDC token, but the permissions of the job (line 8) give id-token: none`,
      "Fix: add `id-token: write` to the permissions of job 'sign'.",
    );
  });

  it("a job whose permissions block replaces the workflow's id-token: write", async () => {
    const workflow = variant(
      VALID,
      'permissions:\n  contents: read\n',
      'permissions:\n  contents: read\n  id-token: write\n',
    ).replace('      contents: write\n      id-token: write\n', '      contents: write\n');
    expectFailure(
      await checkWorkflow(workflow),
      "give id-token: none (a job's permissions block replaces the workflow's). Fix: add `id-token: write` to the permissions of job 'sign'.",
    );
  });

  it('a signing job with no permissions block anywhere', async () => {
    const workflow = variant(
      variant(VALID, 'permissions:\n  contents: read\n', ''),
      '    permissions:\n      contents: write\n      id-token: write\n',
      '',
    );
    const run = await checkWorkflow(workflow);
    expectFailure(
      run,
      `${where(WORKFLOW, workflow, 'uses: ./')}job 'sign', step 3 'Sign' (uses: ./) signs (mode: sign, the default), which needs the job's OIDC token, but neither the job nor the workflow has a permissions block, and GitHub never grants id-token: write by default. Fix: give job 'sign' a permissions block with \`id-token: write\``,
      `${where(WORKFLOW, workflow, 'release-signing-artifacts')}job 'sign', step 3 'Sign' (uses: ./) has release-signing-artifacts: true, which attaches bundles to a release, but neither the job nor the workflow has a permissions block, so contents is the repository's default`,
    );
    // identity-token needs no id-token: write; verify mode needs no permission at all.
    expect(run.stderr).not.toContain("job 'given-token'");
    expect(run.stderr).not.toContain("job 'verify'");
  });

  it('release-signing-artifacts without contents: write', async () => {
    const workflow = variant(VALID, '      contents: write\n', '      contents: read\n');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'release-signing-artifacts')}job 'sign', step 3 'Sign' (uses: ./) has release-signing-artifacts: true, which attaches bundles to a release, but the permissions of the job (line 8) give contents: read`,
      "Fix: add `contents: write` to the permissions of job 'sign'.",
    );
  });

  it('release-signing-artifacts from an expression, which may be true', async () => {
    const workflow = variant(
      variant(VALID, '      contents: write\n', '      contents: read\n'),
      'release-signing-artifacts: true',
      "release-signing-artifacts: ${{ github.event_name == 'release' }}",
    );
    expectFailure(
      await checkWorkflow(workflow),
      "has release-signing-artifacts: ${{ github.event_name == 'release' }}, which attaches bundles to a release",
    );
  });

  it('release-notes without release-signing-artifacts', async () => {
    const workflow = variant(VALID, '          release-signing-artifacts: true\n', '');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'release-notes')}job 'sign', step 3 'Sign' (uses: ./) has release-notes without release-signing-artifacts`,
    );
  });

  it('a mode that is neither sign nor verify', async () => {
    const workflow = variant(VALID, 'mode: verify', 'mode: verfiy');
    expectFailure(
      await checkWorkflow(workflow),
      `${where(WORKFLOW, workflow, 'verfiy')}job 'verify', step 1 (uses: sigstore-action/sigstore-action@v0): mode is 'verfiy'. Fix: mode: sign or mode: verify.`,
    );
  });

  it('uses: ./ in a repository without action.yml', async () => {
    const dir = repository({ [WORKFLOW]: VALID });
    rmSync(path.join(dir, 'action.yml'));
    const run = await check([WORKFLOW], dir);
    expectFailure(
      run,
      `${where(WORKFLOW, VALID, './')}job 'sign', step 3 'Sign' (uses: ./): uses: ./ but there is no action.yml in`,
    );
  });

  it('runs.main that does not exist', async () => {
    const dir = repository({});
    rmSync(path.join(dir, 'dist', 'index.js'));
    expectFailure(
      await check(['action.yml'], dir),
      `${where('action.yml', ACTION_YML, "'dist/index.js'")}runs.main is 'dist/index.js', which does not exist beside action.yml. Fix: build it (\`npm run package\`)`,
    );
  });

  it('a path that does not exist', async () => {
    const run = await check(['no-such-workflow.yml']);
    expect(run.stderr).toContain('no-such-workflow.yml:1:1: error: no such file or directory');
    expect(run.code).toBe(1);
  });
});
