// Fault injection (stack/faults.ts): the spec parser and the seeded decisions in process, the
// CLI's refusal of a bad spec, then every kind over real HTTP against one spawned stack whose
// faults are switched at run time through /__faults.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FAULT_KINDS,
  FAULT_SERVICES,
  FAULT_SYNTAX,
  FaultInjector,
  formatFaultSpec,
  parseFaultSpec,
  type Fault,
  type FaultService,
} from '../../stack/faults.js';
import { REPO_ROOT } from '../helpers/action.js';
import { listArtifactBlobs } from '../helpers/artifacts.js';
import { spawnStack, type StackProcess, type StackStats } from '../helpers/stack.js';
import { leafPem, requestCertificate, sha256 } from './fixtures.js';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';

/** The next `n` decisions of `injector` for `service`. */
function decisions(injector: FaultInjector, service: FaultService, n: number): Decision[] {
  return Array.from({ length: n }, () => injector.decide(service));
}
type Decision = Fault | undefined;

/** The decisions a fresh injector makes for `n` requests to `service`. */
function predict(spec: string, seed: number, service: FaultService, n: number): Decision[] {
  const injector = new FaultInjector();
  injector.configure(spec, seed);
  return decisions(injector, service, n);
}

function kinds(faults: Decision[]): string[] {
  return faults.map((f) => f?.kind ?? 'none');
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('parseFaultSpec', () => {
  it('reads service=kind@rate and service=down, several entries per service', () => {
    expect(
      parseFaultSpec('rekor=503@0.05,rekor=timeout@0.02, tuf=down ,blob=slow@1,github=429@.5'),
    ).toEqual({
      rekor: [
        { kind: '503', rate: 0.05 },
        { kind: 'timeout', rate: 0.02 },
      ],
      tuf: 'down',
      blob: [{ kind: 'slow', rate: 1 }],
      github: [{ kind: '429', rate: 0.5 }],
    });
    expect(parseFaultSpec('')).toEqual({});
    expect(parseFaultSpec('  ')).toEqual({});
    for (const service of FAULT_SERVICES) {
      for (const kind of FAULT_KINDS) {
        expect(parseFaultSpec(`${service}=${kind}@0`)).toEqual({ [service]: [{ kind, rate: 0 }] });
      }
    }
    expect(formatFaultSpec(parseFaultSpec(' rekor=503@.50 ,rekor=reset@0.250, tuf=down'))).toBe(
      'rekor=503@0.5,rekor=reset@0.25,tuf=down',
    );
    expect(parseFaultSpec('tsa=500@1.0,oidc=reset@1')).toEqual({
      tsa: [{ kind: '500', rate: 1 }],
      oidc: [{ kind: 'reset', rate: 1 }],
    });
  });

  it('names the valid syntax', () => {
    expect(FAULT_SYNTAX).toBe(
      'expected comma-separated service=kind@rate or service=down entries' +
        ' (services: oidc fulcio rekor tsa tuf results blob github;' +
        ' kinds: 500 502 503 429 timeout reset slow badjson conflict; rate from 0 to 1),' +
        ' e.g. rekor=503@0.05,rekor=timeout@0.02,tuf=down',
    );
  });

  it.each([
    ['rekor=503', 'rekor=503', 'no "@rate"'],
    ['rekor', 'rekor', 'no "="'],
    ['rekr=503@0.1', 'rekr=503@0.1', 'unknown service "rekr"'],
    ['token=500@1', 'token=500@1', 'unknown service "token"'],
    ['rekor=504@0.1', 'rekor=504@0.1', 'unknown kind "504"'],
    ['rekor=down@1', 'rekor=down@1', 'unknown kind "down"'],
    ['rekor=503@1.5', 'rekor=503@1.5', 'rate "1.5" is not a number from 0 to 1'],
    ['rekor=503@-0.1', 'rekor=503@-0.1', 'rate "-0.1" is not a number from 0 to 1'],
    ['rekor=503@', 'rekor=503@', 'rate "" is not a number from 0 to 1'],
    ['rekor=503@5%', 'rekor=503@5%', 'rate "5%" is not a number from 0 to 1'],
    ['rekor=503@1e-2', 'rekor=503@1e-2', 'rate "1e-2" is not a number from 0 to 1'],
    [
      'rekor=503@0.6,rekor=500@0.5',
      'rekor=500@0.5',
      'the rates of rekor add up to 1.1, more than 1',
    ],
    ['rekor=503@0.1,rekor=503@0.2', 'rekor=503@0.2', 'a second rekor=503 entry'],
    ['tuf=down,tuf=503@0.1', 'tuf=503@0.1', 'tuf is already down'],
    ['tuf=503@0.1,tuf=down', 'tuf=down', 'tuf has other entries'],
    ['tuf=500@1,', '', 'empty entry'],
  ])('refuses %j, naming the entry %j', (spec, entry, why) => {
    expect(() => parseFaultSpec(spec)).toThrow(
      new Error(`invalid fault entry "${entry}": ${why}; ${FAULT_SYNTAX}`),
    );
  });
});

describe('FaultInjector', () => {
  const spec = 'rekor=503@0.3,rekor=timeout@0.2,tuf=500@0.5';

  it('replays the same decisions from the same seed, one stream per service', () => {
    const a = new FaultInjector();
    a.configure(spec, 7);
    const first = kinds(decisions(a, 'rekor', 200));
    // Interleaved TUF requests do not shift Rekor's sequence.
    const b = new FaultInjector();
    b.configure(spec, 7);
    const interleaved: string[] = [];
    for (let i = 0; i < 200; i++) {
      b.decide('tuf');
      interleaved.push(...kinds([b.decide('rekor')]));
    }
    expect(interleaved).toEqual(first);
    // About the configured rates: 60 / 40 / 100 expected of 200.
    const counts = tally(first);
    expect(counts['503']).toBeGreaterThan(35);
    expect(counts['503']).toBeLessThan(85);
    expect(counts.timeout).toBeGreaterThan(20);
    expect(counts.timeout).toBeLessThan(60);
    expect(counts['503'] + counts.timeout + counts.none).toBe(200);
    // Another seed, another sequence; configuring again restarts the streams.
    const c = new FaultInjector();
    c.configure(spec, 8);
    expect(kinds(decisions(c, 'rekor', 200))).not.toEqual(first);
    a.configure(spec, 7);
    expect(kinds(decisions(a, 'rekor', 200))).toEqual(first);
    // Counted per service and kind, across configurations; TUF and services without faults apart.
    expect(a.counts).toEqual({ rekor: { '503': 2 * counts['503'], timeout: 2 * counts.timeout } });
    expect(b.counts.tuf?.['500']).toBeGreaterThan(60);
    expect(b.decide('oidc')).toBeUndefined();
  });

  it('puts Retry-After on about half of the 429 and 503 answers and never on others', () => {
    const all = predict('github=429@0.5,github=503@0.5', 3, 'github', 400);
    expect(new Set(kinds(all))).toEqual(new Set(['429', '503']));
    const retry = all.filter((f) => f?.retryAfter).length;
    expect(retry).toBeGreaterThan(150);
    expect(retry).toBeLessThan(250);
    for (const kind of ['500', '502', 'timeout', 'conflict']) {
      expect(predict(`oidc=${kind}@1`, 3, 'oidc', 100).some((f) => f?.retryAfter)).toBe(false);
    }
  });

  it('answers rate 1 always, rate 0 never, down always', () => {
    expect(new Set(kinds(predict('tsa=reset@1', 1, 'tsa', 50)))).toEqual(new Set(['reset']));
    expect(new Set(kinds(predict('tsa=reset@0', 1, 'tsa', 50)))).toEqual(new Set(['none']));
    expect(new Set(kinds(predict('tsa=down', 1, 'tsa', 50)))).toEqual(new Set(['down']));
  });

  it('seeds from the default seed, else at random, and reports the seed so a run can be replayed', () => {
    const fixed = new FaultInjector(5);
    fixed.configure('tuf=500@0.5');
    expect(fixed.current()).toEqual({ spec: 'tuf=500@0.5', seed: 5 });
    const random = new FaultInjector();
    random.configure('tuf=500@0.5');
    const { seed } = random.current();
    expect(Number.isInteger(seed)).toBe(true);
    expect(decisions(random, 'tuf', 64)).toEqual(predict('tuf=500@0.5', seed, 'tuf', 64));
  });
});

describe('npm run stack -- --faults', () => {
  async function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const dir = await mkdtemp(path.join(tmpdir(), 'faults-cli-'));
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'stack/main.ts', '--', '--env-file', path.join(dir, 'env'), ...args],
        { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { code, stderr };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('exits with code 2 on an invalid spec, naming the entry and the syntax', async () => {
    const { code, stderr } = await runCli(['--faults', 'tuf=down,rekor=503@2']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `invalid fault entry "rekor=503@2": rate "2" is not a number from 0 to 1; ${FAULT_SYNTAX}\n`,
    );
    expect(stderr).toContain('usage: npm run stack -- --env-file PATH');
  });

  it('exits with code 2 on an invalid seed', async () => {
    const { code, stderr } = await runCli(['--faults', 'tuf=down', '--seed=1.5']);
    expect(code).toBe(2);
    expect(stderr).toContain('seed must be an integer from 0 to 4294967295, got 1.5');
  });
});

interface Timed {
  status: number;
  headers: Headers;
  body: Buffer;
  chunks: number;
  headersMs: number;
  firstChunkMs: number;
  totalMs: number;
}

/** A fetch, its body read chunk by chunk and timed. */
async function timedFetch(url: string, init?: RequestInit): Promise<Timed> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const headersMs = performance.now() - t0;
  const parts: Buffer[] = [];
  let firstChunkMs = NaN;
  if (res.body) {
    for await (const chunk of res.body) {
      if (parts.length === 0) firstChunkMs = performance.now() - t0;
      parts.push(Buffer.from(chunk as Uint8Array));
    }
  }
  return {
    status: res.status,
    headers: res.headers,
    body: Buffer.concat(parts),
    chunks: parts.length,
    headersMs,
    firstChunkMs,
    totalMs: performance.now() - t0,
  };
}

/** A request on a fresh connection: its status, or the code of the error that ended it. */
function rawRequest(
  url: string,
  method = 'GET',
  body?: Buffer,
): Promise<{ status: number } | { error: string | undefined }> {
  return new Promise((resolve) => {
    const req = request(url, { method, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.once('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code }));
    req.end(body);
  });
}

/** What a client that gives up after `ms` sees. */
async function giveUpAfter(url: string, ms: number, init?: RequestInit): Promise<string> {
  const t0 = performance.now();
  const outcome = await fetch(url, { ...init, signal: AbortSignal.timeout(ms) }).then(
    (res) => `answered ${res.status}`,
    (err: Error) => err.name,
  );
  expect(performance.now() - t0).toBeGreaterThanOrEqual(ms - 5);
  return outcome;
}

function faultDelta(before: StackStats, after: StackStats, service: FaultService): object {
  const out: Record<string, number> = {};
  const was: Record<string, number | undefined> = before.faults[service] ?? {};
  for (const [kind, n] of Object.entries(after.faults[service] ?? {})) {
    if (n !== (was[kind] ?? 0)) out[kind] = n - (was[kind] ?? 0);
  }
  return out;
}

describe('faults over HTTP', () => {
  const LATENCY_MS = 30;
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await spawnStack({ faults: 'tuf=503@1', seed: 11, latencyMs: LATENCY_MS });
  });
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.setFaults('');
  });

  async function faultsNow(): Promise<unknown> {
    return (await fetch(`${stack.url}/__faults`)).json();
  }

  it('starts with --faults and --seed, counts injected faults, keeps the latency', async () => {
    expect(await faultsNow()).toEqual({ spec: 'tuf=503@1', seed: 11 });
    const t0 = performance.now();
    const res = await fetch(`${stack.url}/tuf/timestamp.json`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(LATENCY_MS - 1);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      code: 503,
      message: 'injected fault: 503 Service Unavailable from tuf (--faults)',
    });
    const stats = await stack.stats();
    expect(stats.tuf).toBe(1);
    expect(stats.faults).toEqual({ tuf: { '503': 1 } });
    expect(stats.oidc).toBe(0);
  });

  it('switches faults at run time: POST and GET /__faults, the seed defaulting to --seed', async () => {
    const post = (body: unknown): Promise<Response> =>
      fetch(`${stack.url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let res = await post({ spec: ' tsa=500@0.25, tuf=down', seed: 1234 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ spec: 'tsa=500@0.25,tuf=down', seed: 1234 });
    expect(await faultsNow()).toEqual({ spec: 'tsa=500@0.25,tuf=down', seed: 1234 });

    res = await post({ spec: 'tsa=500@0.5,fulcio=slow' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 400,
      message: `invalid fault entry "fulcio=slow": no "@rate"; ${FAULT_SYNTAX}`,
    });
    expect(await faultsNow()).toEqual({ spec: 'tsa=500@0.25,tuf=down', seed: 1234 });
    expect((await post({ seed: 1 })).status).toBe(400);
    expect((await post({ spec: '', seed: -1 })).status).toBe(400);

    await stack.setFaults('oidc=502@1');
    expect(await faultsNow()).toEqual({ spec: 'oidc=502@1', seed: 11 });
    expect((await fetch(`${stack.url}/oidc/.well-known/jwks`)).status).toBe(502);
    await stack.setFaults('');
    expect(await faultsNow()).toEqual({ spec: '', seed: 11 });
    expect((await fetch(`${stack.url}/oidc/.well-known/jwks`)).status).toBe(200);
    await expect(stack.setFaults('oidc=502')).rejects.toThrow(
      /\/__faults answered 400: .*invalid fault entry \\"oidc=502\\": no \\"@rate\\"/,
    );
  });

  it('replays a seeded sequence exactly, counted in __stats, whatever other services do', async () => {
    const spec = 'tsa=500@0.5,tsa=503@0.25';
    const expected = predict(spec, 99, 'tsa', 40);
    const statusOf = (f: Decision): number => (f ? Number(f.kind) : 400);
    const tsa = (): Promise<number> =>
      fetch(`${stack.url}/tsa/api/v1/timestamp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status); // 400 when not faulted: no hashAlgorithm

    const before = await stack.stats();
    await stack.setFaults(spec, 99);
    const first: number[] = [];
    for (let i = 0; i < 40; i++) first.push(await tsa());
    const after = await stack.stats();
    expect(first).toEqual(expected.map(statusOf));
    expect(new Set(first)).toEqual(new Set([400, 500, 503]));
    expect(after.tsa - before.tsa).toBe(40);
    const injected = tally(kinds(expected.filter((f) => f !== undefined)));
    expect(faultDelta(before, after, 'tsa')).toEqual(injected);

    // Again, with faulted TUF requests in between: the same TSA sequence.
    await stack.setFaults(`${spec},tuf=500@0.5`, 99);
    const second: number[] = [];
    for (let i = 0; i < 40; i++) {
      await fetch(`${stack.url}/tuf/timestamp.json`).then((r) => r.arrayBuffer());
      second.push(await tsa());
    }
    expect(second).toEqual(first);
    // A different seed, a different sequence.
    await stack.setFaults(spec, 100);
    const third: number[] = [];
    for (let i = 0; i < 40; i++) third.push(await tsa());
    expect(third).not.toEqual(first);
  });

  it('503 and 429 carry Retry-After: 1 on the PRNG-chosen half, 500 and 502 never', async () => {
    const url503 = `${stack.url}/tuf/timestamp.json`;
    await stack.setFaults('tuf=503@1', 11);
    const expected503 = predict('tuf=503@1', 11, 'tuf', 16).map((f) =>
      f?.retryAfter ? '1' : null,
    );
    expect(new Set(expected503)).toEqual(new Set(['1', null]));
    const got503: (string | null)[] = [];
    for (let i = 0; i < 16; i++) {
      const res = await fetch(url503);
      expect(res.status).toBe(503);
      got503.push(res.headers.get('retry-after'));
    }
    expect(got503).toEqual(expected503);

    // 429 on the results service (Twirp), whose requests carry a body.
    await stack.setFaults('results=429@1', 5);
    const expected429 = predict('results=429@1', 5, 'results', 16).map((f) =>
      f?.retryAfter ? '1' : null,
    );
    expect(new Set(expected429)).toEqual(new Set(['1', null]));
    const got429: (string | null)[] = [];
    for (let i = 0; i < 16; i++) {
      const res = await fetch(`${stack.url}/twirp/${SERVICE}/ListArtifacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(100_000) }),
      });
      expect(res.status).toBe(429);
      expect(await res.json()).toEqual({
        code: 429,
        message: 'injected fault: 429 Too Many Requests from results (--faults)',
      });
      got429.push(res.headers.get('retry-after'));
    }
    expect(got429).toEqual(expected429);

    await stack.setFaults('fulcio=500@1,oidc=502@1');
    for (let i = 0; i < 10; i++) {
      const a = await fetch(`${stack.url}/fulcio/api/v2/trustBundle`);
      const b = await fetch(`${stack.url}/oidc/.well-known/jwks`);
      expect([a.status, b.status]).toEqual([500, 502]);
      expect([a.headers.get('retry-after'), b.headers.get('retry-after')]).toEqual([null, null]);
      expect(await b.json()).toEqual({
        code: 502,
        message: 'injected fault: 502 Bad Gateway from oidc (--faults)',
      });
      await a.arrayBuffer();
    }
  });

  it('rekor covers Rekor v1 and v2, github covers /api, /uploads and /download', async () => {
    const before = await stack.stats();
    await stack.setFaults('rekor=502@1,github=reset@1');
    expect((await fetch(`${stack.url}/rekor/api/v1/log`)).status).toBe(502);
    expect(
      (await fetch(`${stack.url}/rekor2/api/v2/log/entries`, { method: 'POST', body: '{}' }))
        .status,
    ).toBe(502);
    expect(await rawRequest(`${stack.url}/api/repos/octo-org/octo-repo/releases`)).toEqual({
      error: 'ECONNRESET',
    });
    expect(
      await rawRequest(
        `${stack.url}/uploads/repos/octo-org/octo-repo/releases/1/assets?name=a`,
        'POST',
        Buffer.from('a'),
      ),
    ).toEqual({ error: 'ECONNRESET' });
    expect(
      await rawRequest(`${stack.url}/download/octo-org/octo-repo/releases/download/v1/a`),
    ).toEqual({ error: 'ECONNRESET' });
    const after = await stack.stats();
    expect(faultDelta(before, after, 'rekor')).toEqual({ '502': 2 });
    expect(faultDelta(before, after, 'github')).toEqual({ reset: 3 });
    expect([after.rekor - before.rekor, after.rekorV2 - before.rekorV2]).toEqual([1, 1]);
    expect([
      after.github - before.github,
      after.uploads - before.uploads,
      after.downloads - before.downloads,
    ]).toEqual([1, 1, 1]);
    // Without faults they answer again.
    await stack.setFaults('');
    expect(await rawRequest(`${stack.url}/api/repos/octo-org/octo-repo/releases`)).toEqual({
      status: 200,
    });
  });

  it('timeout holds the request unanswered until the client gives up', async () => {
    const before = await stack.stats();
    await stack.setFaults('oidc=timeout@1');
    expect(await giveUpAfter(`${stack.url}/oidc/.well-known/jwks`, 400)).toBe('TimeoutError');
    // A POST with a body too, and the rest of the stack answers meanwhile.
    expect(
      await giveUpAfter(`${stack.url}/oidc/token?api-version=2.0`, 300, {
        method: 'POST',
        body: '{}',
      }),
    ).toBe('TimeoutError');
    expect((await fetch(`${stack.url}/tuf/timestamp.json`)).status).toBe(200);
    expect(faultDelta(before, await stack.stats(), 'oidc')).toEqual({ timeout: 2 });
  });

  it('down: no request of the service is ever answered', async () => {
    const before = await stack.stats();
    await stack.setFaults('tuf=down');
    for (const file of ['timestamp.json', '1.root.json', 'nonexistent.json']) {
      expect(await giveUpAfter(`${stack.url}/tuf/${file}`, 250)).toBe('TimeoutError');
    }
    expect(faultDelta(before, await stack.stats(), 'tuf')).toEqual({ down: 3 });
  });

  it('reset destroys the connection without an answer', async () => {
    await stack.setFaults('fulcio=reset@1');
    expect(await rawRequest(`${stack.url}/fulcio/api/v2/trustBundle`)).toEqual({
      error: 'ECONNRESET',
    });
    await expect(fetch(`${stack.url}/fulcio/api/v2/trustBundle`)).rejects.toThrow(/fetch failed/);
  });

  it('slow trickles the real answer over about 2 s', async () => {
    const real = await timedFetch(`${stack.url}/tuf/timestamp.json`);
    expect(real.status).toBe(200);
    await stack.setFaults('tuf=slow@1');
    const slow = await timedFetch(`${stack.url}/tuf/timestamp.json`);
    expect(slow.status).toBe(200);
    expect(slow.body.equals(real.body)).toBe(true);
    expect(slow.headers.get('content-length')).toBe(String(real.body.length));
    // The first piece early, the last after about 2 s: trickled, not merely delayed.
    expect(slow.headersMs).toBeLessThan(1000);
    expect(slow.firstChunkMs).toBeLessThan(1000);
    expect(slow.totalMs).toBeGreaterThanOrEqual(1950);
    expect(slow.totalMs).toBeLessThan(4000);
    expect(slow.chunks).toBeGreaterThanOrEqual(2);
  });

  it('badjson answers 200 with a JSON content type and a body that does not parse', async () => {
    await stack.setFaults('fulcio=badjson@1');
    const res = await fetch(`${stack.url}/fulcio/api/v2/trustBundle`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text.startsWith('{"injected":"badjson"')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  describe('conflict', () => {
    let signingKey: KeyObject;
    let certificate: string;

    beforeAll(async () => {
      const result = await requestCertificate(stack, await stack.mintToken());
      signingKey = result.privateKey;
      certificate = leafPem(result);
    });

    const entries = new Map<string, string>();

    /** POSTs a hashedrekord of `artifact`, the same one each time (ECDSA signs at random). */
    function postEntry(artifact: string): Promise<Response> {
      const data = Buffer.from(artifact);
      if (!entries.has(artifact))
        entries.set(
          artifact,
          JSON.stringify({
            apiVersion: '0.0.1',
            kind: 'hashedrekord',
            spec: {
              data: { hash: { algorithm: 'sha256', value: sha256(data).toString('hex') } },
              signature: {
                content: sign('sha256', data, signingKey).toString('base64'),
                publicKey: { content: Buffer.from(certificate).toString('base64') },
              },
            },
          }),
        );
      return fetch(`${stack.url}/rekor/api/v1/log/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: entries.get(artifact),
      });
    }

    async function treeSize(): Promise<number> {
      return ((await (await fetch(`${stack.url}/rekor/api/v1/log`)).json()) as { treeSize: number })
        .treeSize;
    }

    type Entries = Record<string, Record<string, unknown> & { verification: object; body: string }>;

    it('Rekor v1 logs the entry, answers 409 with its Location, and the Location serves it', async () => {
      const size = await treeSize();
      await stack.setFaults('rekor=conflict@1');
      const res = await postEntry('logged, answer lost');
      expect(res.status).toBe(409);
      const location = res.headers.get('location') ?? '';
      const uuid = /\/([0-9a-f]+)$/.exec(location)?.[1] ?? '';
      expect(uuid).toMatch(/^[0-9a-f]{80}$/);
      // sigstore/rekor eee7d8d pkg/api/entries.go getEntryURL: the request's path, no host;
      // pkg/api/error.go entryAlreadyExists.
      expect(location).toBe(`/api/v1/log/entries/${uuid}`);
      expect(await res.json()).toEqual({
        code: 409,
        message: `an equivalent entry already exists in the transparency log with UUID ${uuid}`,
      });
      // Reads are served as usual: real Rekor never answers 409 to them.
      const log = await fetch(`${stack.url}/rekor/api/v1/log`);
      expect(log.status).toBe(200);
      expect(await log.json()).toMatchObject({ treeSize: size + 1 });

      await stack.setFaults('');
      expect(await treeSize()).toBe(size + 1); // it was logged
      // Resolved against the stack, as a client resolves it against Rekor's URL: real Rekor
      // is at its host's root, and the stack serves Rekor v1 there too.
      const fetched = await fetch(new URL(location, stack.url));
      expect(fetched.status).toBe(200);
      const logged = (await fetched.json()) as Entries;
      expect(Object.keys(logged)).toEqual([uuid]);
      const body = JSON.parse(Buffer.from(logged[uuid].body, 'base64').toString()) as {
        spec: { data: { hash: { value: string } } };
      };
      expect(body.spec.data.hash.value).toBe(
        createHash('sha256').update('logged, answer lost').digest('hex'),
      );
      // The same shape as the answer to a create.
      const created = await postEntry('logged, answered');
      expect(created.status).toBe(201);
      const [createdEntry] = Object.values((await created.json()) as Entries);
      const shape = (e: Record<string, unknown>): unknown => ({
        keys: Object.keys(e).sort(),
        verification: Object.keys(e.verification as object).sort(),
      });
      expect(shape(logged[uuid])).toEqual(shape(createdEntry));
      // Posting it again is a real duplicate: the same answer.
      const again = await postEntry('logged, answer lost');
      expect(again.status).toBe(409);
      expect(again.headers.get('location')).toBe(location);
      expect(await again.json()).toEqual({
        code: 409,
        message: `an equivalent entry already exists in the transparency log with UUID ${uuid}`,
      });
    });

    // rekor-tiles internal/server/service.go: a duplicate is 409 AlreadyExists with x-log-index.
    it('Rekor v2 logs the entry and answers 409 with its index, as to a repeated request', async () => {
      const certificateDer = new X509Certificate(certificate).raw;
      const data = Buffer.from('v2: logged, answer lost');
      const body = JSON.stringify({
        hashedRekordRequestV002: {
          digest: sha256(data).toString('base64'),
          signature: {
            content: sign('sha256', data, signingKey).toString('base64'),
            verifier: {
              x509Certificate: { rawBytes: certificateDer.toString('base64') },
              keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            },
          },
        },
      });
      const post = (): Promise<Response> =>
        fetch(`${stack.url}/rekor2/api/v2/log/entries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      await stack.setFaults('rekor=conflict@1');
      const lost = await post();
      expect(lost.status).toBe(409);
      const index = lost.headers.get('x-log-index') ?? '';
      expect(index).toMatch(/^\d+$/);
      expect(await lost.json()).toEqual({
        code: 6,
        message: `an equivalent entry already exists in the transparency log with index ${index}`,
        details: [],
      });
      // It was logged: without faults, the same request is a real duplicate with the same index.
      await stack.setFaults('');
      const again = await post();
      expect(again.status).toBe(409);
      expect(again.headers.get('x-log-index')).toBe(index);
      // A request the log refuses is refused, fault or not.
      await stack.setFaults('rekor=conflict@1');
      const refused = await fetch(`${stack.url}/rekor2/api/v2/log/entries`, {
        method: 'POST',
        body: '{}',
      });
      expect(refused.status).toBe(400);
    });

    it('other services answer a plain injected 409', async () => {
      await stack.setFaults('tsa=conflict@1');
      const tsa = await fetch(`${stack.url}/tsa/api/v1/timestamp`, { method: 'POST', body: '{}' });
      expect(tsa.status).toBe(409);
      expect(await tsa.json()).toEqual({
        code: 409,
        message: 'injected fault: 409 Conflict from tsa (--faults)',
      });
    });
  });

  it('never touches the admin endpoints, even with every service down', async () => {
    await stack.setFaults(FAULT_SERVICES.map((s) => `${s}=down`).join(','));
    const admin = await Promise.all([
      fetch(`${stack.url}/__stats`).then((r) => r.status),
      fetch(`${stack.url}/__faults`).then((r) => r.status),
      fetch(`${stack.url}/__token`, { method: 'POST', body: '{}' }).then((r) => r.status),
      fetch(`${stack.url}/__job`, { method: 'POST' }).then((r) => r.status),
      fetch(`${stack.url}/__azurite`).then((r) => r.status),
      fetch(`${stack.url}/__openapi-violations`).then((r) => r.status),
      fetch(`${stack.url}/__openapi`).then((r) => r.status),
    ]);
    expect(admin).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(await giveUpAfter(`${stack.url}/fulcio/api/v2/trustBundle`, 200)).toBe('TimeoutError');
    const stats = await stack.stats();
    expect(stats.token).toBeGreaterThanOrEqual(1); // counted as before, never faulted
  });

  describe('blob: the artifact URLs go through the stack', () => {
    const name = `blob-${randomBytes(4).toString('hex')}`;
    const data = randomBytes(300_000);
    let ids: { workflow_run_backend_id: string; workflow_job_run_backend_id: string };

    function twirp(method: string, body: unknown): Promise<Response> {
      return fetch(`${stack.env.ACTIONS_RESULTS_URL}twirp/${SERVICE}/${method}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${stack.env.ACTIONS_RUNTIME_TOKEN}`,
        },
        body: JSON.stringify(body),
      });
    }

    beforeAll(() => {
      const { scp } = JSON.parse(
        Buffer.from(stack.env.ACTIONS_RUNTIME_TOKEN.split('.')[1], 'base64url').toString(),
      ) as { scp: string };
      const [, run, job] = /Actions\.Results:([^:\s]+):([^:\s]+)/.exec(scp) ?? [];
      ids = { workflow_run_backend_id: run, workflow_job_run_backend_id: job };
    });

    it('faults the proxied upload, then uploads and downloads through it byte for byte', async () => {
      const created = (await (
        await twirp('CreateArtifact', { ...ids, name, version: 7, mime_type: 'text/plain' })
      ).json()) as { signed_upload_url: string };
      const upload = new URL(created.signed_upload_url);
      expect(upload.origin).toBe(stack.url);
      expect(upload.pathname).toMatch(/^\/blob\/devstoreaccount1\/actions-results\//);
      const put = (): Promise<Response> =>
        fetch(created.signed_upload_url, {
          method: 'PUT',
          headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'text/plain' },
          body: data,
        });
      const blobNamed = async (): Promise<boolean> =>
        (await listArtifactBlobs(stack)).some((b) =>
          b.endsWith(createHash('sha256').update(name).digest('hex')),
        );

      const before = await stack.stats();
      await stack.setFaults('blob=503@1', 2);
      const refused = await put();
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({
        code: 503,
        message: 'injected fault: 503 Service Unavailable from blob (--faults)',
      });
      expect(await blobNamed()).toBe(false); // never reached Azurite
      await stack.setFaults('blob=reset@1');
      expect(await rawRequest(created.signed_upload_url, 'PUT', data)).toEqual({
        error: 'ECONNRESET',
      });
      await stack.setFaults('blob=timeout@1');
      expect(await giveUpAfter(created.signed_upload_url, 300, { method: 'PUT', body: data })).toBe(
        'TimeoutError',
      );
      expect(await blobNamed()).toBe(false);

      await stack.setFaults('blob=slow@1');
      const t0 = performance.now();
      const stored = await put();
      expect(stored.status).toBe(201);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(1950); // an empty body, still slow
      expect(await blobNamed()).toBe(true);
      const after = await stack.stats();
      expect(after.blob - before.blob).toBe(4);
      expect(faultDelta(before, after, 'blob')).toEqual({
        '503': 1,
        reset: 1,
        timeout: 1,
        slow: 1,
      });
      expect(after.results - before.results).toBe(0);

      await stack.setFaults('');
      const hash = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      const done = await twirp('FinalizeArtifact', {
        ...ids,
        name,
        size: String(data.length),
        hash,
      });
      expect(done.status).toBe(200);
      const { signed_url } = (await (
        await twirp('GetSignedArtifactURL', { ...ids, name })
      ).json()) as {
        signed_url: string;
      };
      expect(new URL(signed_url).origin).toBe(stack.url);

      const plain = await timedFetch(signed_url);
      expect(plain.status).toBe(200);
      expect(plain.body.equals(data)).toBe(true);
      expect(plain.headers.get('content-disposition')).toContain(`filename="${name}"`);

      await stack.setFaults('blob=slow@1');
      const slow = await timedFetch(signed_url);
      expect(slow.status).toBe(200);
      expect(slow.body.equals(data)).toBe(true);
      expect(slow.headers.get('content-length')).toBe(String(data.length));
      expect(slow.firstChunkMs).toBeLessThan(1000);
      expect(slow.totalMs).toBeGreaterThanOrEqual(1950);
      expect(slow.chunks).toBeGreaterThanOrEqual(2);

      await stack.setFaults('blob=badjson@1');
      const bad = await fetch(signed_url);
      expect(bad.status).toBe(200);
      const text = await bad.text();
      expect(text.startsWith('{"injected":"badjson"')).toBe(true);
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    });
  });
});
