/**
 * Every request of the built action and CLI through an HTTP proxy, as on a self-hosted runner
 * behind one: the stack is announced as `sigstore-stack.test` (a reserved name that never
 * resolves), so a request that bypasses the proxy cannot reach it; the recording proxy maps that
 * name to the stack. The proxy must have carried at least as many requests per service as the
 * stack counted, each with our User-Agent. With NO_PROXY naming the host (and the name resolving,
 * as a hosts-file entry would make it), nothing goes through the proxy.
 *
 * The toolkit's proxy decision always sends loopback addresses direct, which is why the stack
 * cannot be reached as 127.0.0.1 here: such a test would pass without any proxy support. The
 * stack speaks plain http, which the action refuses for any host but loopback; these runs name
 * the test host in SIGSTORE_ACTION_ALLOW_HTTP_HOSTS, the explicit opt-in (and the action warns).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runAction, type ActionRun } from '../helpers/action.js';
import { createRelease, openapiViolations, updateRelease, uploadAsset } from '../helpers/github.js';
import { runCli } from '../helpers/process.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { spawnStack, type StackProcess, type StackStats } from '../helpers/stack.js';

const HOST = 'sigstore-stack.test';
const VERSION = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
/** As sigstore-js's: product/version (Node version) (platform/arch). */
const OUR_USER_AGENT = new RegExp(
  `^sigstore-action/${VERSION.replace(/\./g, '\\.')} \\(Node v24\\.\\d+\\.\\d+\\) \\(linux/x64\\)`,
);
/**
 * The artifact upload is @actions/artifact's (its Twirp client and @azure/storage-blob), which
 * take no User-Agent: they name themselves.
 */
const LIBRARY_USER_AGENTS: Partial<Record<Service, RegExp>> = {
  results: /^@actions\/artifact-\d+\.\d+\.\d+$/,
  blob: /^azsdk-js-azure-storage-blob\//,
};
const FILES = ['dist/app-2.0.tar.gz', 'dist/app-2.0.whl'];
const NAME_LOOKUP_FAILURE = /ENOTFOUND|EAI_AGAIN|getaddrinfo/;

type Service = Exclude<keyof StackStats, 'openapiViolations' | 'faults'>;
/** The stack's routes (stack/server.ts), longest prefix first. */
const ROUTES: [string, Service][] = [
  ['/oidc', 'oidc'],
  ['/fulcio', 'fulcio'],
  ['/rekor2', 'rekorV2'],
  ['/rekor', 'rekor'],
  ['/tsa', 'tsa'],
  ['/tuf', 'tuf'],
  ['/__token', 'token'],
  ['/api', 'github'],
  ['/uploads', 'uploads'],
  ['/download', 'downloads'],
  ['/twirp', 'results'],
  ['/blob', 'blob'],
];

let stack: StackProcess;
/** The stack as the test itself reaches it (its GitHub stand-in at 127.0.0.1). */
let direct: StackProcess;
let proxy: RecordingProxy;
let tagCounter = 0;

beforeAll(async () => {
  stack = await spawnStack({ hostName: HOST });
  direct = { ...stack, env: { ...stack.env, GITHUB_API_URL: `${stack.url}/api` } };
  proxy = await startRecordingProxy({ [HOST]: '127.0.0.1' });
});

afterAll(async () => {
  await proxy?.close();
  if (stack) {
    const violations = await openapiViolations(stack);
    await stack.stop();
    expect(violations).toEqual([]);
  }
});

function proxyEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...stack.env,
    HTTPS_PROXY: proxy.url,
    HTTP_PROXY: proxy.url,
    NO_PROXY: '127.0.0.1,localhost',
    SIGSTORE_ACTION_ALLOW_HTTP_HOSTS: HOST,
    ...extra,
  };
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'proxy-'));
  mkdirSync(path.join(dir, 'dist'));
  for (const f of FILES) writeFileSync(path.join(dir, f), `contents of ${f}\n`);
  return dir;
}

/** A draft release with the files as assets, made by the test (not through the proxy). */
async function releaseWithFiles(ws: string): Promise<{ tag: string; id: number }> {
  const tag = `v2.0.${++tagCounter}`;
  const release = await createRelease(direct, { tag, draft: true });
  for (const f of FILES) {
    await uploadAsset(direct, release.id, path.basename(f), readFileSync(path.join(ws, f)));
  }
  return { tag, id: release.id };
}

function signInputs(tag: string): Record<string, string> {
  return {
    inputs: 'dist/*',
    // The trust material through TUF: the TUF client's requests are counted too.
    'tuf-mirror': stack.env.STACK_TUF_URL,
    'tuf-root': stack.env.STACK_TUF_ROOT,
    'github-token': stack.env.STACK_GITHUB_TOKEN,
    'upload-signing-artifacts': 'true',
    // One workflow run: each run's artifact needs its own name.
    'upload-signing-artifacts-name': `signatures-${tag}`,
    'release-signing-artifacts': 'true',
    'release-notes': 'true',
    'release-tag': tag,
  };
}

function verifyInputs(tag: string): Record<string, string> {
  return {
    mode: 'verify',
    'release-tag': tag,
    repository: stack.env.GITHUB_REPOSITORY,
    'tuf-mirror': stack.env.STACK_TUF_URL,
    'tuf-root': stack.env.STACK_TUF_ROOT,
    'cert-identity': stack.env.STACK_IDENTITY,
    'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
  };
}

/** Requests per service between two /__stats snapshots. */
function delta(before: StackStats, after: StackStats): Record<Service, number> {
  return Object.fromEntries(
    ROUTES.map(([, service]) => [service, after[service] - before[service]]),
  ) as Record<Service, number>;
}

function serviceOf(url: string): Service | undefined {
  const { hostname, pathname } = new URL(url);
  if (hostname !== HOST) return undefined;
  return ROUTES.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`))?.[1];
}

/**
 * Runs `step` and checks that every request the stack counted meanwhile came through the proxy
 * with our User-Agent (or, for the artifact upload, its library's). Returns the stack's counts.
 */
async function throughProxy(
  step: () => Promise<{ code: number | null; stdout: string; stderr: string }>,
): Promise<Record<Service, number>> {
  const firstRequest = proxy.requests.length;
  const firstTunnel = proxy.tunnels.length;
  const before = await stack.stats();
  const run = await step();
  const counted = delta(before, await stack.stats());
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NAME_LOOKUP_FAILURE);
  // The CLI prints its warnings on stderr: only the plain-http one for the test host is expected.
  const otherStderr = run.stderr
    .split('\n')
    .filter((line) => line && !/^warning: .* SIGSTORE_ACTION_ALLOW_HTTP_HOSTS;/.test(line));
  expect(otherStderr).toEqual([]);
  expect(run.code === 0 ? 'exit 0' : run.stdout).toBe('exit 0');

  const requests = proxy.requests.slice(firstRequest);
  expect(requests.filter((r) => r.refused)).toEqual([]);
  expect(proxy.tunnels.slice(firstTunnel).filter((t) => t.refused || t.tls)).toEqual([]);
  const carried = Object.fromEntries(ROUTES.map(([, s]) => [s, 0])) as Record<Service, number>;
  const unknown: string[] = [];
  const wrongAgent: string[] = [];
  for (const request of requests) {
    const service = serviceOf(request.url);
    if (service === undefined) {
      unknown.push(request.url);
      continue;
    }
    carried[service]++;
    if (!(LIBRARY_USER_AGENTS[service] ?? OUR_USER_AGENT).test(request.userAgent ?? '')) {
      wrongAgent.push(`${request.method} ${request.url}: ${request.userAgent ?? '(none)'}`);
    }
  }
  expect(unknown).toEqual([]);
  expect(wrongAgent).toEqual([]);
  const bypassed = ROUTES.filter(([, s]) => carried[s] < counted[s]).map(
    ([, s]) => `${s}: ${counted[s]} at the stack, ${carried[s]} through the proxy`,
  );
  expect(bypassed).toEqual([]);
  return counted;
}

describe('through an HTTP proxy (HTTPS_PROXY, HTTP_PROXY)', () => {
  it('signs and publishes (release assets and notes, artifact), verifies the release, and the CLI verifies: every request through the proxy, with our User-Agent', async () => {
    const ws = workspace();
    const { tag, id } = await releaseWithFiles(ws);

    const signed = await throughProxy(() =>
      runAction({ workspace: ws, env: proxyEnv(), inputs: signInputs(tag) }),
    );
    // Every kind of request of a publishing run happened (so each was checked above).
    for (const service of ['tuf', 'oidc', 'github', 'results', 'blob'] as const)
      expect({ service, requests: signed[service] > 0 }).toEqual({ service, requests: true });
    expect(signed.fulcio).toBe(1);
    expect(signed.rekor).toBe(FILES.length);
    expect(signed.tsa).toBe(FILES.length);
    expect(signed.uploads).toBe(FILES.length);

    await updateRelease(direct, id, { draft: false });
    const verified = await throughProxy(() =>
      runAction({
        workspace: mkdtempSync(path.join(tmpdir(), 'consumer-')),
        env: proxyEnv(),
        inputs: verifyInputs(tag),
      }),
    );
    // The assets came through the API and its redirect to the download host.
    expect(verified.downloads).toBeGreaterThanOrEqual(FILES.length * 2);
    expect(verified.tuf).toBeGreaterThan(0);

    const cli = await throughProxy(() =>
      runCli(
        [
          'verify',
          '--tuf-mirror',
          stack.env.STACK_TUF_URL,
          '--tuf-root',
          stack.env.STACK_TUF_ROOT,
          '--cert-identity',
          stack.env.STACK_IDENTITY,
          ...FILES,
        ],
        ws,
        {
          HTTPS_PROXY: proxy.url,
          HTTP_PROXY: proxy.url,
          NO_PROXY: '',
          SIGSTORE_ACTION_ALLOW_HTTP_HOSTS: HOST,
        },
      ),
    );
    expect(cli.tuf).toBeGreaterThan(0);
  });

  it("staging: the bootstrap of staging's initial root goes to the proxy too", async () => {
    const firstTunnel = proxy.tunnels.length;
    const run: ActionRun = await runAction({
      workspace: workspace(),
      env: proxyEnv(),
      inputs: { inputs: 'dist/*', staging: 'true' },
    });
    // The proxy refuses every host but the stack: the run fails, having asked the proxy.
    expect(run.code).toBe(1);
    expect(run.everything).not.toMatch(NAME_LOOKUP_FAILURE);
    expect(run.stdout).toMatch(/could not fetch the initial root of Sigstore staging/);
    expect(proxy.tunnels.slice(firstTunnel)).toContainEqual(
      expect.objectContaining({ target: 'tuf-repo-cdn.sigstage.dev:443', refused: true }),
    );
  });
});

describe('NO_PROXY', () => {
  it('naming the stack host: the same runs go direct, and the proxy carries nothing', async () => {
    // The name resolves for these processes only, as a hosts-file entry would make it.
    const resolving = proxyEnv({
      NO_PROXY: HOST,
      NODE_OPTIONS: `--import=${path.join(REPO_ROOT, '__tests__', 'helpers', 'resolve-hosts.mjs')}`,
      TEST_RESOLVE_HOSTS: `${HOST}=127.0.0.1`,
    });
    const firstRequest = proxy.requests.length;
    const firstTunnel = proxy.tunnels.length;
    const ws = workspace();
    const { tag, id } = await releaseWithFiles(ws);

    const before = await stack.stats();
    const signed = await runAction({ workspace: ws, env: resolving, inputs: signInputs(tag) });
    expect(signed.stderr).toBe('');
    expect(signed.code === 0 ? 'exit 0' : signed.stdout).toBe('exit 0');
    await updateRelease(direct, id, { draft: false });
    const verified = await runAction({
      workspace: mkdtempSync(path.join(tmpdir(), 'consumer-')),
      env: resolving,
      inputs: verifyInputs(tag),
    });
    expect(verified.stderr).toBe('');
    expect(verified.code === 0 ? 'exit 0' : verified.stdout).toBe('exit 0');
    const counted = delta(before, await stack.stats());

    expect(proxy.requests.slice(firstRequest)).toEqual([]);
    expect(proxy.tunnels.slice(firstTunnel)).toEqual([]);
    for (const service of ['tuf', 'fulcio', 'rekor', 'github', 'uploads', 'downloads'] as const)
      expect({ service, direct: counted[service] > 0 }).toEqual({ service, direct: true });
    expect(counted.results).toBeGreaterThan(0);
    expect(counted.blob).toBeGreaterThan(0);
  });
});
