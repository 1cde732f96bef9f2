/**
 * ServiceClient against a real local HTTP server that answers from a script: what is retried,
 * how long it waits, what the final error says. Nothing is mocked: requests go over loopback.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionError } from '../../../src/errors.js';
import { Deadline, parseRetryAfter, type RetryPolicy } from '../../../src/net/retry.js';
import { NetworkStats, ServiceClient } from '../../../src/net/service-client.js';

type Answer = (res: ServerResponse) => void;

let server: Server;
let url: string;
let script: Answer[] = [];
let seen = 0;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
};
const ok = json(200, { ok: true });

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = script[Math.min(seen, script.length - 1)];
      seen++;
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = 0;
  script = [];
});

const FAST: RetryPolicy = {
  retries: 3,
  baseDelayMs: 10,
  maxDelayMs: 20,
  timeoutMs: 2_000,
  maxRetryAfterMs: 5_000,
};

function client(
  policy: Partial<RetryPolicy> = {},
  deadline?: Deadline,
  stats = new NetworkStats(),
): ServiceClient {
  return new ServiceClient({
    service: 'Rekor',
    errorCode: 'TLOG_FAILED',
    policy: { ...FAST, ...policy },
    deadline,
    stats,
  });
}

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError);
    return err as ActionError;
  }
  throw new Error('expected a failure');
}

it('retries 500, 502, 503, 429 and 408, then returns the answer, counting why', async () => {
  script = [json(500, {}), json(502, {}), json(503, {}), json(429, {}), json(408, {}), ok];
  const stats = new NetworkStats();
  const response = await client({ retries: 5 }, undefined, stats).send({
    method: 'POST',
    url,
    body: '{}',
    json: true,
  });
  expect(response.json).toEqual({ ok: true });
  expect(seen).toBe(6);
  expect(stats.for('Rekor')).toEqual({
    requests: 6,
    retries: 5,
    reasons: { '500': 1, '502': 1, '503': 1, '429': 1, '408': 1 },
  });
  expect(stats.describeRetries()).toBe('Rekor 5 (408 ×1, 429 ×1, 500 ×1, 502 ×1, 503 ×1)');
});

it('fails at once on a 400, with the service’s own message', async () => {
  script = [json(400, { code: 400, message: 'entry is not a valid hashedrekord' }), ok];
  const err = await failure(client().send({ method: 'POST', url, body: '{}' }));
  expect(seen).toBe(1);
  expect(err.code).toBe('TLOG_FAILED');
  expect(err.message).toBe(
    `Rekor refused the request (POST ${url}): HTTP 400: entry is not a valid hashedrekord.`,
  );
});

it('gives up after the retries, saying how each attempt failed', async () => {
  script = [json(503, { message: 'overloaded' })];
  const err = await failure(client({ retries: 2 }).send({ method: 'GET', url }));
  expect(seen).toBe(3);
  expect(err.message).toMatch(
    /^Rekor \(GET http:\/\/127\.0\.0\.1:\d+\/api\) failed 3 times; last: HTTP 503: overloaded\. Attempts: 503 ×3\. It may be down/,
  );
});

it('waits at least as long as Retry-After asks', async () => {
  script = [json(429, { message: 'slow down' }, { 'retry-after': '1' }), ok];
  const started = Date.now();
  await client().send({ method: 'GET', url });
  const waited = Date.now() - started;
  expect(seen).toBe(2);
  expect(waited).toBeGreaterThanOrEqual(1000);
  expect(waited).toBeLessThan(3000);
});

it('does not wait for a Retry-After beyond its limit', async () => {
  script = [json(503, {}, { 'retry-after': '3600' }), ok];
  const started = Date.now();
  const err = await failure(client().send({ method: 'GET', url }));
  expect(Date.now() - started).toBeLessThan(1000);
  expect(err.message).toMatch(/failed 1 time, then asked to retry after 3600 s; last: HTTP 503/);
});

it('retries a 200 whose body is not JSON when JSON was asked for', async () => {
  script = [
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"uuid": {"body": "abc');
    },
    ok,
  ];
  const stats = new NetworkStats();
  const response = await client({}, undefined, stats).send({ method: 'GET', url, json: true });
  expect(response.json).toEqual({ ok: true });
  expect(stats.for('Rekor').reasons).toEqual({ 'malformed answer': 1 });
});

it('retries a reset connection', async () => {
  script = [(res) => res.socket?.destroy(), ok];
  const stats = new NetworkStats();
  await client({}, undefined, stats).send({ method: 'GET', url });
  expect(stats.for('Rekor').reasons).toEqual({ network: 1 });
});

it('bounds each attempt, body included, by the timeout', async () => {
  script = [
    (res) => {
      // Headers at once, then a body that never finishes.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":');
    },
    ok,
  ];
  const stats = new NetworkStats();
  const started = Date.now();
  await client({ timeoutMs: 300 }, undefined, stats).send({ method: 'GET', url, json: true });
  expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  expect(stats.for('Rekor').reasons).toEqual({ timeout: 1 });
});

it('stops at the run’s deadline, naming the service and the deadline', async () => {
  script = [() => undefined]; // never answers
  const started = Date.now();
  const err = await failure(
    client({ timeoutMs: 10_000, retries: 10 }, new Deadline(600)).send({ method: 'GET', url }),
  );
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(550);
  expect(took).toBeLessThan(2000);
  expect(err.code).toBe('TLOG_FAILED');
  expect(err.message).toMatch(
    /^Rekor \(GET .*\) did not answer within the run's deadline of 0\.6 s \(1 attempt; last: no complete answer within 0\.6 s\)\. Re-run the job later, or raise timeout-minutes/,
  );
});

it('returns statuses the caller handles itself (Rekor’s 409) without retrying them', async () => {
  script = [json(409, { message: 'exists' }, { location: '/api/v1/log/entries/abc' })];
  const response = await client().send({ method: 'POST', url, passStatuses: [409], json: true });
  expect(response.status).toBe(409);
  expect(response.headers.get('location')).toBe('/api/v1/log/entries/abc');
  expect(seen).toBe(1);
});

it('reads Retry-After as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  expect(parseRetryAfter('2', now)).toBe(2000);
  expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:05 GMT', now)).toBe(5000);
  expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});
