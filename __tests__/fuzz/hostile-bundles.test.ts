/**
 * Hostile bundles. Every sigstore-conformance case that must verify is a seed; each fuzz case
 * mutates one seed (bit flips, truncation, type changes, huge numbers, deep nesting, removed,
 * duplicated and swapped fields, long strings, unicode, media types, ...; see mutate.ts) and
 * runs it through the code path of `sigstore-action verify-bundle`: the bundle file's text is
 * parsed by parseBundleText, then verifyArtifact checks it with a BundleVerifier built on the
 * case's own trusted root and identity policy.
 *
 * Every mutant must be REJECTED WITH A HANDLED ERROR: an ActionError with a code (not
 * INTERNAL) and a message that is one printable line. A mutant is ACCEPTED WRONGLY when it
 * verifies although it asserts something its seed does not, or carries evidence its seed does
 * not (signed-content.ts states the rule). Mutants that only re-spell or thin their seed (an
 * unknown extra field, base64url for base64, a dropped second timestamp) are HARMLESS: they
 * run too, may verify, but then with the seed's result, and are counted apart. A case that
 * throws anything else CRASHED; one that takes over HANG_MS HUNG (measured: verification is
 * synchronous, so a case that never ends would stall the test rather than be cut off). The
 * test prints one summary line and asserts zero of each, over CASES non-harmless mutants.
 *
 * Reproduce case I of seed S alone: FUZZ_SEED=S FUZZ_CASE=I node scripts/jest.mjs __tests__/fuzz
 * (FUZZ_CASES=N changes the count, FUZZ_SHOW=N how many failures are printed). Failing
 * mutants are also written to a temp directory.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { ActionError } from '../../src/errors.js';
import { parseTrustedRoot } from '../../src/sigstore/instance.js';
import {
  BundleVerifier,
  type SignerRequirement,
  type VerifiedBundle,
} from '../../src/verify/bundle-verifier.js';
import { buildPolicy } from '../../src/verify/policy.js';
import { parseBundleText, verifyArtifact, type Artifact } from '../../src/verify/verify-file.js';
import { REPO_ROOT, node24 } from '../helpers/action.js';
import {
  MUTATION_KINDS,
  mutantFor,
  type JsonObject,
  type Mutant,
  type SeedBundle,
} from './mutate.js';
import {
  project,
  sameOrThinner,
  trustedLogs,
  type Projection,
  type TrustedLog,
} from './signed-content.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_521);
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const ONLY = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
/** A case taking longer than this counts as a hang. */
const HANG_MS = 2_000;
/** Mutants also run through the bundled CLI, as child processes. */
const CLI_SAMPLE = 50;
const CLI_TIMEOUT_MS = 20_000;
/** A rejection message is one printable line of reasonable length. */
const MAX_MESSAGE_CHARS = 2_000;

const SUITE = ['../shared/conformance', '/work/shared/conformance']
  .map((p) => path.resolve(p))
  .find((p) => existsSync(path.join(p, 'bundle-verify')));
const DEFAULT_ID =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

/** A conformance case that must verify, with everything needed to verify its mutants. */
interface PassCase {
  readonly seed: SeedBundle;
  readonly dir: string;
  readonly rootPath: string;
  readonly keyPath?: string;
  readonly identity: string;
  readonly issuer: string;
  readonly artifactPath: string;
  readonly sha256: Buffer;
  readonly signer: SignerRequirement;
  readonly logs: readonly TrustedLog[];
  readonly projection: Projection;
}

function passCases(suite: string): PassCase[] {
  const base = path.join(suite, 'bundle-verify');
  return readdirSync(base)
    .filter((d) => !d.endsWith('fail') && existsSync(path.join(base, d, 'bundle.sigstore.json')))
    .sort()
    .map((name) => {
      const dir = path.join(base, name);
      const read = (f: string): string | undefined =>
        existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8').trim() : undefined;
      const rootPath = existsSync(path.join(dir, 'trusted_root.json'))
        ? path.join(dir, 'trusted_root.json')
        : path.join(suite, 'trusted-roots', 'production.trusted_root.json');
      const keyPath = existsSync(path.join(dir, 'key.pub')) ? path.join(dir, 'key.pub') : undefined;
      const identity = read('identity') ?? DEFAULT_ID;
      const issuer = read('issuer') ?? DEFAULT_ISSUER;
      const artifactPath = existsSync(path.join(dir, 'artifact'))
        ? path.join(dir, 'artifact')
        : path.join(base, 'a.txt');
      const text = readFileSync(path.join(dir, 'bundle.sigstore.json'), 'utf8');
      const logs = trustedLogs(JSON.parse(readFileSync(rootPath, 'utf8')));
      return {
        seed: { name, text, json: JSON.parse(text) as JsonObject },
        dir,
        rootPath,
        keyPath,
        identity,
        issuer,
        artifactPath,
        sha256: createHash('sha256').update(readFileSync(artifactPath)).digest(),
        signer: keyPath
          ? { kind: 'key' }
          : {
              kind: 'identity',
              policy: buildPolicy(
                // verify-bundle's policy: the identity and the issuer, nothing else.
                {
                  certIdentity: identity,
                  certOidcIssuer: issuer,
                  claims: {},
                  pinSourceRepository: false,
                },
                (i) => i,
              ),
            },
        logs,
        projection: project(text, logs)!,
      };
    });
}

const roots = new Map<string, TrustedRoot>();

/** A verifier with nothing cached, as the CLI builds for each run (the root is parsed once). */
function newVerifier(c: PassCase): BundleVerifier {
  let root = roots.get(c.rootPath);
  if (!root) {
    root = parseTrustedRoot(JSON.parse(readFileSync(c.rootPath, 'utf8')), c.rootPath);
    roots.set(c.rootPath, root);
  }
  return new BundleVerifier(root, c.keyPath ? readFileSync(c.keyPath, 'utf8') : undefined);
}

type Outcome =
  | { kind: 'accepted'; verified: VerifiedBundle }
  | { kind: 'rejected'; code: string; message: string; cause?: string }
  | { kind: 'crashed'; error: string };

/** The CLI's path, in process: the file's text, parseBundleText, verifyArtifact. */
async function verifyInProcess(
  verifier: BundleVerifier,
  c: PassCase,
  text: string,
  artifact: Artifact,
): Promise<Outcome> {
  try {
    const json = parseBundleText(text, 'bundle.sigstore.json');
    return { kind: 'accepted', verified: await verifyArtifact(verifier, artifact, json, c.signer) };
  } catch (err) {
    if (err instanceof ActionError && err.code && err.code !== 'INTERNAL') {
      // What our catch-all caught inside @sigstore/verify, when it was not one of its own errors.
      const cause = err.cause instanceof Error ? err.cause.constructor.name : undefined;
      return { kind: 'rejected', code: err.code, message: err.message, cause };
    }
    const e = err as Error;
    const where = e?.stack?.split('\n').slice(1, 4).join(' <- ').trim() ?? '';
    return {
      kind: 'crashed',
      error: `${e?.constructor?.name ?? typeof err}: ${e?.message ?? String(err)} ${where}`,
    };
  }
}

/** One printable line: no control characters, no line or paragraph separators. */
function unreadable(message: string): string | undefined {
  if (message.length > MAX_MESSAGE_CHARS) return `${message.length} characters long`;
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.exec(message);
  return bad ? `contains U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}` : undefined;
}

interface Failure {
  readonly index: number;
  readonly mutant: Mutant & { seedName: string };
  readonly problem: string;
}

interface Tally {
  cases: number;
  rejected: number;
  accepted: number;
  crashed: number;
  hung: number;
  /** Harmless mutants (re-spelled or thinned, see signed-content.ts): run, not counted. */
  harmless: number;
  harmlessAccepted: number;
  ms: number;
}

const tally = (): Tally => ({
  cases: 0,
  rejected: 0,
  accepted: 0,
  crashed: 0,
  hung: 0,
  harmless: 0,
  harmlessAccepted: 0,
  ms: 0,
});

/** A harmless mutant may verify with less (no log index) but never with something else. */
function sameResult(got: VerifiedBundle, want: VerifiedBundle | undefined): boolean {
  return (
    want !== undefined &&
    JSON.stringify(got.claims) === JSON.stringify(want.claims) &&
    (got.logIndex === undefined || got.logIndex === want.logIndex)
  );
}

(SUITE ? describe : describe.skip)('hostile bundles (mutated conformance cases)', () => {
  const cases = SUITE ? passCases(SUITE) : [];
  const byName = new Map(cases.map((c) => [c.seed.name, c]));
  const seeds = cases.map((c) => c.seed);
  const shared = new Map<string, BundleVerifier>();
  const verifierFor = (c: PassCase): BundleVerifier => {
    const key = `${c.rootPath}|${c.keyPath ?? ''}`;
    if (!shared.has(key)) shared.set(key, newVerifier(c));
    return shared.get(key)!;
  };
  const artifactFor = (c: PassCase, byDigest: boolean): Artifact =>
    byDigest
      ? { kind: 'digest', sha256: c.sha256, displayPath: `sha256:${c.sha256.toString('hex')}` }
      : { kind: 'file', path: c.artifactPath, displayPath: path.basename(c.artifactPath) };
  /** Each seed's outcome, unmodified, by file and by digest. */
  const seedOutcomes = new Map<string, Outcome[]>();
  const expected = (name: string): VerifiedBundle | undefined => {
    const first = seedOutcomes.get(name)?.[0];
    return first?.kind === 'accepted' ? first.verified : undefined;
  };
  /** Hostile mutants (index, mutant) kept for the CLI sample, a few of each kind. */
  const forCli: { index: number; mutant: Mutant & { seedName: string } }[] = [];

  // Jest raises Error.stackTraceLimit to 100 for each test; the CLI runs with Node's 10.
  // @sigstore/core's ASN.1 parser throws and catches errors while it decodes a certificate,
  // and capturing 100 frames each time makes a decode three times slower than in the CLI.
  beforeEach(() => {
    Error.stackTraceLimit = 10;
  });

  beforeAll(async () => {
    for (const c of cases) {
      const outcomes: Outcome[] = [];
      for (const byDigest of [false, true]) {
        outcomes.push(
          await verifyInProcess(newVerifier(c), c, c.seed.text, artifactFor(c, byDigest)),
        );
      }
      seedOutcomes.set(c.seed.name, outcomes);
    }
  });

  it('every seed verifies unmodified, by file and by digest', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const kinds = cases.map((c) => [
      c.seed.name,
      seedOutcomes.get(c.seed.name)!.map((o) => o.kind),
    ]);
    expect(kinds).toEqual(cases.map((c) => [c.seed.name, ['accepted', 'accepted']]));
  });

  it(`rejects ${CASES} hostile mutants with a handled error: none accepted, crashed or hung`, async () => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const total = tally();
    const perKind = new Map(MUTATION_KINDS.map((k) => [k, tally()]));
    const perCode = new Map<string, number>();
    const perCause = new Map<string, number>();
    const failures: Failure[] = [];
    let slowest = { ms: 0, index: -1 };
    let generated = 0;
    /** Time spent making mutants and telling the harmless ones apart. */
    let making = 0;
    for (let index = ONLY ?? 0; ; index++) {
      if (ONLY !== undefined ? index > ONLY : total.cases >= CASES) break;
      generated++;
      const made = performance.now();
      const mutant = mutantFor(SEED, index, seeds);
      const c = byName.get(mutant.seedName)!;
      const kind = perKind.get(mutant.kind)!;
      // The file's text, as readBundle reads it (invalid UTF-8 becomes U+FFFD).
      const text = mutant.bytes.toString('utf8');
      const harmless = sameOrThinner(c.projection, project(text, c.logs));
      making += performance.now() - made;
      // Mostly the verifier the action shares between files; every 25th case a fresh one, as
      // the CLI builds per run. One case in four gives the file itself (read and checked with
      // OpenSSL), the others its digest (checked from the digest; and cheaper to run).
      const verifier = index % 25 === 0 ? newVerifier(c) : verifierFor(c);
      const t0 = performance.now();
      const byDigest = index % 4 !== 1;
      const outcome = await verifyInProcess(verifier, c, text, artifactFor(c, byDigest));
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, index };
      const count = (
        field: 'rejected' | 'accepted' | 'crashed' | 'hung' | 'harmlessAccepted',
      ): void => {
        total[field]++;
        kind[field]++;
      };
      const fail = (problem: string): void => {
        failures.push({ index, mutant, problem });
      };
      for (const t of [total, kind]) {
        if (harmless) t.harmless++;
        else t.cases++;
        t.ms += ms;
      }
      if (ms > HANG_MS) {
        count('hung');
        fail(`hung: ${Math.round(ms)} ms (${outcome.kind})`);
      }
      if (outcome.kind === 'crashed') {
        count('crashed');
        fail(`crashed: ${outcome.error}`);
      } else if (outcome.kind === 'accepted') {
        if (!harmless) {
          count('accepted');
          fail(`accepted wrongly: ${JSON.stringify(outcome.verified)}`);
        } else if (!sameResult(outcome.verified, expected(c.seed.name))) {
          count('accepted');
          fail(`harmless mutant accepted with another result: ${JSON.stringify(outcome.verified)}`);
        } else {
          count('harmlessAccepted');
        }
      } else {
        const why = unreadable(outcome.message);
        if (why) {
          count('crashed');
          fail(
            `rejection message is not one printable line (${why}): ${JSON.stringify(outcome.message.slice(0, 200))}`,
          );
        } else if (!harmless) {
          count('rejected');
          perCode.set(outcome.code, (perCode.get(outcome.code) ?? 0) + 1);
          if (outcome.cause) perCause.set(outcome.cause, (perCause.get(outcome.cause) ?? 0) + 1);
          if (forCli.filter((x) => x.mutant.kind === mutant.kind).length < 3)
            forCli.push({ index, mutant });
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    for (const [name, t] of perKind) {
      console.log(
        `fuzz kind ${name.padEnd(18)} ${String(t.cases).padStart(5)} cases: ${t.rejected} rejected, ` +
          `${t.accepted} accepted, ${t.crashed} crashed, ${t.hung} hung; ${t.harmless} harmless ` +
          `(${t.harmlessAccepted} accepted); ${(t.ms / 1000).toFixed(1)} s verifying`,
      );
    }
    const list = (m: Map<string, number>): string =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    console.log(`fuzz rejections by code: ${list(perCode)}`);
    console.log(
      `fuzz rejections by cause class (errors of @sigstore/* wrapped by our code): ${list(perCause)}`,
    );
    console.log(
      `fuzz: ${generated} mutants in ${seconds.toFixed(1)} s, ${cpuSeconds.toFixed(1)} s of CPU ` +
        `(${(total.ms / 1000).toFixed(1)} s verifying, ${(making / 1000).toFixed(1)} s making ` +
        `and classifying mutants); ` +
        `slowest case ${Math.round(slowest.ms)} ms (#${slowest.index}); ${total.harmless} harmless mutants ` +
        `(re-spelled or thinned, not counted below): ${total.harmlessAccepted} accepted with the seed's result, the rest rejected`,
    );
    if (failures.length > 0) {
      const dir = mkdtempSync(path.join(tmpdir(), `hostile-bundles-${SEED}-`));
      for (const f of failures.slice(0, Number(process.env.FUZZ_SHOW ?? 50))) {
        writeFileSync(path.join(dir, `case-${f.index}.sigstore.json`), f.mutant.bytes);
        console.log(
          `FAILURE seed ${SEED} case ${f.index} [${f.mutant.kind}] ${f.mutant.seedName}: ${f.mutant.detail.slice(0, 300)}\n  ${f.problem.slice(0, 600)}`,
        );
      }
      console.log(`fuzz: ${failures.length} failures; mutants written to ${dir}`);
    }
    console.log(
      `fuzz: ${total.cases} cases, ${total.rejected} rejected (ActionError), ${total.accepted} accepted, ` +
        `${total.crashed} crashed, ${total.hung} hung, seed ${SEED}`,
    );
    expect(
      failures.map((f) => `case ${f.index} [${f.mutant.kind}]: ${f.problem.slice(0, 200)}`),
    ).toEqual([]);
    expect({ accepted: total.accepted, crashed: total.crashed, hung: total.hung }).toEqual({
      accepted: 0,
      crashed: 0,
      hung: 0,
    });
    if (ONLY === undefined) expect(total.rejected).toBeGreaterThanOrEqual(CASES);
  });

  it(`the bundled CLI rejects a sample of ${CLI_SAMPLE} with exit 1 and a one-line error`, async () => {
    if (ONLY !== undefined) return;
    const cli = path.join(REPO_ROOT, 'dist', 'cli', 'index.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'hostile-cli-'));
    const cache = path.join(dir, 'compile-cache');
    // Round-robin over mutation kinds, so the sample covers each of them.
    const sample: typeof forCli = [];
    for (let round = 0; sample.length < CLI_SAMPLE && round < 3; round++) {
      for (const kind of MUTATION_KINDS) {
        const pick = forCli.filter((x) => x.mutant.kind === kind)[round];
        if (pick && sample.length < CLI_SAMPLE) sample.push(pick);
      }
    }
    expect(sample.length).toBe(CLI_SAMPLE);
    const problems: string[] = [];
    const started = performance.now();
    const run = async ({ index, mutant }: (typeof sample)[number]): Promise<void> => {
      const c = byName.get(mutant.seedName)!;
      const bundlePath = path.join(dir, `case-${index}.sigstore.json`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(bundlePath, mutant.bytes);
      const args = [
        cli,
        'verify-bundle',
        '--bundle',
        bundlePath,
        ...(c.keyPath
          ? ['--key', c.keyPath]
          : ['--certificate-identity', c.identity, '--certificate-oidc-issuer', c.issuer]),
        '--trusted-root',
        c.rootPath,
        index % 4 !== 1 ? `sha256:${c.sha256.toString('hex')}` : c.artifactPath,
      ];
      // Node's compile cache spares each process compiling the 3 MB bundle again.
      const env = { PATH: process.env.PATH ?? '', HOME: dir, NODE_COMPILE_CACHE: cache };
      const child = spawn(node24(), args, { cwd: dir, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      const lines = stderr.split('\n').filter((l) => l !== '');
      const id = `seed ${SEED} case ${index} [${mutant.kind}] ${mutant.seedName}`;
      if (code !== 1) problems.push(`${id}: exit ${code}\n${stderr.slice(0, 500)}`);
      else if (lines.length !== 1 || !/^error: .+ \[[A-Z_]+\]$/.test(lines[0]))
        problems.push(`${id}: stderr is not one error line:\n${stderr.slice(0, 800)}`);
      else if (/\n\s+at /.test(stderr) || /\[INTERNAL\]$/.test(lines[0]))
        problems.push(`${id}: internal error: ${lines[0]}`);
      else if (stdout.trim() !== '')
        problems.push(`${id}: printed on stdout: ${stdout.slice(0, 200)}`);
    };
    // Two at a time: this machine has two cores.
    const queue = [...sample];
    await Promise.all(
      [0, 1].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await run(next);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz cli: ${sample.length} mutants through dist/cli/index.js in ${seconds.toFixed(1)} s: ` +
        `${sample.length - problems.length} exit 1 with one error line, ${problems.length} not, seed ${SEED}`,
    );
    expect(problems).toEqual([]);
  });
});
