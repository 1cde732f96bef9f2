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

/** Where the `gh` and `sigstore-action` stand-ins are: see shims/. */
export const SHIM_BIN = path.join(REPO_ROOT, '__tests__', 'helpers', 'shims', 'bin');

/**
 * Runs commands from a release's notes as a user pastes them into a shell, in `cwd`: `sh -e`,
 * with `gh` (release download, against GITHUB_API_URL) and `sigstore-action` (the built CLI) on
 * the PATH, and nothing else of the test's environment but `env`.
 */
export function runNotesScript(
  script: string,
  cwd: string,
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', ['-e', '-c', script], {
    cwd,
    env: {
      PATH: `${SHIM_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: cwd,
      NO_PROXY: '127.0.0.1',
      SIGSTORE_ACTION_NODE: node24(),
      ...env,
    },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
