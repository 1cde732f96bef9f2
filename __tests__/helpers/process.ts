/** Child processes for tests: the bundled CLI, or any script, with its output collected. */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, node24 } from './action.js';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<ProcessRun> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** dist/cli/index.js under Node 24, in `cwd`, with a minimal environment plus `env`. */
export function runCli(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<ProcessRun> {
  return runProcess(node24(), [path.join(REPO_ROOT, 'dist', 'cli', 'index.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_PROXY: '127.0.0.1', ...env },
  });
}

/**
 * Runs a `sigstore-action verify ...` line of a release's notes, as a user would paste it, in
 * the directory where the release's assets were downloaded.
 */
export function runNotesCommand(
  commandLine: string,
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', ['-c', `"$NODE" "$CLI" verify ${commandLine}`], {
    cwd,
    env: {
      PATH: process.env.PATH,
      NODE: node24(),
      CLI: path.join(REPO_ROOT, 'dist/cli/index.js'),
    },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
