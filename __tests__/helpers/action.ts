/**
 * Runs the BUILT action (dist/index.js) as a child process under Node 24, with the environment a
 * GitHub runner gives a step: INPUT_* (action.yml defaults applied, as the runner does),
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_WORKSPACE as the working directory.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYAML } from 'yaml';
import { runnerLimitViolations } from './runner-limits.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export function node24(): string {
  const node = process.env.SIGSTORE_ACTION_NODE;
  if (!node)
    throw new Error('run the tests with `npm test` (scripts/jest.mjs sets SIGSTORE_ACTION_NODE)');
  return node;
}

interface ActionYAML {
  inputs: Record<string, { default?: string; required?: boolean }>;
}

export function actionDefaults(): Record<string, string> {
  const action = parseYAML(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYAML;
  return Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, spec]) => spec.default !== undefined)
      .map(([name, spec]) => [name, String(spec.default)]),
  );
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Every byte the step printed or wrote (for secret scans). */
  everything: string;
  durationMs: number;
  /** Peak resident memory of the process (VmHWM), sampled while it ran. */
  peakRssBytes: number;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  /** The runner environment (e.g. a stack's env); INPUT_* are added on top. */
  env: Record<string, string>;
  workspace: string;
  timeoutMs?: number;
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const jobDir = mkdtempSync(path.join(tmpdir(), 'runner-'));
  const outputFile = path.join(jobDir, 'output');
  const summaryFile = path.join(jobDir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  // The runner evaluates expressions in defaults; the only one action.yml uses is github.token.
  const defaults = Object.fromEntries(
    Object.entries(actionDefaults()).map(([name, value]) => [
      name,
      value.replace(/\$\{\{\s*github\.token\s*\}\}/, options.env.STACK_GITHUB_TOKEN ?? ''),
    ]),
  );
  const inputs = { ...defaults, ...options.inputs };
  const runnerTemp = path.join(jobDir, 'temp');
  mkdirSync(runnerTemp);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: jobDir,
    NO_PROXY: '127.0.0.1,localhost',
    GITHUB_ACTION: 'sign',
    ...options.env,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
  };
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const started = Date.now();
  const child = spawn(node24(), [path.join(REPO_ROOT, 'dist', 'index.js')], {
    cwd: options.workspace,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  let peakRssBytes = 0;
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, readPeakRss(child.pid));
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  clearInterval(sampler);
  const outputText = readFileSync(outputFile, 'utf8');
  const summaryBytes = readFileSync(summaryFile);
  const summary = summaryBytes.toString('utf8');
  const outputs = parseOutputFile(outputText);
  // What GitHub would refuse fails the test, whatever it asserts (see runner-limits.ts).
  const refused = runnerLimitViolations(summaryBytes.length, outputs);
  if (refused.length > 0) {
    throw new Error(
      `the step wrote what GitHub refuses (exit code ${String(code)}):\n${refused.join('\n')}`,
    );
  }
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary,
    everything: stdout + stderr + outputText + summary,
    durationMs: Date.now() - started,
    peakRssBytes,
  };
}

/** VmHWM (the kernel's high-water mark of resident memory) of a live process, 0 if gone. */
function readPeakRss(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER ... DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      outputs[name] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}
