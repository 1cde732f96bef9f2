// `npm run demo`: the whole story on one machine, no network. Starts the local Sigstore stack,
// signs sample files with the built action exactly as a runner would start it, verifies every
// bundle with sigstore-js's own verifier, and prints the job summary the step wrote.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { node24Binary } from './node24.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const started = Date.now();
const work = mkdtempSync(path.join(tmpdir(), 'sigstore-action-demo-'));
const step = (text) => console.log(`\n=== ${text}`);

step('Starting the local Sigstore stack (OIDC, Fulcio, Rekor, TSA, TUF)');
const envFile = path.join(work, 'stack.env');
// Under Node 24, as the action: the stack runs sigstore-js (@sigstore/mock's design, Azurite).
const stack = spawn(
  node24Binary(),
  ['--import', 'tsx', 'stack/main.ts', '--', '--env-file', envFile],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const stopStack = () => stack.kill('SIGTERM');
process.on('exit', stopStack);
const stackEnv = await waitForEnvFile(envFile, 15_000);
console.log(`stack at ${stackEnv.STACK_URL}`);

try {
  step('Building sample release files');
  const workspace = path.join(work, 'workspace');
  mkdirSync(path.join(workspace, 'dist'), { recursive: true });
  const samples = {
    'dist/hello-1.2.3.tar.gz': 'a tarball, pretend',
    'dist/hello-1.2.3-py3-none-any.whl': 'a wheel, pretend',
    'dist/hello linux amd64': 'a binary with spaces in its name',
  };
  for (const [name, content] of Object.entries(samples)) {
    writeFileSync(path.join(workspace, name), `${content}\n`);
    console.log(`  ${name}`);
  }

  step('Running the action: node24 dist/index.js, inputs "dist/*", trust from the stack\'s TUF');
  const jobDir = path.join(work, 'job');
  mkdirSync(jobDir);
  const summaryFile = path.join(jobDir, 'summary.md');
  writeFileSync(summaryFile, '');
  writeFileSync(path.join(jobDir, 'output'), '');
  const env = {
    PATH: process.env.PATH,
    HOME: jobDir,
    NO_PROXY: '127.0.0.1,localhost',
    ...stackEnv,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: path.join(jobDir, 'output'),
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: path.join(jobDir, 'temp'),
    INPUT_INPUTS: 'dist/*',
    'INPUT_TUF-MIRROR': stackEnv.STACK_TUF_URL,
    'INPUT_TUF-ROOT': stackEnv.STACK_TUF_ROOT,
    'INPUT_IDENTITY-TOKEN': '',
    INPUT_STAGING: 'false',
    'INPUT_SIGNING-CONFIG': '',
    'INPUT_TRUSTED-ROOT': '',
    INPUT_OVERWRITE: 'false',
    'INPUT_BUNDLE-DIRECTORY': '',
  };
  const code = await runAsRunner(node24Binary(), [path.join(root, 'dist', 'index.js')], {
    cwd: workspace,
    env,
  });
  if (code !== 0) throw new Error(`the action failed (exit ${code})`);

  step("Verifying every bundle with @sigstore/verify (independent of this project's code)");
  const trustedRoot = TrustedRoot.fromJSON(
    JSON.parse(readFileSync(stackEnv.STACK_TRUSTED_ROOT, 'utf8')),
  );
  const verifier = new Verifier(toTrustMaterial(trustedRoot));
  const identity = new RegExp(
    `^${stackEnv.STACK_IDENTITY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
  );
  for (const name of Object.keys(samples)) {
    const file = path.join(workspace, name);
    const bundle = bundleFromJSON(JSON.parse(readFileSync(`${file}.sigstore.json`, 'utf8')));
    const signer = verifier.verify(toSignedEntity(bundle, readFileSync(file)), {
      subjectAlternativeName: identity,
      extensions: { issuer: stackEnv.STACK_ISSUER },
    });
    console.log(`  OK  ${name}  signed by ${signer.identity?.subjectAlternativeName}`);
  }
  const tampered = Buffer.from('tampered\n');
  const bundle = bundleFromJSON(
    JSON.parse(readFileSync(path.join(workspace, 'dist/hello-1.2.3.tar.gz.sigstore.json'), 'utf8')),
  );
  try {
    verifier.verify(toSignedEntity(bundle, tampered), { subjectAlternativeName: identity });
    throw new Error('a tampered file verified');
  } catch (err) {
    if (err.message === 'a tampered file verified') throw err;
    console.log(`  REJECTED  a tampered copy of dist/hello-1.2.3.tar.gz (${err.message})`);
  }

  step(
    'Running the action in verify mode, as a release gate would (offline, with the trusted root)',
  );
  const verifyCode = await runAsRunner(node24Binary(), [path.join(root, 'dist', 'index.js')], {
    cwd: workspace,
    env: {
      ...env,
      INPUT_MODE: 'verify',
      'INPUT_TUF-MIRROR': '',
      'INPUT_TUF-ROOT': '',
      'INPUT_TRUSTED-ROOT': stackEnv.STACK_TRUSTED_ROOT,
      'INPUT_CERT-IDENTITY': stackEnv.STACK_IDENTITY,
      'INPUT_CERT-OIDC-ISSUER': stackEnv.STACK_ISSUER,
      'INPUT_GITHUB-REF': stackEnv.GITHUB_REF,
      'INPUT_RUNNER-ENVIRONMENT': 'github-hosted',
    },
  });
  if (verifyCode !== 0) throw new Error(`verify mode failed (exit ${verifyCode})`);

  step(
    'Attesting SLSA provenance (predicate-type: https://slsa.dev/provenance/v1), then verifying it',
  );
  const slsa = 'https://slsa.dev/provenance/v1';
  const attestCode = await runAsRunner(node24Binary(), [path.join(root, 'dist', 'index.js')], {
    cwd: workspace,
    env: { ...env, 'INPUT_PREDICATE-TYPE': slsa },
  });
  if (attestCode !== 0) throw new Error(`attesting failed (exit ${attestCode})`);
  const attestation = bundleFromJSON(
    JSON.parse(
      readFileSync(path.join(workspace, 'dist/hello-1.2.3.tar.gz.intoto.sigstore.json'), 'utf8'),
    ),
  );
  verifier.verify(toSignedEntity(attestation), {
    subjectAlternativeName: identity,
    extensions: { issuer: stackEnv.STACK_ISSUER },
  });
  const statement = JSON.parse(attestation.content.dsseEnvelope.payload.toString('utf8'));
  console.log(
    `  OK  dist/hello-1.2.3.tar.gz.intoto.sigstore.json (@sigstore/verify): subject ${statement.subject[0].name}, builder ${statement.predicate.runDetails.builder.id}`,
  );
  const gateCode = await runAsRunner(node24Binary(), [path.join(root, 'dist', 'index.js')], {
    cwd: workspace,
    env: {
      ...env,
      INPUT_MODE: 'verify',
      'INPUT_PREDICATE-TYPE': slsa,
      'INPUT_TUF-MIRROR': '',
      'INPUT_TUF-ROOT': '',
      'INPUT_TRUSTED-ROOT': stackEnv.STACK_TRUSTED_ROOT,
      'INPUT_CERT-IDENTITY': stackEnv.STACK_IDENTITY,
    },
  });
  if (gateCode !== 0) throw new Error(`verifying the attestations failed (exit ${gateCode})`);

  step('The job summary the four steps wrote');
  console.log(readFileSync(summaryFile, 'utf8'));
  const stats = await (await fetch(`${stackEnv.STACK_URL}/__stats`)).json();
  console.log(`Requests served by the stack: ${JSON.stringify(stats)}`);
  console.log(`\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  stopStack();
}

async function waitForEnvFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      return Object.fromEntries(
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
    }
    if (stack.exitCode !== null) throw new Error(`the stack exited with ${stack.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the stack did not start in time');
}

// Shows the step's log as a runner does: workflow commands are consumed (masks, debug lines
// hidden unless debugging is on), errors and warnings labelled.
function runAsRunner(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (data) => {
      const lines = (pending + data.toString()).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.startsWith('::debug::') || line.startsWith('::add-mask::')) continue;
        const command = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
        console.log(
          command
            ? `${command[1][0].toUpperCase()}${command[1].slice(1)}: ${command[2]}`
            : `  | ${line}`,
        );
      }
    });
    child.on('close', resolve);
  });
}
