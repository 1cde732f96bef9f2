import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../helpers/action.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

const RUNNER_VARIABLES = [
  'CI',
  'GITHUB_ACTIONS',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'GITHUB_SERVER_URL',
  'GITHUB_API_URL',
  'GITHUB_GRAPHQL_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_ID',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_REPOSITORY_OWNER_ID',
  'GITHUB_WORKFLOW',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_WORKFLOW_SHA',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_REF_TYPE',
  'GITHUB_SHA',
  'GITHUB_EVENT_NAME',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_JOB',
  'GITHUB_ACTOR',
  'GITHUB_ACTOR_ID',
  'GITHUB_TRIGGERING_ACTOR',
  'RUNNER_ENVIRONMENT',
  'RUNNER_OS',
  'RUNNER_ARCH',
];
const STACK_VARIABLES = [
  'STACK_URL',
  'STACK_TRUSTED_ROOT',
  'STACK_SIGNING_CONFIG',
  'STACK_SIGNING_CONFIG_REKOR_V2',
  'STACK_SIGNING_CONFIG_STAGING',
  'STACK_TUF_URL',
  'STACK_TUF_ROOT',
  'STACK_IDENTITY',
  'STACK_ISSUER',
  'STACK_AZURITE_URL',
  'STACK_GITHUB_TOKEN',
  'STACK_GITHUB_TOKEN_READONLY',
  'STACK_GITHUB_ADMIN_TOKEN',
];
/** Where Azurite would put its state if it wrote any (it must not, in memory). */
const AZURITE_FILES = [
  '__blobstorage__',
  '__azurite_db_blob__.json',
  '__azurite_db_blob_extent__.json',
];

async function azuritePid(stack: StackProcess): Promise<number> {
  return ((await (await fetch(`${stack.url}/__azurite`)).json()) as { pid: number }).pid;
}

/** Running (a zombie waiting for init to reap it has exited: not alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true; // no procfs: signal 0 said it exists
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(25)) {
    if (!alive(pid)) return true;
  }
  return !alive(pid);
}

describe('the stack as a child process', () => {
  const stacks: StackProcess[] = [];
  let startMs: number[] = [];
  let openapiMs: number[] = [];

  beforeAll(async () => {
    // Two at once, each timed from spawn to "ready" + env file read (Azurite up, container
    // created), and to the GitHub stand-in's OpenAPI description loaded and compiled.
    const timed = async (): Promise<StackProcess> => {
      const t0 = performance.now();
      const stack = await spawnStack();
      startMs.push(performance.now() - t0);
      await fetch(`${stack.url}/__openapi`);
      openapiMs.push(performance.now() - t0);
      return stack;
    };
    startMs = [];
    openapiMs = [];
    stacks.push(...(await Promise.all([timed(), timed()])));
  });

  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.stop()));
  });

  it('starts two at once, Azurite included, in under 4 seconds each', () => {
    console.log(
      `stack start times (two at once): ready ${startMs.map((ms) => ms.toFixed(0)).join(' ms, ')} ms;` +
        ` OpenAPI ready ${openapiMs.map((ms) => ms.toFixed(0)).join(' ms, ')} ms`,
    );
    for (const ms of startMs) expect(ms).toBeLessThan(4000);
    for (const ms of openapiMs) expect(ms).toBeLessThan(5000);
  });

  it('runs two stacks at once on different ports', async () => {
    const [a, b] = stacks;
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
    expect(await a.stats()).toEqual(expect.objectContaining({ oidc: 0 }));
    expect(await b.stats()).toEqual(expect.objectContaining({ oidc: 0 }));
  });

  it('writes an env file with the runner variables and the STACK_* variables', async () => {
    const { env, url } = stacks[0];
    for (const name of [...RUNNER_VARIABLES, ...STACK_VARIABLES]) {
      expect(env[name]).toBeTruthy();
    }
    expect(env.STACK_URL).toBe(url);
    expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toBe(`${url}/oidc/token?api-version=2.0`);
    expect(env.RUNNER_ENVIRONMENT).toBe('github-hosted');
    expect(env.GITHUB_REF).toBe('refs/tags/v1.2.3');
    expect(env.GITHUB_REF_NAME).toBe('v1.2.3');
    expect(env.GITHUB_WORKFLOW_REF).toBe(
      'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3',
    );
    expect(env.STACK_IDENTITY).toBe(`https://github.com/${env.GITHUB_WORKFLOW_REF}`);
    expect(env.STACK_ISSUER).toBe('https://token.actions.githubusercontent.com');
    expect(env.STACK_TUF_URL).toBe(`${url}/tuf`);
    expect(env.GITHUB_SERVER_URL).toBe('https://github.com'); // @actions/artifact needs it
    expect(env.GITHUB_API_URL).toBe(`${url}/api`);
    expect(env.GITHUB_GRAPHQL_URL).toBe(`${url}/api/graphql`);
    expect(env.ACTIONS_RESULTS_URL).toBe(`${url}/`);
    expect(env.STACK_AZURITE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    for (const name of ['STACK_GITHUB_TOKEN', 'STACK_GITHUB_TOKEN_READONLY']) {
      expect(env[name]).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    }
    const runtime = JSON.parse(
      Buffer.from(env.ACTIONS_RUNTIME_TOKEN.split('.')[1], 'base64url').toString(),
    ) as { scp: string };
    expect(runtime.scp).toMatch(/(^| )Actions\.Results:[0-9a-f-]{36}:[0-9a-f-]{36}( |$)/);
    expect(env.GITHUB_SHA).toMatch(/^[0-9a-f]{40}$/);
    // The trust files exist and are what they claim to be.
    const root = JSON.parse(await readFile(env.STACK_TRUSTED_ROOT, 'utf8')) as {
      mediaType: string;
    };
    expect(root.mediaType).toBe('application/vnd.dev.sigstore.trustedroot+json;version=0.1');
    const config = JSON.parse(await readFile(env.STACK_SIGNING_CONFIG, 'utf8')) as {
      mediaType: string;
    };
    expect(config.mediaType).toBe('application/vnd.dev.sigstore.signingconfig.v0.2+json');
  });

  it('starts alone in under 3 seconds, and stops cleanly on SIGTERM, Azurite with it', async () => {
    const t0 = performance.now();
    const stack = await spawnStack();
    const readyMs = performance.now() - t0;
    await fetch(`${stack.url}/__openapi`);
    const openapiReadyMs = performance.now() - t0;
    console.log(
      `stack start time (alone): ready ${readyMs.toFixed(0)} ms; OpenAPI ready ${openapiReadyMs.toFixed(0)} ms`,
    );
    expect(readyMs).toBeLessThan(3000);
    const azurite = await azuritePid(stack);
    expect(alive(azurite)).toBe(true);
    await expect(stack.stop()).resolves.toBeUndefined();
    await expect(fetch(`${stack.url}/__stats`)).rejects.toThrow();
    expect(await waitUntilGone(azurite, 1000)).toBe(true);
    await expect(fetch(stack.env.STACK_AZURITE_URL)).rejects.toThrow();
  });

  it('leaves no Azurite behind when the stack is killed, and writes nothing into the repo', async () => {
    const stack = await spawnStack();
    const azurite = await azuritePid(stack);
    process.kill(stack.pid, 'SIGKILL');
    expect(await waitUntilGone(azurite, 2000)).toBe(true);
    await stack.stop().catch(() => undefined);
    for (const file of AZURITE_FILES) expect(existsSync(path.join(REPO_ROOT, file))).toBe(false);
  });
});
