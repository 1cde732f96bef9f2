// The local Sigstore stack for the benchmark, started as a child process like `npm run stack`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { node24Binary } from '../../scripts/node24.mjs';

export async function startStack(root, latencyMs) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-stack-'));
  const envFile = path.join(dir, 'stack.env');
  // Under Node 24, as the action: the stack runs sigstore-js and Azurite (package.json engines).
  const child = spawn(
    node24Binary(),
    [
      '--import',
      'tsx',
      'stack/main.ts',
      '--',
      '--env-file',
      envFile,
      '--latency-ms',
      String(latencyMs),
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 20_000;
  while (!existsSync(envFile)) {
    if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the stack did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const env = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    env,
    async stats() {
      return (await fetch(`${env.STACK_URL}/__stats`)).json();
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}

/** The difference of two __stats snapshots, for the services a signing run talks to. */
export function statsDelta(before, after) {
  const delta = {};
  for (const key of ['oidc', 'fulcio', 'rekor', 'rekorV2', 'tsa', 'tuf']) {
    delta[key] = (after[key] ?? 0) - (before[key] ?? 0);
  }
  return delta;
}
