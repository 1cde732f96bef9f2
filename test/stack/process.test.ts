import { readFile } from 'node:fs/promises';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

const RUNNER_VARIABLES = [
  'CI',
  'GITHUB_ACTIONS',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
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
  'STACK_TUF_URL',
  'STACK_TUF_ROOT',
  'STACK_IDENTITY',
  'STACK_ISSUER',
];

describe('the stack as a child process', () => {
  const stacks: StackProcess[] = [];
  let startMs: number[] = [];

  beforeAll(async () => {
    // Two at once, each timed from spawn to "ready" + env file read.
    const timed = async (): Promise<StackProcess> => {
      const t0 = performance.now();
      const stack = await spawnStack();
      startMs.push(performance.now() - t0);
      return stack;
    };
    startMs = [];
    stacks.push(...(await Promise.all([timed(), timed()])));
  });

  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.stop()));
  });

  it('starts in under 2 seconds', () => {
    console.log(`stack start times: ${startMs.map((ms) => ms.toFixed(0)).join(' ms, ')} ms`);
    for (const ms of startMs) expect(ms).toBeLessThan(2000);
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

  it('stops cleanly on SIGTERM', async () => {
    const stack = await spawnStack();
    await expect(stack.stop()).resolves.toBeUndefined();
    await expect(fetch(`${stack.url}/__stats`)).rejects.toThrow();
  });
});
