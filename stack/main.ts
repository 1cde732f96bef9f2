// CLI for the local Sigstore stack:
//   npm run stack -- --env-file PATH [--port N] [--latency-ms N] [--cert-validity-seconds N]
//                    [--faults SPEC [--seed N]] [--host-name NAME]
// Starts the stack (with its Azurite child process), writes PATH atomically as KEY=VALUE lines
// (runner variables, GITHUB_API_URL / ACTIONS_RESULTS_URL / ACTIONS_RUNTIME_TOKEN pointing at the
// stack, STACK_*), prints one ready line, and runs until SIGTERM/SIGINT, stopping Azurite too.
// `--faults` injects failures into services (stack/faults.ts); a bad spec exits with code 2.
// `--host-name` announces the stack's URLs under NAME instead of 127.0.0.1 (it still listens on
// 127.0.0.1 only, and the ready line gives that address): for tests through a proxy.
// Node treats `--env-file` anywhere on its command line as its own option and refuses to start if
// the file is missing: create PATH first, or put `--` before the options
// (`npm run stack -- -- --env-file PATH`).
import { rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startAzurite } from './azurite.js';
import { parseFaultSpec, parseSeed } from './faults.js';
import type { StackOptions } from './server.js';

const USAGE =
  'usage: npm run stack -- --env-file PATH [--port N] [--latency-ms N] [--cert-validity-seconds N]' +
  ' [--faults SPEC [--seed N]] [--host-name NAME]';

function nonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function parseCli(argv: string[]): { envFile: string; options: StackOptions } {
  const { values } = parseArgs({
    // A bare `--` is allowed and ignored: Node itself (20 and 24) scans the WHOLE command line for
    // `--env-file` and exits with "not found" unless that file already exists, but stops at `--`.
    // So `npm run stack -- -- --env-file PATH` works even when PATH does not exist yet.
    args: argv.filter((arg) => arg !== '--'),
    options: {
      'env-file': { type: 'string' },
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      'cert-validity-seconds': { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      'host-name': { type: 'string' },
    },
    strict: true,
  });
  const envFile = values['env-file'];
  if (!envFile) throw new Error('--env-file is required');
  const certValiditySeconds = nonNegativeInteger(
    'cert-validity-seconds',
    values['cert-validity-seconds'],
  );
  if (certValiditySeconds === 0) throw new Error('--cert-validity-seconds must be at least 1');
  if (values.faults !== undefined) parseFaultSpec(values.faults); // throws, naming the bad entry
  const seed = values.seed === undefined ? undefined : parseSeed(values.seed);
  const hostName = values['host-name'];
  if (hostName !== undefined && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(hostName)) {
    throw new Error(`--host-name must be a host name, got "${hostName}"`);
  }
  return {
    envFile,
    options: {
      port: nonNegativeInteger('port', values.port),
      latencyMs: nonNegativeInteger('latency-ms', values['latency-ms']),
      certValiditySeconds,
      faults: values.faults,
      seed,
      hostName,
    },
  };
}

/** Temp file + rename, so a reader never sees half a file. */
async function writeEnvFile(file: string, env: Record<string, string>): Promise<void> {
  const text = Object.entries(env)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

async function main(): Promise<void> {
  let cli;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  // Azurite is the slowest part to start: spawn it before loading the rest of the stack.
  const azurite = startAzurite();
  azurite.catch(() => undefined); // startStack awaits it
  const { startStack } = await import('./server.js');
  const stack = await startStack({ ...cli.options, azurite });
  const shutdown = (): void => {
    stack.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('sigstore stack: error while closing:', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await writeEnvFile(cli.envFile, stack.env);
  const faults = stack.faults();
  if (faults.spec !== '')
    console.log(`sigstore stack faults: ${faults.spec} (seed ${faults.seed})`);
  console.log(`sigstore stack ready at ${stack.listenUrl}`);
}

main().catch((err: unknown) => {
  console.error('sigstore stack failed to start:', err);
  process.exit(1);
});
