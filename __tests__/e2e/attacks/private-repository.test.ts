/**
 * Where a private repository's identity and its token go (issue 13, section 4), against the
 * built action and the local stack. The public instances cannot run here, so they are named
 * (through a signing config) and every request that leaves the machine goes to a proxy that
 * refuses all hosts and records what was asked: "nothing was sent" means the proxy saw nothing
 * and the stack counted nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runAction, type ActionRun } from '../../helpers/action.js';
import { startRecordingProxy, type RecordingProxy } from '../../helpers/recording-proxy.js';
import { spawnStack, type StackProcess, type StackStats } from '../../helpers/stack.js';
import { workspace } from '../../helpers/workspace.js';

const SERVICES = ['oidc', 'fulcio', 'rekor', 'rekorV2', 'tsa', 'tuf'] as const;
type Service = (typeof SERVICES)[number];

let stack: StackProcess;
let proxy: RecordingProxy;
let port: string;

beforeAll(async () => {
  stack = await spawnStack();
  proxy = await startRecordingProxy({});
  port = new URL(stack.url).port;
});

afterAll(async () => {
  await proxy?.close();
  await stack?.stop();
});

interface ServiceURLs {
  readonly fulcio: string;
  readonly rekor: string;
  readonly rekorVersion?: 1 | 2;
  readonly tsa: string;
}

/** The stack's signing config with other service URLs, written into the workspace. */
function signingConfig(ws: string, urls: ServiceURLs): string {
  const config = JSON.parse(readFileSync(stack.env.STACK_SIGNING_CONFIG, 'utf8')) as {
    caUrls: { url: string }[];
    rekorTlogUrls: { url: string; majorApiVersion: number }[];
    tsaUrls: { url: string }[];
  };
  config.caUrls[0].url = urls.fulcio;
  config.rekorTlogUrls[0].url = urls.rekor;
  config.rekorTlogUrls[0].majorApiVersion = urls.rekorVersion ?? 1;
  config.tsaUrls[0].url = urls.tsa;
  const file = path.join(ws, 'signing-config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const PUBLIC_GOOD: ServiceURLs = {
  fulcio: 'https://fulcio.sigstore.dev',
  rekor: 'https://rekor.sigstore.dev',
  tsa: 'https://timestamp.sigstore.dev/api/v1/timestamp',
};

function local(name = '127.0.0.1'): ServiceURLs {
  return {
    fulcio: `http://${name}:${port}/fulcio`,
    rekor: `http://${name}:${port}/rekor`,
    tsa: `http://${name}:${port}/tsa/api/v1/timestamp`,
  };
}

/** The run's environment: every request but to 127.0.0.1 through the refusing proxy. */
function proxied(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...stack.env,
    HTTPS_PROXY: proxy.url,
    HTTP_PROXY: proxy.url,
    NO_PROXY: '127.0.0.1,localhost',
    ...extra,
  };
}

/** Runs the step and returns it with what the stack counted and the proxy saw meanwhile. */
async function observed(
  step: () => Promise<ActionRun>,
): Promise<{ run: ActionRun; counted: Record<Service, number>; proxied: string[] }> {
  const firstRequest = proxy.requests.length;
  const firstTunnel = proxy.tunnels.length;
  const before: StackStats = await stack.stats();
  const run = await step();
  const after: StackStats = await stack.stats();
  const counted = Object.fromEntries(SERVICES.map((s) => [s, after[s] - before[s]])) as Record<
    Service,
    number
  >;
  return {
    run,
    counted,
    proxied: [
      ...proxy.requests.slice(firstRequest).map((r) => `${r.method} ${r.url}`),
      ...proxy.tunnels.slice(firstTunnel).map((t) => `CONNECT ${t.target}`),
    ],
  };
}

const NOTHING = Object.fromEntries(SERVICES.map((s) => [s, 0]));

function errorLine(run: ActionRun): string {
  return /^::error::(.*)$/m.exec(run.stdout)?.[1] ?? '';
}

describe('the public instances, named through a signing config, from a private repository', () => {
  it('public-good services in a signing-config file: refused before any request', async () => {
    const token = await stack.mintToken({ claims: { repository_visibility: 'private' } });
    const ws = workspace({ 'a.txt': 'a' });
    const config = signingConfig(ws, PUBLIC_GOOD);
    const {
      run,
      counted,
      proxied: sent,
    } = await observed(() =>
      runAction({
        workspace: ws,
        env: proxied(),
        inputs: {
          inputs: 'a.txt',
          'identity-token': token,
          'signing-config': config,
          'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        },
      }),
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      `octo-org/octo-repo is private, and signing with the Sigstore public-good instance (https://fulcio.sigstore.dev, https://rekor.sigstore.dev, https://timestamp.sigstore.dev/api/v1/timestamp, named by signing-config (${config})) records its name, workflow, ref and commit in a public transparency log, permanently. Set allow-private-repository: true if that is acceptable, or sign with a private Sigstore instance (signing-config and trusted-root). [PRIVATE_REPOSITORY]`,
    );
    expect(sent).toEqual([]);
    expect(counted).toEqual(NOTHING);
    expect(run.summary).toContain('Nothing was signed');
  });

  it("one public service is enough: a private Fulcio with staging's Rekor v2 shard", async () => {
    const token = await stack.mintToken({ claims: { repository_visibility: 'internal' } });
    const ws = workspace({ 'a.txt': 'a' });
    const config = signingConfig(ws, {
      ...local(),
      rekor: 'https://log2025-alpha1.rekor.sigstage.dev',
      rekorVersion: 2,
    });
    const {
      run,
      counted,
      proxied: sent,
    } = await observed(() =>
      runAction({
        workspace: ws,
        env: proxied(),
        inputs: { inputs: 'a.txt', 'identity-token': token, 'signing-config': config },
      }),
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /^octo-org\/octo-repo is internal, and signing with Sigstore staging \(https:\/\/log2025-alpha1\.rekor\.sigstage\.dev, named by signing-config .*\[PRIVATE_REPOSITORY\]$/,
    );
    expect(sent).toEqual([]);
    expect(counted).toEqual(NOTHING);
  });
});

describe('a token that does not say whether the repository is public', () => {
  it('is treated as private: public-good by default is refused before any request', async () => {
    const token = await stack.mintToken({ claims: { repository_visibility: null } });
    const ws = workspace({ 'a.txt': 'a' });
    const {
      run,
      counted,
      proxied: sent,
    } = await observed(() =>
      runAction({
        workspace: ws,
        env: proxied(),
        inputs: { inputs: 'a.txt', 'identity-token': token },
      }),
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      "the identity token does not say whether octo-org/octo-repo is public (it has no repository_visibility claim), and signing with the Sigstore public-good instance records the token's identity in a public transparency log, permanently; so it is treated as private. Set allow-private-repository: true if that identity may be public, or sign with a private Sigstore instance (signing-config and trusted-root). [PRIVATE_REPOSITORY]",
    );
    expect(sent).toEqual([]);
    expect(counted).toEqual(NOTHING);
  });

  it('with allow-private-repository: true, warns and goes on to the public Fulcio (here, the refusing proxy)', async () => {
    const token = await stack.mintToken({ claims: { repository_visibility: null } });
    const ws = workspace({ 'a.txt': 'a' });
    const config = signingConfig(ws, PUBLIC_GOOD);
    const { run, proxied: sent } = await observed(() =>
      runAction({
        workspace: ws,
        env: proxied(),
        inputs: {
          inputs: 'a.txt',
          'identity-token': token,
          'signing-config': config,
          'trusted-root': stack.env.STACK_TRUSTED_ROOT,
          'allow-private-repository': 'true',
          'timeout-minutes': '0.2',
        },
      }),
    );
    expect(run.stdout).toMatch(
      /^::warning::the identity token does not say whether octo-org\/octo-repo is public: its identity will be public in the Sigstore public-good instance \(https:\/\/fulcio\.sigstore\.dev, .*'s transparency log \(allow-private-repository is true\)\.$/m,
    );
    // Only the guard stood between the token and public-good's Fulcio.
    expect(sent).toContain('CONNECT fulcio.sigstore.dev:443');
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('[FULCIO_FAILED]');
  });
});

describe('plain http to another machine', () => {
  const HOST = 'sigstore-stack.test';
  /** The name resolves to the stack for the action only (a hosts-file entry), not proxied. */
  const resolving = (extra: Record<string, string> = {}): Record<string, string> =>
    proxied({
      NO_PROXY: `127.0.0.1,localhost,${HOST}`,
      NODE_OPTIONS: `--import=${path.join(REPO_ROOT, '__tests__', 'helpers', 'resolve-hosts.mjs')}`,
      TEST_RESOLVE_HOSTS: `${HOST}=127.0.0.1`,
      ...extra,
    });

  it('a signing config naming http://<host> services is refused before the token is even fetched', async () => {
    const ws = workspace({ 'a.txt': 'a' });
    const config = signingConfig(ws, local(HOST));
    const inputs = {
      inputs: 'a.txt',
      'signing-config': config,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    };
    const {
      run,
      counted,
      proxied: sent,
    } = await observed(() => runAction({ workspace: ws, env: resolving(), inputs }));
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      `signing-config (${config}): caUrls[0].url is http://${HOST}:${port}/fulcio: plain http to another machine, which would carry the identity token and signatures in the clear and take answers from anyone on the way; nothing was sent. Use the service's https URL (plain http is for loopback only: 127.0.0.0/8, localhost and the IPv6 loopback address). [INSECURE_SERVICE_URL]`,
    );
    expect(counted).toEqual(NOTHING);
    expect(sent).toEqual([]);
    expect(run.summary).toContain('Nothing was signed');

    // Control: the same names reach the stack when the host is explicitly allowed (test stacks).
    const allowed = await observed(() =>
      runAction({
        workspace: ws,
        env: resolving({ SIGSTORE_ACTION_ALLOW_HTTP_HOSTS: HOST }),
        inputs,
      }),
    );
    expect(allowed.run.code === 0 ? 'signed' : allowed.run.stdout).toBe('signed');
    expect(allowed.counted.fulcio).toBe(1);
    expect(allowed.run.stdout).toContain(
      `::warning::signing-config (${config}): caUrls[0].url is http://${HOST}:${port}/fulcio: plain http to a host named in SIGSTORE_ACTION_ALLOW_HTTP_HOSTS; its requests (the identity token too, for Fulcio) travel in the clear.`,
    );
  });

  it('an http:// TUF mirror on another host is refused in verify mode before any request', async () => {
    const ws = workspace({ 'a.txt': 'a', 'a.txt.sigstore.json': '{}' });
    const {
      run,
      counted,
      proxied: sent,
    } = await observed(() =>
      runAction({
        workspace: ws,
        env: resolving(),
        inputs: {
          mode: 'verify',
          inputs: 'a.txt',
          'cert-identity': stack.env.STACK_IDENTITY,
          'tuf-mirror': `http://${HOST}:${port}/tuf`,
          'tuf-root': stack.env.STACK_TUF_ROOT,
        },
      }),
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /^the TUF repository is http:\/\/sigstore-stack\.test:\d+\/tuf: plain http to another machine.*\[INSECURE_SERVICE_URL\]$/,
    );
    expect(counted).toEqual(NOTHING);
    expect(sent).toEqual([]);
  });
});

describe('oidc-audience', () => {
  const AUDIENCE = 'sigstore.corp.example';

  it("a token for a private instance's audience is refused without it, and accepted with it", async () => {
    const token = await stack.mintToken({ audience: AUDIENCE });
    const ws = workspace({ 'a.txt': 'a' });
    const inputs = {
      inputs: 'a.txt',
      'identity-token': token,
      'signing-config': stack.env.STACK_SIGNING_CONFIG,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    };
    const without = await observed(() => runAction({ workspace: ws, env: proxied(), inputs }));
    expect(without.run.code).toBe(1);
    expect(errorLine(without.run)).toContain(
      `has the audience "${AUDIENCE}", and Fulcio only accepts tokens for the audience "sigstore"`,
    );
    expect(without.counted.fulcio).toBe(0);

    // With it, the token goes to the instance's Fulcio: the stack's wants "sigstore", as
    // public-good's does, and refuses it there.
    const withIt = await observed(() =>
      runAction({
        workspace: ws,
        env: proxied(),
        inputs: { ...inputs, 'oidc-audience': AUDIENCE },
      }),
    );
    expect(withIt.run.code).toBe(1);
    expect(errorLine(withIt.run)).toContain('[FULCIO_FAILED]');
    expect(withIt.counted.fulcio).toBe(1);
  });

  it('the job token is requested for oidc-audience', async () => {
    const ws = workspace({ 'a.txt': 'a' });
    const { run, counted } = await observed(() =>
      runAction({
        workspace: ws,
        env: proxied(),
        inputs: {
          inputs: 'a.txt',
          'signing-config': stack.env.STACK_SIGNING_CONFIG,
          'trusted-root': stack.env.STACK_TRUSTED_ROOT,
          'oidc-audience': AUDIENCE,
        },
      }),
    );
    // The runner minted it for that audience; the stack's Fulcio (audience "sigstore") refused.
    expect(counted.oidc).toBe(1);
    expect(counted.fulcio).toBe(1);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('[FULCIO_FAILED]');
  });

  it("a private audience is never sent to a public instance's Fulcio", async () => {
    const token = await stack.mintToken({ audience: AUDIENCE });
    const ws = workspace({ 'a.txt': 'a' });
    const config = signingConfig(ws, PUBLIC_GOOD);
    const {
      run,
      counted,
      proxied: sent,
    } = await observed(() =>
      runAction({
        workspace: ws,
        env: proxied(),
        inputs: {
          inputs: 'a.txt',
          'identity-token': token,
          'oidc-audience': AUDIENCE,
          'signing-config': config,
          'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        },
      }),
    );
    expect(run.code).toBe(1);
    expect(errorLine(run)).toBe(
      `oidc-audience is "${AUDIENCE}", but this run would send the token to https://fulcio.sigstore.dev, which accepts the audience "sigstore" only; leave oidc-audience unset for the public instances. [INPUT_INVALID]`,
    );
    expect(sent).toEqual([]);
    expect(counted).toEqual(NOTHING);
  });
});
