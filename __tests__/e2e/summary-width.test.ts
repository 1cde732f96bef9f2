/**
 * The job summary and the release notes fit GitHub's page: rendered as GitHub renders Markdown,
 * laid out in headless Chromium at GitHub's content width (helpers/github-page.ts), nothing
 * sticks out of the Markdown box and nothing scrolls sideways inside it (a table or a code block
 * that scrolls hides its end: the failure reason, the log index, the end of a command).
 * Screenshots of every page are kept in artifacts/summary-width/ (CI uploads them).
 *
 * The summaries come from the report functions the action uses, fed runs with many files, long
 * names, long failure reasons and several logs; then from the built action itself, signing into
 * a release of the local stack, with the release body GitHub would show.
 */
import { ActionError } from '../../src/errors.js';
import { publishSummaryMarkdown } from '../../src/report/publish-report.js';
import { signSummaryMarkdown } from '../../src/report/sign-report.js';
import { verifySummaryMarkdown } from '../../src/report/verify-report.js';
import { verificationSection } from '../../src/publish/release-notes.js';
import { runAction } from '../helpers/action.js';
import { createRelease, getRelease } from '../helpers/github.js';
import {
  describeOverflows,
  fitCheck,
  githubPageHTML,
  launchChromium,
  type Browser,
} from '../helpers/github-page.js';
import {
  IDENTITY,
  ISSUER,
  REKOR_V2_ID,
  REKOR_V2_ID_2,
  REKOR_V2_URL,
  REKOR_V2_URL_2,
  signReport,
  verifyReport,
} from '../helpers/report-fixtures.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { workspace } from '../helpers/workspace.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function expectFits(name: string, markdown: string): Promise<void> {
  const result = await fitCheck(browser, name, markdown);
  // GitHub's monospace fonts advance 0.55 em (Consolas) to 0.6 em (SF Mono, Liberation Mono): a
  // narrower font here would let through lines that do not fit there.
  expect(result.monospaceAdvance).toBeGreaterThanOrEqual(60);
  if (result.overflows.length > 0) {
    throw new Error(
      `${name} does not fit GitHub's page (screenshot: ${result.screenshot}):\n${describeOverflows(result)}`,
    );
  }
}

/** Names as release builds have them: versions, platforms, directories. */
const RELEASE_FILES = [
  'dist/sigstore-action-1.2.3-x86_64-unknown-linux-musl.tar.gz',
  'dist/sigstore-action-1.2.3-aarch64-apple-darwin.tar.gz',
  'dist/sigstore-action-1.2.3-x86_64-pc-windows-msvc.zip',
  'dist/sigstore_action-1.2.3-py3-none-any.whl',
  'dist/sigstore-action-1.2.3.tar.gz',
  'packages/very-long-package-name-for-the-monorepo/build/outputs/release/artifacts/application-server-2026.11.01-linux-arm64.tar.zst',
  'dist/SHA256SUMS',
  'dist/sbom/sigstore-action-1.2.3.spdx.json',
];

function manyFiles(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    i < RELEASE_FILES.length
      ? RELEASE_FILES[i]
      : `dist/plugins/plugin-${String(i).padStart(3, '0')}-linux-x86_64.tar.gz`,
  );
}

/** A reason as long as real ones get: a service, its URL, what it answered, what to do. */
const OUTAGE = (seconds: number): ActionError =>
  new ActionError(
    'TLOG_FAILED',
    `Rekor (POST https://rekor.sigstore.dev/api/v1/log/entries) did not answer within the run's deadline of 6 s (1 attempt; last: no complete answer within ${seconds.toFixed(1)} s). Re-run the job later, or raise timeout-minutes if the work needs longer.`,
  );

describe('the job summary', () => {
  it('sign: 40 files, long names, two causes of failure, files not attempted', async () => {
    const report = signReport({
      names: manyFiles(40),
      failAt: 30,
      failures: 4,
      error: (i) =>
        i < 3
          ? OUTAGE(5.9 - i / 10)
          : new ActionError(
              'TSA_FAILED',
              'the timestamp authority failed: HTTP 503 Service Unavailable from https://timestamp.sigstore.dev/api/v1/timestamp: {"code":503,"message":"the signer is being rotated; retry after 2026-11-01T12:00:00Z"}.',
            ),
    });
    const markdown = signSummaryMarkdown(report);
    expect(markdown).toContain('| File | Result | Log&nbsp;index |');
    await expectFits('sign-40-files-failures', markdown);
  });

  it('sign: names with words too long for a table (a digest, snake case)', async () => {
    const report = signReport({
      names: [
        `dist/sha256-${'0123456789abcdef'.repeat(4)}.tar.gz`,
        'release_artifacts_for_customer_delivery_bundle_windows_x64_signed_installer_v10_2026.msi',
        'dist/app.tar.gz',
      ],
    });
    const markdown = signSummaryMarkdown(report);
    expect(markdown).not.toContain('| File |');
    await expectFits('sign-long-words', markdown);
  });

  it('attest: Rekor v2 in two logs, bundles in a directory, a private instance', async () => {
    const report = signReport({
      names: manyFiles(12),
      predicateType: 'https://slsa.dev/provenance/v1',
      bundleDirectory: 'sigstore-bundles/release-artifacts',
      kind: 'files',
      entries: (i) => [
        { logIndex: String(123456789 + i), logId: REKOR_V2_ID, version: '0.0.2' },
        { logIndex: String(987654321 + i), logId: REKOR_V2_ID_2, version: '0.0.2' },
      ],
      logs: [
        { url: REKOR_V2_URL, majorApiVersion: 2 },
        { url: REKOR_V2_URL_2, majorApiVersion: 2 },
      ],
    });
    const markdown = signSummaryMarkdown(report);
    expect(markdown).toContain('(log&nbsp;2)');
    await expectFits('attest-rekor-v2-bundle-directory', markdown);
  });

  it('sign: a service outage, one cause for 32 files', async () => {
    const report = signReport({
      names: manyFiles(40),
      failAt: 0,
      failures: 32,
      error: (i) => OUTAGE(5.8 - (i % 3) / 10),
    });
    const markdown = signSummaryMarkdown(report);
    // The reason once, not once per file.
    expect(markdown.split('did not answer').length - 1).toBe(1);
    await expectFits('sign-outage', markdown);
  });

  it('verify: failures with long reasons, several signers', async () => {
    const report = verifyReport([
      ...RELEASE_FILES.slice(0, 5).map((name) => ({ name })),
      {
        name: RELEASE_FILES[5],
        failure: {
          code: 'POLICY_MISMATCH',
          message: `signed by https://github.com/evil-org/octo-repo-fork-with-a-long-name/.github/workflows/release-candidate-publishing.yml@refs/heads/main, expected ${IDENTITY}; signed in evil-org/octo-repo-fork-with-a-long-name, expected octo-org/octo-repo (github-repository)`,
        },
      },
      {
        name: 'dist/SHA256SUMS',
        failure: {
          code: 'BUNDLE_NOT_FOUND',
          message:
            'no bundle: looked for dist/SHA256SUMS.sigstore.json and dist/SHA256SUMS.sigstore; sign it, or leave it out of inputs ("!dist/SHA256SUMS")',
        },
      },
      {
        name: 'dist/sbom/sigstore-action-1.2.3.spdx.json',
        failure: {
          code: 'TIMESTAMP_INVALID',
          message: `the bundle's timestamp could not be verified: the timestamp authority's certificate chain ends in no authority of the trusted root (https://tuf-repo-cdn.sigstore.dev/targets/${'ab'.repeat(32)}.trusted_root.json)`,
        },
      },
      {
        name: 'dist/other-signer.tar.gz',
        identity:
          'https://github.com/octo-org/shared-workflows/.github/workflows/reusable-release-signing.yml@refs/tags/v2.0.0',
      },
      {
        name: 'dist/app.tar.gz.intoto.sigstore.json',
        bundleOf: 'dist/app.tar.gz',
        predicateType: 'https://slsa.dev/provenance/v1',
      },
    ]);
    const markdown = verifySummaryMarkdown(report);
    expect(markdown).toContain('| File | Result |');
    expect(markdown).toContain('reusable-release-signing.yml');
    await expectFits('verify-failures', markdown);
  });

  it('sign and publish: a workflow artifact and a release', async () => {
    const report = signReport({ names: RELEASE_FILES });
    const markdown =
      signSummaryMarkdown(report) +
      publishSummaryMarkdown({
        artifact: {
          id: 4567890123,
          name: 'sigstore-bundles-release-build-and-sign-linux-x86_64-musl-static-2026-11-01-0a1b2c3d',
          url: 'https://github.com/octo-org/octo-repo/actions/runs/123456789012/artifacts/4567890123',
        },
        release: {
          tag: 'v1.2.3-release-candidate.20261101+build.123456',
          url: 'https://github.com/octo-org/octo-repo/releases/tag/v1.2.3-release-candidate.20261101%2Bbuild.123456',
          assets: RELEASE_FILES.map((f) => ({
            name: `${f.split('/').pop()}.sigstore.json`,
            outcome: 'uploaded' as const,
          })),
          notes: true,
        },
      });
    await expectFits('sign-publish', markdown);
  });
});

describe('the release notes', () => {
  it('signatures and SLSA provenance of a release', async () => {
    const names = RELEASE_FILES.map((f) => f.split('/').pop()!);
    const section = verificationSection({
      files: names,
      attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', files: names.slice(0, 3) }],
      identity: IDENTITY,
      issuer: ISSUER,
      instance: 'public-good',
      repository: 'octo-org/octo-repo',
      release: { tag: 'v1.2.3', repository: 'octo-org/octo-repo' },
      action: { repository: 'sigstore-action/sigstore-action', version: '1.2.3' },
    });
    await expectFits('release-notes', `Release notes of v1.2.3.\n\n${section}\n`);
  });
});

describe('the check itself', () => {
  it('finds a table wider than the page, and a code line that scrolls', async () => {
    const wide = `| File | Details |\n| --- | --- |\n| \`${'a'.repeat(150)}\` | x |\n`;
    const code = `\`\`\`sh\n${'x'.repeat(150)}\n\`\`\`\n`;
    const table = await fitCheck(browser, 'check-wide-table', wide);
    expect(table.overflows.map((o) => o.kind)).toContain('scrolls');
    const block = await fitCheck(browser, 'check-long-code-line', code);
    expect(block.overflows.map((o) => o.kind)).toContain('scrolls');
    const fine = await fitCheck(browser, 'check-narrow', '| a | b |\n| --- | --- |\n| 1 | 2 |\n');
    expect(fine.overflows).toEqual([]);
    // And the page has GitHub's stylesheet, tables as GitHub lays them out.
    expect(githubPageHTML('x')).toContain('width: max-content');
  });
});

describe('the built action, on the local stack', () => {
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await spawnStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  let release: { id: number } | undefined;
  let summary = '';

  /** Signs the release files into a release of the stack, with its notes. */
  async function signIntoRelease(): Promise<void> {
    if (release) return;
    const tag = 'v2.0.0-width';
    release = await createRelease(stack, { tag, draft: true });
    const files = Object.fromEntries(RELEASE_FILES.map((f) => [f, `contents of ${f}\n`]));
    const run = await runAction({
      workspace: workspace(files),
      env: stack.env,
      inputs: {
        inputs: 'dist/**\npackages/**',
        'signing-config': stack.env.STACK_SIGNING_CONFIG,
        'trusted-root': stack.env.STACK_TRUSTED_ROOT,
        'github-token': stack.env.STACK_GITHUB_TOKEN,
        'release-signing-artifacts': 'true',
        'release-notes': 'true',
        'release-tag': tag,
      },
    });
    expect({ code: run.code, stdout: run.stdout.slice(-3000) }).toMatchObject({ code: 0 });
    summary = run.summary;
  }

  it('signs into a release: the job summary fits', async () => {
    await signIntoRelease();
    expect(summary).toContain('### Published');
    await expectFits('action-sign-release-summary', summary);
  });

  it('signs into a release: the release body fits', async () => {
    await signIntoRelease();
    const body = (await getRelease(stack, release!.id)).body ?? '';
    expect(body).toContain('Verify these files');
    await expectFits('action-sign-release-notes', body);
  });
});
