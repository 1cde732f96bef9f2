// Runs the local Sigstore stack (stack/main.ts) as a child process for tests, the way a developer
// runs `npm run stack`, and talks to it over HTTP only.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MintTokenRequest } from '../../stack/oidc.js';
import { waitForReadyLine } from '../../stack/ready-line.js';
import type { ContractViolation } from '../../stack/contracts.js';
import type { StackStats } from '../../stack/server.js';

export type { MintTokenRequest } from '../../stack/oidc.js';
export type { StackStats } from '../../stack/server.js';
export type { ContractViolation } from '../../stack/contracts.js';

export interface SpawnStackOptions {
  latencyMs?: number;
  certValiditySeconds?: number;
  /** `--faults`: a fault spec, e.g. `rekor=503@0.05,tuf=down` (see stack/faults.ts). */
  faults?: string;
  /** `--seed`: the same seed, the same fault decisions. */
  seed?: number;
  /**
   * `--host-name`: the stack's URLs (env, trust files) name this host instead of 127.0.0.1;
   * `url` (the admin routes) stays 127.0.0.1.
   */
  hostName?: string;
}

export interface StackProcess {
  /** Where the stack listens (http://127.0.0.1:PORT), whatever `hostName` clients are given. */
  url: string;
  /**
   * The env file's variables: runner variables (GITHUB_API_URL, ACTIONS_RESULTS_URL and
   * ACTIONS_RUNTIME_TOKEN pointing at the stack) plus STACK_* (see stack/server.ts and
   * stack/github-services.ts).
   */
  env: Record<string, string>;
  /** The stack's process id. */
  pid: number;
  stats(): Promise<StackStats>;
  /** A token from `POST /__token` (default claims, audience `sigstore`, 5 minutes). */
  mintToken(req?: MintTokenRequest): Promise<string>;
  /**
   * An ACTIONS_RUNTIME_TOKEN for another job of the same workflow run (a matrix leg), from
   * `POST /__job`: its artifacts share the run's namespace, with its own job backend id.
   */
  newJobToken(): Promise<string>;
  /**
   * Replaces the fault spec (`POST /__faults`; '' for none) and restarts the fault PRNGs from
   * `seed`, or from the stack's `--seed`, or from a random seed. Rejects an invalid spec.
   */
  setFaults(spec: string, seed?: number): Promise<void>;
  /** What the Sigstore stand-ins answered against their upstream contracts (stack/contracts.ts). */
  contractViolations(): Promise<ContractViolation[]>;
  /**
   * Stops the stack; rejects when a Sigstore stand-in recorded a contract violation (a stand-in
   * bug), so the test file that caused it fails in its afterAll.
   */
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_LINE = /^sigstore stack ready at (\S+)$/m;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** Parses `KEY=VALUE` lines (no quoting; the first `=` separates). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not a KEY=VALUE line: ${line}`);
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

export async function spawnStack(opts: SpawnStackOptions = {}): Promise<StackProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sigstore-stack-test-'));
  const envFile = path.join(dir, 'stack.env');
  const args = ['--import', 'tsx', 'stack/main.ts'];
  // `--` first: Node scans its whole command line for `--env-file` (see stack/main.ts).
  args.push('--', '--env-file', envFile);
  if (opts.latencyMs !== undefined) args.push('--latency-ms', String(opts.latencyMs));
  if (opts.certValiditySeconds !== undefined) {
    args.push('--cert-validity-seconds', String(opts.certValiditySeconds));
  }
  if (opts.faults !== undefined) args.push('--faults', opts.faults);
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.hostName !== undefined) args.push('--host-name', opts.hostName);
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  try {
    const url = await waitForReadyLine(child, {
      name: 'the stack',
      pattern: READY_LINE,
      timeoutMs: START_TIMEOUT_MS,
      exited,
      stderr: () => stderr,
    });
    const env = parseEnvFile(await readFile(envFile, 'utf8'));

    let stopping: Promise<void> | undefined;
    const contractViolations = async (): Promise<ContractViolation[]> => {
      const res = await fetch(`${url}/__contract-violations`);
      if (!res.ok) throw new Error(`/__contract-violations answered ${res.status}`);
      return (await res.json()) as ContractViolation[];
    };
    return {
      url,
      env,
      async stats() {
        const res = await fetch(`${url}/__stats`);
        if (!res.ok) throw new Error(`/__stats answered ${res.status}`);
        return (await res.json()) as StackStats;
      },
      pid: child.pid ?? 0,
      async newJobToken() {
        const res = await fetch(`${url}/__job`, { method: 'POST' });
        if (!res.ok) throw new Error(`/__job answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { token: string }).token;
      },
      async setFaults(spec: string, seed?: number) {
        const res = await fetch(`${url}/__faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ spec, seed }),
        });
        if (!res.ok) throw new Error(`/__faults answered ${res.status}: ${await res.text()}`);
      },
      async mintToken(req: MintTokenRequest = {}) {
        const res = await fetch(`${url}/__token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(req),
        });
        if (!res.ok) throw new Error(`/__token answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { token: string }).token;
      },
      contractViolations,
      stop() {
        return (stopping ??= (async () => {
          const violations =
            child.exitCode === null && child.signalCode === null
              ? await contractViolations().catch((): ContractViolation[] => [])
              : [];
          await stopChild(child, exited).finally(() => rm(dir, { recursive: true, force: true }));
          if (violations.length > 0) {
            throw new Error(
              `the Sigstore stand-ins broke their upstream contracts (stack/contracts.ts):\n${violations
                .map((v) => `  ${v.service} ${v.method} ${v.path}: ${v.message}`)
                .join('\n')}`,
            );
          }
        })());
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function stopChild(
  child: ReturnType<typeof spawn>,
  exited: Promise<number | null>,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`stack exited with ${String(code)} on SIGTERM`);
}
