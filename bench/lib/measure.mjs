// Measuring whole processes: wall time from spawn to exit, and peak resident memory (the
// kernel's VmHWM high-water mark, sampled while the process runs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Runs a command to completion. Returns wall ms, peak RSS bytes, exit code, and the ms until the
 * first line on stdout.
 */
export function measure(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let firstLineMs;
    child.stdout.on('data', (d) => {
      if (firstLineMs === undefined) firstLineMs = elapsed(started);
      stdout += d;
    });
    child.stderr.on('data', (d) => (stderr += d));
    let peakRss = 0;
    const sample = () => (peakRss = Math.max(peakRss, vmHWM(child.pid)));
    const sampler = setInterval(sample, 10);
    sample();
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const result = { wallMs: elapsed(started), peakRss, code, firstLineMs, stdout, stderr };
      if (code !== 0 && !options.allowFailure) {
        reject(
          new Error(
            `${command} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}\n${stdout.slice(-2000)}`,
          ),
        );
      } else resolve(result);
    });
  });
}

function elapsed(started) {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function vmHWM(pid) {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `reps` times (after `prepare` each time, not timed) and returns every result. */
export async function repeat(reps, prepare, fn) {
  const results = [];
  for (let i = 0; i < reps; i++) {
    const context = prepare ? await prepare(i) : undefined;
    results.push(await fn(context, i));
  }
  return results;
}
