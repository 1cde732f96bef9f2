/**
 * In-toto attestations, end to end: the built action attests files against the local stack
 * (Rekor v1 and v2), sigstore-js checks the DSSE bundles independently, verify mode and the
 * sigstore-conformance entrypoint accept them, and wrong predicate types fail clearly. Then the
 * release path: attestations attached beside signatures, notes with commands that verify, and
 * a consumer's release gate with predicate-type.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity } from '@sigstore/verify';
import { REPO_ROOT, node24, runAction, type ActionRun } from '../helpers/action.js';
import {
  createRelease,
  getRelease,
  listAssets,
  openapiViolations,
  updateRelease,
  uploadAsset,
} from '../helpers/github.js';
import { notesStep, notesSteps } from '../helpers/notes.js';
import { runCli, runNotesScript, type ProcessRun } from '../helpers/process.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { verifierFor } from '../helpers/verify.js';
import { allFiles, bundleFiles, withoutMaskCommands, workspace } from '../helpers/workspace.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const SLSA = 'https://slsa.dev/provenance/v1';
const CUSTOM = 'https://example.com/attestation/test-result/v1';

let stack: StackProcess;

beforeAll(async () => {
  stack = await spawnStack();
});

afterAll(async () => {
  if (stack) {
    const violations = await openapiViolations(stack);
    await stack.stop();
    expect(violations).toEqual([]);
  }
});

function attest(
  ws: string,
  inputs: Record<string, string>,
  signingConfig = stack.env.STACK_SIGNING_CONFIG,
): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      'signing-config': signingConfig,
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      ...inputs,
    },
  });
}

function verifyMode(ws: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      mode: 'verify',
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      'cert-identity': stack.env.STACK_IDENTITY,
      ...inputs,
    },
  });
}

interface Statement {
  _type: string;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: Record<string, unknown>;
}

/**
 * Checks a DSSE bundle with sigstore-js alone (signature, certificate, log, timestamps and
 * identity) and returns its statement, whose subject the caller compares with the file.
 */
function independentlyVerified(bundlePath: string): Statement {
  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  expect(bundle.content.$case).toBe('dsseEnvelope');
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not DSSE');
  expect(bundle.content.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json');
  const escaped = stack.env.STACK_IDENTITY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  verifierFor(stack.env.STACK_TRUSTED_ROOT).verify(toSignedEntity(bundle), {
    subjectAlternativeName: new RegExp(`^${escaped}$`),
    extensions: { issuer: ISSUER },
  });
  return JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8')) as Statement;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The sigstore-conformance `verify-bundle` protocol, as run-verify.sh calls it. */
function conformanceVerify(
  bundle: string,
  artifact: string,
): { status: number | null; output: string } {
  const result = spawnSync(
    node24(),
    [
      path.join(REPO_ROOT, 'dist', 'cli', 'index.js'),
      'verify-bundle',
      '--bundle',
      bundle,
      '--certificate-identity',
      stack.env.STACK_IDENTITY,
      '--certificate-oidc-issuer',
      ISSUER,
      '--trusted-root',
      stack.env.STACK_TRUSTED_ROOT,
      artifact,
    ],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('attest: SLSA provenance made from the workflow', () => {
  let ws: string;
  let run: ActionRun;
  const files = { 'dist/app-1.0.tar.gz': 'app\n', 'dist/app-1.0.whl': 'wheel\n' };

  beforeAll(async () => {
    ws = workspace(files);
    run = await attest(ws, { inputs: 'dist/*', 'predicate-type': SLSA });
  });

  it('writes one <file>.intoto.sigstore.json per file, and no plain bundle', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(bundleFiles(ws)).toEqual([
      'dist/app-1.0.tar.gz.intoto.sigstore.json',
      'dist/app-1.0.whl.intoto.sigstore.json',
    ]);
    expect(JSON.parse(run.outputs.bundles)).toEqual([
      'dist/app-1.0.tar.gz.intoto.sigstore.json',
      'dist/app-1.0.whl.intoto.sigstore.json',
    ]);
    expect(run.stdout).toContain(
      "SLSA build provenance from the certificate's workflow claims: builder https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3",
    );
    expect(run.summary).toContain('## Sigstore attestations');
    expect(run.summary).toContain(`--predicate-type ${SLSA}`);
    expect(run.summary).toContain('cosign verify-blob-attestation');
  });

  it('each verifies with sigstore-js; the file is its only subject; the provenance is the run', () => {
    for (const name of Object.keys(files)) {
      const statement = independentlyVerified(path.join(ws, `${name}.intoto.sigstore.json`));
      expect(statement._type).toBe('https://in-toto.io/Statement/v1');
      expect(statement.subject).toEqual([
        { name: path.basename(name), digest: { sha256: sha256(path.join(ws, name)) } },
      ]);
      expect(statement.predicateType).toBe(SLSA);
      // The stack's run: a tag push of octo-org/octo-repo's release workflow (stack/github.ts).
      expect(statement.predicate).toEqual({
        buildDefinition: {
          buildType: 'https://actions.github.io/buildtypes/workflow/v1',
          externalParameters: {
            workflow: {
              ref: 'refs/tags/v1.2.3',
              repository: 'https://github.com/octo-org/octo-repo',
              path: '.github/workflows/release.yml',
            },
          },
          internalParameters: {
            github: {
              event_name: 'push',
              repository_id: '812345678',
              repository_owner_id: '91234567',
              runner_environment: 'github-hosted',
            },
          },
          resolvedDependencies: [
            {
              uri: 'git+https://github.com/octo-org/octo-repo@refs/tags/v1.2.3',
              digest: { gitCommit: '5f3c1b2a9d8e7f60415263748596a7b8c9d0e1f2' },
            },
          ],
        },
        runDetails: {
          builder: {
            id: 'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3',
          },
          metadata: {
            invocationId:
              'https://github.com/octo-org/octo-repo/actions/runs/9876543210/attempts/1',
          },
        },
      });
    }
  });

  it('verify mode with predicate-type passes', async () => {
    const ok = await verifyMode(ws, { inputs: 'dist/*', 'predicate-type': SLSA });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.outputs.verified)).toEqual(Object.keys(files));
    expect(ok.summary).toContain(`an in-toto attestation of type \`${SLSA}\``);
  });

  it('a wrong predicate-type fails, naming both types', async () => {
    const bad = await verifyMode(ws, { inputs: 'dist/*', 'predicate-type': CUSTOM });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('[PREDICATE_MISMATCH]');
    expect(bad.stdout).toContain(
      `FAILED  dist/app-1.0.tar.gz: the attestation's predicate type is "${SLSA}", expected "${CUSTOM}": it is another kind of statement about the file`,
    );
    expect(JSON.parse(bad.outputs.verified)).toEqual([]);
  });

  it('without predicate-type, verify mode looks for signatures and points at the attestation', async () => {
    const run = await verifyMode(ws, { inputs: 'dist/app-1.0.tar.gz' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'no signature bundle: looked for dist/app-1.0.tar.gz.sigstore.json and dist/app-1.0.tar.gz.sigstore; there is an attestation, dist/app-1.0.tar.gz.intoto.sigstore.json: set predicate-type to verify it [BUNDLE_NOT_FOUND]',
    );
  });

  it('a changed file is no longer a subject', async () => {
    const copy = workspace(files);
    for (const name of Object.keys(files)) {
      copyFileSync(
        path.join(ws, `${name}.intoto.sigstore.json`),
        path.join(copy, `${name}.intoto.sigstore.json`),
      );
    }
    writeFileSync(path.join(copy, 'dist/app-1.0.whl'), 'wheel, changed\n');
    const bad = await verifyMode(copy, { inputs: 'dist/*', 'predicate-type': SLSA });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'dist/app-1.0.whl: the bundle is for a different file: the file is not a subject of its in-toto statement (subjects: app-1.0.whl) [BUNDLE_MISMATCH]',
    );
    expect(JSON.parse(bad.outputs.verified)).toEqual(['dist/app-1.0.tar.gz']);
  });

  it('the sigstore-conformance entrypoint verifies it, and rejects another file', () => {
    const artifact = path.join(ws, 'dist/app-1.0.tar.gz');
    const good = conformanceVerify(`${artifact}.intoto.sigstore.json`, artifact);
    expect(good.output).toContain('Verified');
    expect(good.status).toBe(0);
    const other = conformanceVerify(
      `${artifact}.intoto.sigstore.json`,
      path.join(ws, 'dist/app-1.0.whl'),
    );
    expect(other.status).not.toBe(0);
    expect(other.output).toContain('not a subject of its in-toto statement');
  });
});

describe('attest: a predicate of your own', () => {
  it('from predicate-path, logged in Rekor v2: verifies, and the statement carries the file', async () => {
    const predicate = { result: 'pass', suite: 'unit', passed: 412, failed: 0 };
    const ws = workspace({
      'out/report.bin': 'binary\n',
      'predicate.json': JSON.stringify(predicate),
    });
    const run = await attest(
      ws,
      { inputs: 'out/report.bin', 'predicate-type': CUSTOM, 'predicate-path': 'predicate.json' },
      stack.env.STACK_SIGNING_CONFIG_REKOR_V2,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const bundlePath = path.join(ws, 'out/report.bin.intoto.sigstore.json');
    const statement = independentlyVerified(bundlePath);
    expect(statement.predicateType).toBe(CUSTOM);
    expect(statement.predicate).toEqual(predicate);
    const json = JSON.parse(readFileSync(bundlePath, 'utf8')) as {
      verificationMaterial: { tlogEntries: { kindVersion: { kind: string; version: string } }[] };
    };
    // Rekor v2 takes only hashedrekord (rekor-tiles v2.3.0): the envelope's signed bytes.
    expect(json.verificationMaterial.tlogEntries[0].kindVersion).toEqual({
      kind: 'hashedrekord',
      version: '0.0.2',
    });
    const ok = await verifyMode(ws, { inputs: 'out/report.bin', 'predicate-type': CUSTOM });
    expect(ok.code).toBe(0);
  });

  it('SLSA provenance logged in Rekor v2 as hashedrekord: verifies here, with sigstore-js and the conformance CLI', async () => {
    const ws = workspace({ 'dist/tool.tar.gz': 'tool\n' });
    const before = await stack.stats();
    const run = await attest(
      ws,
      { inputs: 'dist/tool.tar.gz', 'predicate-type': SLSA },
      stack.env.STACK_SIGNING_CONFIG_REKOR_V2,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await stack.stats();
    expect(after.rekorV2 - before.rekorV2).toBe(1);
    expect(after.rekor - before.rekor).toBe(0);
    const bundlePath = path.join(ws, 'dist/tool.tar.gz.intoto.sigstore.json');
    expect(independentlyVerified(bundlePath).predicateType).toBe(SLSA);
    const json = JSON.parse(readFileSync(bundlePath, 'utf8')) as {
      verificationMaterial: { tlogEntries: { kindVersion: object; canonicalizedBody: string }[] };
    };
    const [entry] = json.verificationMaterial.tlogEntries;
    expect(entry.kindVersion).toEqual({ kind: 'hashedrekord', version: '0.0.2' });
    expect(Buffer.from(entry.canonicalizedBody, 'base64').toString()).not.toMatch(/dsse/i);
    const ok = await verifyMode(ws, { inputs: 'dist/tool.tar.gz', 'predicate-type': SLSA });
    expect(ok.code).toBe(0);
    // toEqual on both: a failure shows the CLI's own words.
    const conformance = conformanceVerify(bundlePath, path.join(ws, 'dist/tool.tar.gz'));
    expect(conformance).toEqual({ status: 0, output: conformance.output });
  });

  it("staging's signing config shape (Rekor v2 newest, Rekor v1, TSA): attests through Rekor v2", async () => {
    const ws = workspace({ 'dist/lib.whl': 'wheel\n' });
    const before = await stack.stats();
    const run = await attest(
      ws,
      { inputs: 'dist/lib.whl', 'predicate-type': CUSTOM, predicate: '{"ok": true}' },
      stack.env.STACK_SIGNING_CONFIG_STAGING,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await stack.stats();
    expect(after.rekorV2 - before.rekorV2).toBe(1);
    expect(after.rekor - before.rekor).toBe(0);
    expect(after.tsa - before.tsa).toBe(1);
    const bundlePath = path.join(ws, 'dist/lib.whl.intoto.sigstore.json');
    expect(independentlyVerified(bundlePath).predicate).toEqual({ ok: true });
  });

  it('inline, into bundle-directory; verify finds it there', async () => {
    const ws = workspace({ 'a/app': 'a\n', 'b/app': 'b\n' });
    const run = await attest(ws, {
      inputs: '*/app',
      'predicate-type': CUSTOM,
      predicate: '{"reviewed": true}',
      'bundle-directory': 'attestations',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(bundleFiles(ws)).toEqual([
      'attestations/a_app.intoto.sigstore.json',
      'attestations/b_app.intoto.sigstore.json',
    ]);
    const ok = await verifyMode(ws, {
      inputs: '*/app',
      'predicate-type': CUSTOM,
      'bundle-directory': 'attestations',
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('a plain signature where an attestation is required fails with PREDICATE_MISMATCH', async () => {
    const ws = workspace({ 'app.tar.gz': 'app\n' });
    expect((await attest(ws, { inputs: 'app.tar.gz' })).code).toBe(0);
    const run = await verifyMode(ws, {
      inputs: 'app.tar.gz',
      bundle: 'app.tar.gz.sigstore.json',
      'predicate-type': SLSA,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `app.tar.gz: the bundle is a plain signature, not an in-toto attestation of type "${SLSA}"`,
    );
    expect(run.stdout).toContain('[PREDICATE_MISMATCH]');
    // Without `bundle`, the attestation is looked for, and the signature pointed at.
    const found = await verifyMode(ws, { inputs: 'app.tar.gz', 'predicate-type': SLSA });
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(
      'app.tar.gz: no attestation: looked for app.tar.gz.intoto.sigstore.json; there is a signature, app.tar.gz.sigstore.json: leave predicate-type out to verify it',
    );
  });

  it('a second predicate type for the same file is refused, saying what would be replaced', async () => {
    const ws = workspace({ 'app.tar.gz': 'app\n' });
    expect((await attest(ws, { inputs: 'app.tar.gz', 'predicate-type': SLSA })).code).toBe(0);
    const second = await attest(ws, {
      inputs: 'app.tar.gz',
      'predicate-type': CUSTOM,
      predicate: '{}',
    });
    expect(second.code).toBe(1);
    expect(second.stdout).toContain(
      'app.tar.gz: the attestation app.tar.gz.intoto.sigstore.json already exists (one statement per file and bundle name; an attestation of another predicate type would be replaced); delete it, set overwrite: true to replace it, or set bundle-directory to write this attestation elsewhere. [BUNDLE_EXISTS]',
    );
  });
});

describe('attest: inputs refused before anything is sent', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    [
      'a predicate type other than SLSA provenance without a predicate',
      { 'predicate-type': CUSTOM },
      'INPUT_INVALID',
      `predicate-type ${CUSTOM} needs its predicate: pass predicate (a JSON object) or predicate-path`,
    ],
    [
      'a predicate without its type',
      { predicate: '{}' },
      'INPUT_INVALID',
      'predicate needs predicate-type',
    ],
    [
      'both predicate and predicate-path',
      { 'predicate-type': CUSTOM, predicate: '{}', 'predicate-path': 'p.json' },
      'INPUT_CONFLICT',
      'predicate and predicate-path cannot be used together',
    ],
    [
      'a predicate that is not JSON',
      { 'predicate-type': CUSTOM, predicate: '{result: pass}' },
      'PREDICATE_INVALID',
      'predicate is not valid JSON',
    ],
    [
      'a predicate that is an array',
      { 'predicate-type': CUSTOM, predicate: '[1, 2]' },
      'PREDICATE_INVALID',
      'predicate is JSON array; the predicate must be a JSON object',
    ],
    [
      'a missing predicate file',
      { 'predicate-type': CUSTOM, 'predicate-path': 'missing.json' },
      'PREDICATE_INVALID',
      'predicate-path missing.json does not exist',
    ],
    [
      'a predicate type that is not a URI',
      { 'predicate-type': 'slsa' },
      'INPUT_INVALID',
      "predicate-type must be a URI naming the predicate's type",
    ],
  ];
  it.each(cases)('%s', async (_name, inputs, code, message) => {
    const ws = workspace({ 'app.tar.gz': 'app\n' });
    const before = await stack.stats();
    const run = await attest(ws, { inputs: 'app.tar.gz', ...inputs });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(message);
    expect(run.stdout).toContain(`[${code}]`);
    expect(allFiles(ws)).toEqual(['app.tar.gz']);
    const after = await stack.stats();
    expect(after.fulcio - before.fulcio).toBe(0);
    expect(after.rekor - before.rekor).toBe(0);
  });
});

describe('attest: SLSA provenance needs a GitHub Actions token', () => {
  it('a token without workflow claims is refused before any certificate is asked for', async () => {
    const token = await stack.mintToken({
      claims: { workflow_ref: null, job_workflow_ref: null, run_id: null },
    });
    const ws = workspace({ 'app.tar.gz': 'app\n' });
    const before = await stack.stats();
    const run = await attest(ws, {
      inputs: 'app.tar.gz',
      'predicate-type': SLSA,
      'identity-token': token,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "has no workflow_ref, job_workflow_ref, run_id: it is not a GitHub Actions job's token. Pass the predicate yourself (predicate or predicate-path), or sign with the job's own token. [PREDICATE_INVALID]",
    );
    expect(withoutMaskCommands(run.everything)).not.toContain(token);
    const after = await stack.stats();
    expect(after.fulcio - before.fulcio).toBe(0);
    expect(allFiles(ws)).toEqual(['app.tar.gz']);
  });
});

describe('attest: the CLI', () => {
  it('sign --predicate-type, then verify --predicate-type', async () => {
    const ws = workspace({ 'app.tar.gz': 'app\n', 'p.json': '{"ok": true}' });
    const token = await stack.mintToken();
    const cli = (args: string[]): Promise<ProcessRun> => runCli(args, ws);
    const signed = await cli([
      'sign',
      '--identity-token',
      token,
      '--signing-config',
      stack.env.STACK_SIGNING_CONFIG,
      '--trusted-root',
      stack.env.STACK_TRUSTED_ROOT,
      '--predicate-type',
      CUSTOM,
      '--predicate-path',
      'p.json',
      'app.tar.gz',
    ]);
    expect(signed.stdout).toContain('Attested 1 file as');
    expect(signed.code).toBe(0);
    const verify = (type: string): Promise<ProcessRun> =>
      cli([
        'verify',
        '--trusted-root',
        stack.env.STACK_TRUSTED_ROOT,
        '--cert-identity',
        stack.env.STACK_IDENTITY,
        '--predicate-type',
        type,
        'app.tar.gz',
      ]);
    const ok = await verify(CUSTOM);
    expect(ok.stdout).toContain('Verified 1 file.');
    expect(ok.code).toBe(0);
    const wrong = await verify(SLSA);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toContain('[PREDICATE_MISMATCH]');
  });
});

describe('attest: releases', () => {
  it('attaches attestations beside signatures; the notes commands verify both; the release gate checks the type', async () => {
    const tag = 'v2.0.0';
    const release = await createRelease(stack, { tag, draft: true });
    const ws = workspace({ 'dist/app.tar.gz': 'app\n', 'dist/app.whl': 'wheel\n' });
    for (const name of ['app.tar.gz', 'app.whl'])
      await uploadAsset(stack, release, name, readFileSync(path.join(ws, 'dist', name)));
    const publish = {
      inputs: 'dist/*',
      'release-signing-artifacts': 'true',
      'release-notes': 'true',
      'release-tag': tag,
      'github-token': stack.env.STACK_GITHUB_TOKEN,
    };
    const signed = await attest(ws, publish);
    expect(signed.code).toBe(0);
    const attested = await attest(ws, { ...publish, 'predicate-type': SLSA });
    expect(attested.stderr).toBe('');
    expect(attested.code).toBe(0);
    // A re-run of the attesting job: new bundle bytes, the same meaning; kept, not refused.
    const rerun = await attest(
      workspace({ 'dist/app.tar.gz': 'app\n', 'dist/app.whl': 'wheel\n' }),
      {
        ...publish,
        'predicate-type': SLSA,
      },
    );
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/app\.tar\.gz\.intoto\.sigstore\.json kept/);
    // Another predicate in the same release slot is new content, not a re-run: refused.
    const other = await attest(
      workspace({ 'dist/app.tar.gz': 'app\n', 'dist/app.whl': 'wheel\n' }),
      { ...publish, 'predicate-type': CUSTOM, predicate: '{"scan": "clean"}' },
    );
    expect(other.code).toBe(1);
    // Files are attached in parallel: whichever is first reports the conflict.
    expect(other.stdout).toMatch(
      new RegExp(
        `the release ${tag} already has an asset app\\.(tar\\.gz|whl)\\.intoto\\.sigstore\\.json that is not the same attestation`,
      ),
    );
    expect(other.stdout).toContain('[ASSET_CONFLICT]');

    const assets = await listAssets(stack, release.id);
    expect(assets.map((a) => a.name).sort()).toEqual([
      'app.tar.gz',
      'app.tar.gz.intoto.sigstore.json',
      'app.tar.gz.sigstore.json',
      'app.whl',
      'app.whl.intoto.sigstore.json',
      'app.whl.sigstore.json',
    ]);
    const body = (await getRelease(stack, release.id)).body ?? '';
    expect(body.split('## Verify these files')).toHaveLength(2);
    expect(body).toContain(`### Attestations: \`${SLSA}\``);

    // Each group of the notes followed as written, in an empty directory: download, verify.
    await updateRelease(stack, release.id, { draft: false });
    const steps = notesSteps(body);
    for (const group of [0, 1]) {
      const script = `${notesStep(steps, '**Download**', group).script}\n${notesStep(steps, '**sigstore-action**', group).script}`;
      expect(script).toContain('gh release download v2.0.0 --repo octo-org/octo-repo');
      if (group === 1) expect(script).toContain(`--predicate-type ${SLSA}`);
      const dir = mkdtempSync(path.join(tmpdir(), 'release-'));
      copyFileSync(stack.env.STACK_TRUSTED_ROOT, path.join(dir, 'trusted_root.json'));
      const result = runNotesScript(script, dir, {
        GITHUB_API_URL: stack.env.GITHUB_API_URL,
        GH_TOKEN: stack.env.STACK_GITHUB_TOKEN_READONLY,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Verified 2 files.');
    }

    const gate = (type: string): Promise<ActionRun> =>
      runAction({
        workspace: mkdtempSync(path.join(tmpdir(), 'consumer-')),
        env: stack.env,
        inputs: {
          mode: 'verify',
          'release-tag': tag,
          repository: 'octo-org/octo-repo',
          'trusted-root': stack.env.STACK_TRUSTED_ROOT,
          'cert-identity': stack.env.STACK_IDENTITY,
          'predicate-type': type,
          'github-token': stack.env.STACK_GITHUB_TOKEN_READONLY,
        },
      });
    const good = await gate(SLSA);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect((JSON.parse(good.outputs.verified) as string[]).sort()).toEqual([
      'app.tar.gz',
      'app.whl',
    ]);
    const wrong = await gate(CUSTOM);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('[PREDICATE_MISMATCH]');
  });
});
