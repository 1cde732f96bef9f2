/**
 * Migrating from sigstore/gh-action-sigstore-python, end to end: its workflows' `with:` blocks,
 * as its README and releases wrote them, given to the BUILT action as the runner would (every
 * key as INPUT_*, action.yml's defaults under them). Each either works the same (signs, checks
 * what it asked to check, attaches to a published release by default) or is refused before
 * anything is sent, naming what to use instead: no request reaches the stack, no file is
 * written. Every input that action ever had appears in some block.
 *
 * The only keys added to their blocks are the ones that point the action at the local stack
 * instead of public-good (signing-config, trusted-root) and the stack's GitHub token.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYAML } from 'yaml';
import { runAction, type ActionRun } from '../helpers/action.js';
import { listArtifacts } from '../helpers/artifacts.js';
import { THEIR_INPUTS } from '../helpers/gh-action-sigstore-python.js';
import { createRelease, listAssets, openapiViolations } from '../helpers/github.js';
import { runnerCommands } from '../helpers/runner-commands.js';
import { spawnStack, type StackProcess, type StackStats } from '../helpers/stack.js';
import { verifierFor, verifyFileBundle } from '../helpers/verify.js';
import { allFiles, bundleFiles, withoutMaskCommands, workspace } from '../helpers/workspace.js';

let stack: StackProcess;
/** Every key of every `with:` block this file ran. */
const used = new Set<string>();
let tagCounter = 0;

beforeAll(async () => {
  stack = await spawnStack();
}, 60_000);

afterAll(async () => {
  if (stack) {
    const violations = await openapiViolations(stack);
    await stack.stop();
    expect(violations).toEqual([]);
  }
});

const FILES = {
  'dist/app-1.0.tar.gz': 'the sdist\n',
  'dist/app-1.0-py3-none-any.whl': 'the wheel\n',
};

/** A `with:` block of gh-action-sigstore-python, as the runner reads it (every value a string). */
function withBlock(yaml: string): Record<string, string> {
  const block = parseYAML(yaml) as Record<string, unknown>;
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(block)) {
    used.add(key);
    inputs[key] = String(value);
  }
  return inputs;
}

/** What points the action at the local stack instead of public-good. */
function atStack(): Record<string, string> {
  return {
    'signing-config': stack.env.STACK_SIGNING_CONFIG,
    'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    'github-token': stack.env.STACK_GITHUB_TOKEN,
  };
}

/** The runner environment of a `release` event of type `action` for `tag`. */
function releaseEvent(action: string, tag: string): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'event-'));
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action, release: { tag_name: tag, draft: false } }));
  return {
    ...stack.env,
    GITHUB_EVENT_NAME: 'release',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: `refs/tags/${tag}`,
    GITHUB_REF_NAME: tag,
    GITHUB_REF_TYPE: 'tag',
  };
}

function errors(run: ActionRun): string[] {
  return runnerCommands(run.stdout)
    .filter((c) => c.command === 'error')
    .map((c) => c.data);
}

/** Requests per service (the stack's own /__ endpoints are not counted). */
function requests(stats: StackStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats).filter(
      ([name, value]) =>
        typeof value === 'number' && name !== 'openapiViolations' && name !== 'contractViolations',
    ),
  ) as Record<string, number>;
}

function verifies(ws: string, file: string): void {
  const verifier = verifierFor(stack.env.STACK_TRUSTED_ROOT);
  verifyFileBundle(
    verifier,
    path.join(ws, `${file}.sigstore.json`),
    readFileSync(path.join(ws, file)),
    stack.env.STACK_IDENTITY,
    stack.env.STACK_ISSUER,
  );
}

describe('works the same', () => {
  it('signs the files of the README block, a bundle beside each', async () => {
    const ws = workspace({ 'file0.txt': 'zero\n', 'file1.txt': 'one\n', 'file2.txt': 'two\n' });
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { ...withBlock('inputs: file0.txt file1.txt file2.txt'), ...atStack() },
    });
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(bundleFiles(ws)).toEqual([
      'file0.txt.sigstore.json',
      'file1.txt.sigstore.json',
      'file2.txt.sigstore.json',
    ]);
    for (const file of ['file0.txt', 'file1.txt', 'file2.txt']) verifies(ws, file);
  });

  it('checks verify-cert-identity and verify-oidc-issuer before writing a bundle', async () => {
    const block = (identity: string, issuer: string): Record<string, string> => ({
      ...withBlock(`
        inputs: dist/*
        verify: true
        verify-cert-identity: ${identity}
        verify-oidc-issuer: ${issuer}
        staging: false
      `),
      ...atStack(),
    });
    const ws = workspace(FILES);
    const good = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: block(stack.env.STACK_IDENTITY, stack.env.STACK_ISSUER),
    });
    expect(errors(good)).toEqual([]);
    expect(good.code).toBe(0);
    expect(good.outputs.identity).toBe(stack.env.STACK_IDENTITY);
    for (const file of Object.keys(FILES)) verifies(ws, file);

    // What made the migration silent before: a check asked for and not made.
    const other =
      'https://github.com/octo-org/octo-repo/.github/workflows/other.yml@refs/heads/main';
    const wrongIdentity = workspace(FILES);
    const refused = await runAction({
      workspace: wrongIdentity,
      env: stack.env,
      inputs: block(other, stack.env.STACK_ISSUER),
    });
    expect(refused.code).toBe(1);
    expect(errors(refused).join('\n')).toMatch(
      /the new bundle does not verify, so it was not written: .*expected https:\/\/github\.com\/octo-org\/octo-repo\/\.github\/workflows\/other\.yml@refs\/heads\/main.*\(verify-cert-identity must be the identity this job signs as; see the identity output\) \[POLICY_MISMATCH\]/,
    );
    expect(bundleFiles(wrongIdentity)).toEqual([]);

    const wrongIssuer = workspace(FILES);
    const refusedIssuer = await runAction({
      workspace: wrongIssuer,
      env: stack.env,
      inputs: block(stack.env.STACK_IDENTITY, 'https://accounts.example.com'),
    });
    expect(refusedIssuer.code).toBe(1);
    expect(errors(refusedIssuer).join('\n')).toMatch(
      /issued by .*, expected cert-oidc-issuer https:\/\/accounts\.example\.com.*\(verify-oidc-issuer must be the issuer of the token this job signs with, .*\) \[POLICY_MISMATCH\]/,
    );
    expect(bundleFiles(wrongIssuer)).toEqual([]);
  });

  it('signs with identity-token, oidc-client-id as its audience, and rekor-version 2', async () => {
    const token = await stack.mintToken();
    const before = requests(await stack.stats());
    const ws = workspace(FILES);
    const run = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: {
        ...withBlock(`
          inputs: dist/*
          identity-token: ${token}
          oidc-client-id: sigstore
          rekor-version: 2
          staging: false
        `),
        ...atStack(),
        'signing-config': stack.env.STACK_SIGNING_CONFIG_REKOR_V2,
      },
    });
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(withoutMaskCommands(run.everything)).not.toContain(token);
    const after = requests(await stack.stats());
    // The token given was used: the runner's token endpoint was not asked for one.
    expect(after.oidc).toBe(before.oidc);
    expect(after.rekorV2).toBeGreaterThan(before.rekorV2);
    expect(after.rekor).toBe(before.rekor);
    for (const file of Object.keys(FILES)) verifies(ws, file);
  });

  it('uploads the bundles as a workflow artifact, and overwrites bundles when asked', async () => {
    const ws = workspace(FILES);
    const first = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { ...withBlock('inputs: dist/*\nupload-signing-artifacts: true'), ...atStack() },
    });
    expect(errors(first)).toEqual([]);
    expect(first.code).toBe(0);
    const id = Number(first.outputs['artifact-id']);
    expect((await listArtifacts(stack)).map((a) => a.id)).toContain(id);
    const again = await runAction({
      workspace: ws,
      env: stack.env,
      inputs: { ...withBlock('inputs: dist/*\noverwrite: true'), ...atStack() },
    });
    expect(errors(again)).toEqual([]);
    expect(again.code).toBe(0);
  });

  it('attaches the bundles to a published release by default, as release-signing-artifacts: true', async () => {
    for (const block of ['inputs: dist/*', 'inputs: dist/*\nrelease-signing-artifacts: true']) {
      const tag = `v2.0.${++tagCounter}`;
      const release = await createRelease(stack, { tag, draft: false });
      const run = await runAction({
        workspace: workspace(FILES),
        env: releaseEvent('published', tag),
        inputs: { ...withBlock(block), ...atStack() },
      });
      expect(errors(run)).toEqual([]);
      expect(run.code).toBe(0);
      expect((await listAssets(stack, release.id)).map((a) => a.name).sort()).toEqual([
        'app-1.0-py3-none-any.whl.sigstore.json',
        'app-1.0.tar.gz.sigstore.json',
      ]);
    }
  });

  it('attaches nothing when told not to, or on another type of release event (and says why)', async () => {
    const tag = `v2.0.${++tagCounter}`;
    const release = await createRelease(stack, { tag, draft: false });
    const off = await runAction({
      workspace: workspace(FILES),
      env: releaseEvent('published', tag),
      inputs: { ...withBlock('inputs: dist/*\nrelease-signing-artifacts: false'), ...atStack() },
    });
    expect(off.code).toBe(0);
    const created = await runAction({
      workspace: workspace(FILES),
      env: releaseEvent('created', tag),
      inputs: { ...withBlock('inputs: dist/*'), ...atStack() },
    });
    expect(created.code).toBe(0);
    expect(
      runnerCommands(created.stdout)
        .filter((c) => c.command === 'notice')
        .map((c) => c.data),
    ).toEqual([
      'release-signing-artifacts is not set, and this release event is "created", not "published": nothing is attached to the release (gh-action-sigstore-python attaches on "published" only). Set release-signing-artifacts: true to attach the bundles.',
    ]);
    expect(await listAssets(stack, release.id)).toEqual([]);
  });
});

/** A block the action must refuse before anything is sent. */
interface Refused {
  readonly name: string;
  readonly block: string;
  readonly env?: () => Record<string, string>;
  readonly files?: Record<string, string>;
  readonly code: string;
  /** The error must match each: the input, and what to use instead. */
  readonly says: readonly RegExp[];
}

const REFUSED: readonly Refused[] = [
  {
    name: 'v2: a detached signature and certificate of one file',
    block: `
      inputs: dist/app-1.0.tar.gz
      signature: app.sig
      certificate: app.crt
    `,
    code: 'INPUT_UNKNOWN',
    says: [
      /2 inputs of this step are not inputs of this action \(nothing was done\)/,
      /unknown input `signature` \(an input of gh-action-sigstore-python\): this action writes one Sigstore bundle per file \(<file>\.sigstore\.json, beside it or in bundle-directory\) that holds the signature and the certificate; .*remove it/,
      /unknown input `certificate` \(an input of gh-action-sigstore-python\)/,
    ],
  },
  {
    name: 'v2: one bundle at a path of its own',
    block: `
      inputs: dist/app-1.0.tar.gz
      bundle: app.sigstore.json
    `,
    code: 'INPUT_INVALID',
    says: [
      /bundle is only used in verify mode/,
      /set bundle-directory: each bundle is <file name>\.sigstore\.json there/,
    ],
  },
  {
    name: 'v2: a custom instance by its URLs and keys',
    block: `
      inputs: dist/*
      fulcio-url: https://fulcio.example.com
      rekor-url: https://rekor.example.com
      ctfe: ctfe.pub
      rekor-root-pubkey: rekor.pub
    `,
    code: 'INPUT_UNKNOWN',
    says: [
      /4 inputs of this step are not inputs of this action/,
      /unknown input `ctfe` .*signing-config .*trusted-root .*tuf-mirror with tuf-root/,
      /unknown input `fulcio-url`/,
      /unknown input `rekor-root-pubkey`/,
      /unknown input `rekor-url`/,
    ],
  },
  {
    name: 'v1.2: bundle-only uploads',
    block: `
      inputs: dist/*
      upload-signing-artifacts: true
      bundle-only: true
    `,
    code: 'INPUT_UNKNOWN',
    says: [/unknown input `bundle-only`.*uploads and attaches only the bundles/],
  },
  {
    name: 'an OAuth client of its own',
    block: `
      inputs: dist/*
      oidc-client-id: my-client
      oidc-client-secret: not-so-secret
    `,
    code: 'INPUT_UNKNOWN',
    says: [
      /unknown input `oidc-client-secret`.*never runs an interactive OAuth flow.*identity-token/,
    ],
  },
  {
    name: 'debug logs',
    block: `
      inputs: dist/*
      internal-be-careful-debug: true
    `,
    code: 'INPUT_UNKNOWN',
    says: [/unknown input `internal-be-careful-debug`.*re-run the job with debug logging/],
  },
  {
    name: 'v0: email identity, OAuth issuer, detached outputs',
    block: `
      inputs: dist/app-1.0.tar.gz
      verify: true
      verify-cert-email: someone@example.com
      oidc-issuer: https://oauth2.sigstore.dev/auth
      no-default-files: true
      output-signature: app.sig
      output-certificate: app.crt
    `,
    code: 'INPUT_UNKNOWN',
    says: [
      /5 inputs of this step are not inputs of this action/,
      /unknown input `verify-cert-email`.*use cert-identity/,
      /unknown input `oidc-issuer`.*use verify-oidc-issuer/,
      /unknown input `no-default-files`/,
      /unknown input `output-signature`/,
      /unknown input `output-certificate`/,
    ],
  },
  {
    name: 'an identity to check with verify: false (gh-action-sigstore-python refuses it too)',
    block: `
      inputs: dist/*
      verify: false
      verify-cert-identity: https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0.0
    `,
    code: 'INPUT_CONFLICT',
    says: [
      /verify-cert-identity is checked by the verification of each new bundle, which verify: false turns off/,
    ],
  },
  {
    name: 'a misspelled input',
    block: `
      inputs: dist/*
      verify-cert-identiy: https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0.0
    `,
    code: 'INPUT_UNKNOWN',
    says: [/unknown input `verify-cert-identiy`: did you mean `verify-cert-identity`\?/],
  },
  {
    name: "a release's source archives (empty inputs on a release event)",
    block: `
      release-signing-artifacts: true
    `,
    env: () => releaseEvent('published', 'v9.0.0'),
    code: 'INPUT_INVALID',
    says: [
      /inputs is empty: name the files to sign/,
      /gh-action-sigstore-python signs GitHub's source archives when inputs is empty/,
    ],
  },
];

describe('refused before anything is sent, naming the replacement', () => {
  it.each(REFUSED.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const ws = workspace(c.files ?? FILES);
    const filesBefore = allFiles(ws);
    const before = requests(await stack.stats());
    const run = await runAction({
      workspace: ws,
      env: c.env?.() ?? stack.env,
      inputs: { ...withBlock(c.block), ...atStack() },
    });
    const after = requests(await stack.stats());
    expect(run.code).toBe(1);
    const error = errors(run).join('\n');
    expect(error).toMatch(new RegExp(`\\[${c.code}\\]$`));
    for (const says of c.says) expect(error).toMatch(says);
    expect(after).toEqual(before);
    expect(allFiles(ws)).toEqual(filesBefore);
    expect(run.summary).toContain('**Nothing was signed.**');
  });
});

describe('coverage', () => {
  it('every input gh-action-sigstore-python ever had is in a block above', () => {
    expect(THEIR_INPUTS.filter((name) => !used.has(name))).toEqual([]);
  });
});
