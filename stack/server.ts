// The local Sigstore stack: one HTTP server on loopback, routing by path prefix to the OIDC
// token service, Fulcio, Rekor v1, Rekor v2, the TSA and the TUF repository, and to the GitHub
// services a workflow step uses besides them: the Actions results (artifact) service, backed by
// an Azurite child process, and a GitHub REST stand-in for releases, checked against GitHub's
// OpenAPI description. Artifact blobs go through the stack too (`/blob`, proxied to Azurite).
// Per-service request counts, optional added latency, and injected faults (faults.ts). Trust
// material is written to files in `dir`.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ARTIFACT_CONTAINER, startAzurite, type BlobStore } from './azurite.js';
import { BlobProxy } from './blob-proxy.js';
import { CertificateAuthority } from './ca.js';
import { SigstoreContracts } from './contracts.js';
import { Fulcio } from './fulcio.js';
import { gitHubServices } from './github-services.js';
import {
  faultResponse,
  FaultInjector,
  injectFault,
  trickle,
  type Fault,
  type FaultCounts,
  type FaultService,
} from './faults.js';
import { defaultClaims, GITHUB_ISSUER, identityOf, runnerEnvironment } from './github.js';
import {
  json,
  notFound,
  type Handler,
  type StackRequest,
  type StackResponse,
  type StreamedResponse,
  type StreamHandler,
} from './http.js';
import { OidcProvider } from './oidc.js';
import { RekorV1 } from './rekor-v1.js';
import { RekorV2 } from './rekor-v2.js';
import { serviceUrls, signingConfig, trustedRoot, type StackTrust } from './trust.js';
import { TimestampAuthority } from './tsa.js';
import { TufRepository } from './tuf.js';

export interface StackOptions {
  /** 0 (default): an ephemeral port, so several stacks can run at once. */
  port?: number;
  /** Added to every service response (not to /__stats), like a network round trip. */
  latencyMs?: number;
  /** Lifetime of Fulcio leaf certificates; real Fulcio's is 600 s. */
  certValiditySeconds?: number;
  /** Where trust files go; default a new temp dir, removed on close. */
  dir?: string;
  /**
   * Azurite, if the caller started it already (stack/main.ts does, before loading the stack's
   * modules, to overlap the two); the stack stops it on close either way.
   */
  azurite?: Promise<BlobStore>;
  /** A fault spec (faults.ts), `--faults`; replaceable at run time through `POST /__faults`. */
  faults?: string;
  /** Seeds the fault decisions, `--seed`: the same seed, the same faults. Default random. */
  seed?: number;
  /**
   * `--host-name`: the name clients are told to reach the stack by (URLs in the env, the
   * signing configs, the trusted root and its log origins) instead of 127.0.0.1; the stack still
   * listens on 127.0.0.1 only. A name that does not resolve (`sigstore-stack.test`) is reachable
   * only through a proxy that maps it: a request that bypasses the proxy fails.
   */
  hostName?: string;
}

export interface RunningStack {
  /** The URL clients are given (under `hostName` when set). */
  url: string;
  /** Where the stack listens: http://127.0.0.1:PORT (the admin routes, /__stats...). */
  listenUrl: string;
  env: Record<string, string>;
  /** The fault spec in force and its seed. */
  faults(): { spec: string; seed: number };
  close(): Promise<void>;
}

export type ServiceName =
  | 'oidc'
  | 'fulcio'
  | 'rekor'
  | 'rekorV2'
  /** The second Rekor v2 log (another operator), `/rekor2-other`. */
  | 'rekorV2Other'
  | 'tsa'
  | 'tuf'
  | 'token'
  /** The GitHub REST stand-in, `/api` (api.github.com). */
  | 'github'
  /** Release asset uploads, `/uploads` (uploads.github.com). */
  | 'uploads'
  /** Release asset downloads, `/download` (github.com's download URLs). */
  | 'downloads'
  /** The Actions results service (artifacts), Twirp under `/twirp`. */
  | 'results'
  /** Artifact blobs, `/blob`: Azurite behind the stack. */
  | 'blob';
export type StackStats = Record<ServiceName, number> & {
  /** Requests to and answers of the GitHub stand-in that do not conform to GitHub's OpenAPI. */
  openapiViolations: number;
  /**
   * Answers of the Sigstore stand-ins that break their upstream contracts (stack/contracts.ts):
   * a stand-in bug each.
   */
  contractViolations: number;
  /** Injected faults, by fault service and kind (`{ rekor: { '503': 2 } }`). */
  faults: FaultCounts;
};

const DEFAULT_CERT_VALIDITY_SECONDS = 600;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

type Route = {
  prefix: string;
  /** `admin`: the stack's own endpoints (/__stats...), neither counted nor delayed. */
  service: ServiceName | 'admin';
  /** The `--faults` service of the route; admin routes have none and are never faulted. */
  faults?: FaultService;
  /** A service's own answer to the `conflict` fault; undefined: the generic injected 409. */
  conflict?: (req: StackRequest) => StackResponse | undefined;
  maxBodyBytes?: number;
  /** The handler gets the whole path, prefix included (a service served at the host's root). */
  atRoot?: boolean;
} & ({ handler: Handler } | { stream: StreamHandler });

interface ServeContext {
  routes: Route[];
  counts: Record<ServiceName, number>;
  latencyMs: number;
  faults: FaultInjector;
}

class BodyTooLarge extends Error {}

export async function startStack(opts: StackOptions = {}): Promise<RunningStack> {
  // Throws on a bad spec, before anything is started.
  const faults = new FaultInjector(opts.seed);
  faults.configure(opts.faults ?? '');
  const latencyMs = opts.latencyMs ?? 0;
  const certValiditySeconds = opts.certValiditySeconds ?? DEFAULT_CERT_VALIDITY_SECONDS;
  const ownsDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(path.join(tmpdir(), 'sigstore-stack-')));
  await mkdir(dir, { recursive: true });

  // Azurite takes the longest to start: under way first, awaited last.
  const azurite = opts.azurite ?? startAzurite({ cwd: dir });
  azurite.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile

  // Listen first: the URL (its port) is baked into checkpoints, the trust root and the env.
  const context: ServeContext = { routes: [], counts: newCounts(), latencyMs, faults };
  const server = createServer((req, res) => {
    void serve(req, res, context);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await azurite.then(
      (blobs) => blobs.stop(),
      () => undefined,
    );
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const listenUrl = `http://127.0.0.1:${port}`;
  // --- hostName (issue 12: proxy tests): every URL a client sees derives from `url`. ---
  const url = opts.hostName ? `http://${opts.hostName}:${port}` : listenUrl;
  const urls = serviceUrls(url);
  const host = new URL(url).host;
  // --- end hostName ---

  const claims = defaultClaims();
  const requestToken = randomBytes(24).toString('hex');
  const now = new Date();
  const oidc = await OidcProvider.create({ baseUrl: urls.oidc, requestToken, claims });
  const ca = new CertificateAuthority(now);
  const fulcio = new Fulcio({ ca, issuerKeys: () => oidc.jwks, certValiditySeconds });
  const rekorV1 = new RekorV1(host);
  const rekorV2 = new RekorV2(urls.rekorV2.replace(/^https?:\/\//, ''));
  const rekorV2Other = new RekorV2(urls.rekorV2Other.replace(/^https?:\/\//, ''));
  const tsa = new TimestampAuthority(now);
  const trust: StackTrust = {
    url,
    ca,
    rekorV1,
    rekorV2,
    rekorV2Other,
    tsa,
    validFrom: new Date(now.getTime() - DAY_MS),
  };

  const jsonFile = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2));
  const trustedRootJson = jsonFile(trustedRoot(trust));
  const signingConfigJson = jsonFile(signingConfig(trust, 'default'));
  const signingConfigRekorV2Json = jsonFile(signingConfig(trust, 'rekor-v2'));
  const signingConfigStagingJson = jsonFile(signingConfig(trust, 'staging'));
  // As public-good's repository: the default signing config and the opt-in Rekor v2 one.
  const tuf = new TufRepository(
    {
      'trusted_root.json': trustedRootJson,
      'signing_config.v0.2.json': signingConfigJson,
      'signing_config_rekor_v2.v0.2.json': signingConfigRekorV2Json,
    },
    now,
  );
  const files = {
    trustedRoot: path.join(dir, 'trusted_root.json'),
    signingConfig: path.join(dir, 'signing_config.v0.2.json'),
    signingConfigRekorV2: path.join(dir, 'signing_config_rekor_v2.v0.2.json'),
    signingConfigStaging: path.join(dir, 'signing_config.staging.v0.2.json'),
    tufRoot: path.join(dir, 'tuf-root.json'),
  };
  await Promise.all([
    writeFile(files.trustedRoot, trustedRootJson),
    writeFile(files.signingConfig, signingConfigJson),
    writeFile(files.signingConfigRekorV2, signingConfigRekorV2Json),
    writeFile(files.signingConfigStaging, signingConfigStagingJson),
    writeFile(files.tufRoot, tuf.rootJson),
  ]);

  let blobs: BlobStore;
  try {
    blobs = await azurite;
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
  const { github, releases, results, env: githubEnv } = gitHubServices({ url, claims, blobs });
  const blobProxy = new BlobProxy(blobs.accountUrl);

  const contracts = new SigstoreContracts();
  const rekorV1Handler = contracts.wrap('rekor', (req) => rekorV1.handle(req));
  const rekorV1Conflict = (req: StackRequest): StackResponse | undefined => {
    const answer = rekorV1.handleAsConflict(req);
    if (answer) contracts.check('rekor', req, answer);
    return answer;
  };
  context.routes = [
    { prefix: '/oidc', service: 'oidc', faults: 'oidc', handler: (req) => oidc.handle(req) },
    {
      prefix: '/fulcio',
      service: 'fulcio',
      faults: 'fulcio',
      handler: contracts.wrap('fulcio', (req) => fulcio.handle(req)),
    },
    // `/rekor2` before `/rekor`: prefixes match on whole path segments, but keep it obvious.
    {
      prefix: '/rekor2-other',
      service: 'rekorV2Other',
      faults: 'rekor',
      handler: contracts.wrap('rekorV2', (req) => rekorV2Other.handle(req)),
    },
    {
      prefix: '/rekor2',
      service: 'rekorV2',
      faults: 'rekor',
      handler: contracts.wrap('rekorV2', (req) => rekorV2.handle(req)),
      conflict: (req) => {
        const answer = rekorV2.handleAsConflict(req);
        if (answer) contracts.check('rekorV2', req, answer);
        return answer;
      },
    },
    {
      prefix: '/rekor',
      service: 'rekor',
      faults: 'rekor',
      handler: rekorV1Handler,
      conflict: rekorV1Conflict,
    },
    {
      // Real Rekor v1 is served at its host's root, and its Location headers are bare paths
      // (`/api/v1/log/entries/<uuid>`): resolved against the stack's URL, they land here. Before
      // `/api` (GitHub), which has no `/v1/log`.
      prefix: '/api/v1/log',
      service: 'rekor',
      faults: 'rekor',
      atRoot: true,
      handler: rekorV1Handler,
      conflict: rekorV1Conflict,
    },
    {
      prefix: '/tsa',
      service: 'tsa',
      faults: 'tsa',
      handler: contracts.wrap('tsa', (req) => tsa.handle(req)),
    },
    { prefix: '/tuf', service: 'tuf', faults: 'tuf', handler: (req) => tuf.handle(req) },
    { prefix: '/__token', service: 'token', handler: (req) => oidc.handleMint(req) },
    {
      prefix: '/api',
      service: 'github',
      faults: 'github',
      handler: (req) => github.handle('api', req),
    },
    {
      prefix: '/uploads',
      service: 'uploads',
      faults: 'github',
      handler: (req) => github.handle('uploads', req),
      maxBodyBytes: MAX_UPLOAD_BYTES,
    },
    {
      prefix: '/download',
      service: 'downloads',
      faults: 'github',
      handler: (req) => releases.handleDownload(req),
    },
    {
      prefix: '/twirp',
      service: 'results',
      faults: 'results',
      handler: (req) => results.handle(req),
    },
    {
      prefix: '/blob',
      service: 'blob',
      faults: 'blob',
      stream: (req, target) => blobProxy.forward(req, target),
    },
    { prefix: '/__job', service: 'admin', handler: (req) => results.handleNewJob(req) },
    {
      prefix: '/__stats',
      service: 'admin',
      handler: () => {
        const stats: StackStats = {
          ...context.counts,
          openapiViolations: github.violations.length,
          contractViolations: contracts.violations.length,
          faults: faults.counts,
        };
        return json(200, stats);
      },
    },
    { prefix: '/__faults', service: 'admin', handler: (req) => faults.handle(req) },
    {
      prefix: '/__contract-violations',
      service: 'admin',
      handler: () => json(200, contracts.violations),
    },
    {
      prefix: '/__openapi-violations',
      service: 'admin',
      handler: () => json(200, github.violations),
    },
    {
      // Waits for the OpenAPI description: how long loading and compiling it took.
      prefix: '/__openapi',
      service: 'admin',
      handler: async () => json(200, { loadMs: Math.round((await github.ready()).loadMs) }),
    },
    {
      prefix: '/__azurite',
      service: 'admin',
      handler: () =>
        json(200, { url: blobs.accountUrl, pid: blobs.pid, container: ARTIFACT_CONTAINER }),
    },
  ];

  const env: Record<string, string> = {
    ...runnerEnvironment(
      claims,
      { requestUrl: `${urls.oidc}/token?api-version=2.0`, requestToken },
      `${url}/api`,
    ),
    ...githubEnv,
    STACK_URL: url,
    STACK_TRUSTED_ROOT: files.trustedRoot,
    // Public-good's default shape: Rekor v1 and the TSA (the TUF target signing_config.v0.2.json).
    STACK_SIGNING_CONFIG: files.signingConfig,
    // Public-good's opt-in shape: Rekor v2 first, Rekor v1, the TSA (the TUF target
    // signing_config_rekor_v2.v0.2.json). A client that speaks Rekor v2 selects it.
    STACK_SIGNING_CONFIG_REKOR_V2: files.signingConfigRekorV2,
    // Staging's shape: Rekor v2 the newest, Rekor v1, the TSA.
    STACK_SIGNING_CONFIG_STAGING: files.signingConfigStaging,
    STACK_TUF_URL: urls.tuf,
    STACK_TUF_ROOT: files.tufRoot,
    STACK_IDENTITY: identityOf(claims),
    STACK_ISSUER: GITHUB_ISSUER,
    // A developer's HTTP(S)_PROXY must not catch the loopback stand-ins: the toolkit's proxy
    // decision always bypasses loopback, but Azure's (artifact blob uploads) does not.
    NO_PROXY: noProxy(process.env.NO_PROXY ?? process.env.no_proxy),
  };
  // In the background; the first GitHub request waits for it if it is not ready yet.
  github.ready().catch((err: unknown) => {
    console.error('sigstore stack: cannot load the GitHub OpenAPI description:', err);
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets of HTTP agents would hold it open
      });
      blobProxy.close();
      await blobs.stop();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    })());

  return { url, listenUrl, env, faults: () => faults.current(), close };
}

function noProxy(existing: string | undefined): string {
  const hosts = new Set(
    (existing ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  );
  hosts.add('127.0.0.1');
  hosts.add('localhost');
  return [...hosts].join(',');
}

function newCounts(): Record<ServiceName, number> {
  return {
    oidc: 0,
    fulcio: 0,
    rekor: 0,
    rekorV2: 0,
    rekorV2Other: 0,
    tsa: 0,
    tuf: 0,
    token: 0,
    github: 0,
    uploads: 0,
    downloads: 0,
    results: 0,
    blob: 0,
  };
}

function findRoute(routes: Route[], pathname: string): Route | undefined {
  return routes.find((r) => pathname === r.prefix || pathname.startsWith(`${r.prefix}/`));
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) throw new BodyTooLarge(`request body larger than ${max} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

async function serve(req: IncomingMessage, res: ServerResponse, ctx: ServeContext): Promise<void> {
  const parsed = new URL(req.url ?? '/', 'http://stack.invalid');
  const route = findRoute(ctx.routes, parsed.pathname);
  if (route && route.service !== 'admin') ctx.counts[route.service]++;
  const latency = async (): Promise<void> => {
    if (ctx.latencyMs > 0 && route?.service !== 'admin') await sleep(ctx.latencyMs);
  };
  const fault = route?.faults === undefined ? undefined : ctx.faults.decide(route.faults);
  if (
    route?.faults !== undefined &&
    fault &&
    (await injectFault(req, res, route.faults, fault, latency, route.conflict !== undefined))
  ) {
    return;
  }
  if (route && 'stream' in route) {
    // The raw path and query: signatures (SAS) must reach the service byte for byte.
    const raw = req.url ?? '/';
    const target = raw.startsWith(`${route.prefix}/`)
      ? raw.slice(route.prefix.length)
      : `${parsed.pathname.slice(route.prefix.length) || '/'}${parsed.search}`;
    await serveStream(req, res, route, target, fault, latency);
    return;
  }

  let response: StackResponse;
  try {
    const body = await readBody(req, route?.maxBodyBytes ?? MAX_BODY_BYTES);
    if (!route) {
      response =
        ctx.routes.length === 0
          ? json(503, { message: 'stack is starting' })
          : notFound(parsed.pathname);
    } else {
      const request: StackRequest = {
        method: req.method ?? 'GET',
        path: route.atRoot ? parsed.pathname : parsed.pathname.slice(route.prefix.length) || '/',
        query: parsed.searchParams,
        headers: req.headers,
        body,
      };
      // A service with its own conflict answer (Rekor v1 and v2) gives it where one can happen (a
      // new entry); elsewhere (reads) the request is served as usual, as real Rekor does.
      const conflict =
        fault?.kind === 'conflict' && route.faults !== undefined
          ? route.conflict
            ? route.conflict(request)
            : faultResponse(route.faults, fault)
          : undefined;
      response = conflict ?? (await route.handler(request));
    }
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      response = json(413, { code: 413, message: err.message });
    } else {
      console.error(`sigstore stack: ${req.method} ${parsed.pathname} failed:`, err);
      response = json(500, {
        code: 500,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  await latency();
  if (fault?.kind === 'slow') {
    const body = req.method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(response.body);
    const length = req.method === 'HEAD' ? {} : { 'content-length': body.length };
    res.writeHead(response.status, { ...length, ...response.headers });
    await trickle(res, body, body.length);
  } else {
    res.writeHead(response.status, response.headers);
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }
}

/** A streaming route (the blob proxy): the answer's body is piped, or trickled when `slow`. */
async function serveStream(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route & { stream: StreamHandler },
  target: string,
  fault: Fault | undefined,
  latency: () => Promise<void>,
): Promise<void> {
  let answer: StreamedResponse;
  try {
    answer = await route.stream(req, target);
  } catch (err) {
    console.error(`sigstore stack: ${req.method} ${route.prefix}${target} failed:`, err);
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 500, message: String(err) }));
    return;
  }
  await latency();
  res.writeHead(answer.status, answer.headers);
  if (fault?.kind === 'slow') {
    await trickle(res, answer.body, answer.length);
  } else {
    await pipeline(answer.body, res).catch(() => undefined); // the client went away
  }
}
