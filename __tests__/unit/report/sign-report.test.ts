import type { Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { ActionError } from '../../../src/errors.js';
import { NetworkStats } from '../../../src/net/service-client.js';
import type { SignTarget } from '../../../src/plan/sign-plan.js';
import { signOutputs, signSummaryMarkdown } from '../../../src/report/sign-report.js';
import { shellQuote } from '../../../src/report/shell.js';
import type { SignReport } from '../../../src/sign/run.js';

const ID = 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1';
const REKOR_V1_ID = Buffer.alloc(32, 1);
const REKOR_V2_ID = Buffer.alloc(32, 2);
const REKOR_V2_URL = 'https://log2025-1.rekor.sigstore.dev';

// The two logs of public-good's trusted root, by log id.
const trustedRoot = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [
    { baseUrl: 'https://rekor.sigstore.dev', logId: { keyId: REKOR_V1_ID.toString('base64') } },
    { baseUrl: REKOR_V2_URL, logId: { keyId: REKOR_V2_ID.toString('base64') } },
  ],
});

type Entry = { logIndex: string; logId: Buffer; version: string };

function bundleWith(entries: Entry[]): Bundle {
  return {
    verificationMaterial: {
      tlogEntries: entries.map((e) => ({
        logIndex: e.logIndex,
        logId: { keyId: e.logId },
        kindVersion: { kind: 'hashedrekord', version: e.version },
      })),
    },
  } as unknown as Bundle;
}

function target(name: string): SignTarget {
  return {
    path: `/ws/${name}`,
    displayPath: name,
    bundlePath: `/ws/${name}.sigstore.json`,
    bundleDisplayPath: `${name}.sigstore.json`,
  };
}

function report(
  names: string[],
  failAt?: number,
  entries: (i: number) => Entry[] = (i) => [
    { logIndex: String(100 + i), logId: REKOR_V1_ID, version: '0.0.1' },
  ],
  logs: SignReport['services']['logs'] = [
    { url: 'https://rekor.sigstore.dev', majorApiVersion: 1 },
  ],
): SignReport {
  const targets = names.map(target);
  const signed = targets
    .filter((_, i) => failAt === undefined || i < failAt)
    .map((t, i) => ({
      target: t,
      sha256: String(i).repeat(64).slice(0, 64),
      size: 10,
      identity: ID,
      issuer: 'https://token.actions.githubusercontent.com',
      sourceRepository: 'o/r',
      logIndex: String(100 + i),
      bundle: bundleWith(entries(i)),
    }));
  const failed =
    failAt === undefined
      ? []
      : [
          {
            target: targets[failAt],
            error: new ActionError('TLOG_FAILED', `${names[failAt]}: Rekor said no`),
          },
        ];
  return {
    instance: {
      kind: 'public-good',
      name: 'Sigstore public-good',
      search: {
        logURL: 'https://rekor.sigstore.dev',
        entryURL: (i) => `https://search.sigstore.dev/?logIndex=${i}`,
      },
      trustedRoot,
    },
    services: { fulcioURL: 'f', logs, tsaURLs: ['t'] },
    targets,
    outcome: { signed, failed, skipped: failAt === undefined ? [] : targets.slice(failAt + 1) },
    certificates: 1,
    network: new NetworkStats(),
  };
}

describe('sign report', () => {
  it('outputs bundles, identity and results as JSON', () => {
    const outputs = signOutputs(report(['a.txt', 'b c.txt']));
    expect(JSON.parse(outputs.bundles)).toEqual(['a.txt.sigstore.json', 'b c.txt.sigstore.json']);
    expect(outputs.identity).toBe(ID);
    expect(JSON.parse(outputs.results)).toEqual([
      {
        path: 'a.txt',
        sha256: '0'.repeat(64),
        size: 10,
        bundle: 'a.txt.sigstore.json',
        logIndex: '100',
      },
      {
        path: 'b c.txt',
        sha256: '1'.repeat(64),
        size: 10,
        bundle: 'b c.txt.sigstore.json',
        logIndex: '101',
      },
    ]);
  });

  it('summarises a success with search links and paste-able commands', () => {
    const md = signSummaryMarkdown(report(['a.txt', 'b c.txt']));
    expect(md).toContain(
      'Signed **2** files with Sigstore public-good (Rekor v1 + timestamp authority).',
    );
    expect(md).toContain(
      '| `a.txt` | `' +
        '0'.repeat(64) +
        '` | `a.txt.sigstore.json` | [100](https://search.sigstore.dev/?logIndex=100) |',
    );
    expect(md).toContain(
      'cosign verify-blob a.txt --bundle a.txt.sigstore.json --new-bundle-format',
    );
  });

  it("pins every printed command to the signing run's repository, not only to the identity", () => {
    const md = signSummaryMarkdown(report(['a.txt']));
    expect(md).toContain(
      `sigstore-action verify a.txt --bundle a.txt.sigstore.json \\\n  --cert-identity ${ID} --cert-oidc-issuer https://token.actions.githubusercontent.com --github-repository o/r`,
    );
    expect(md).toContain(
      `sigstore verify github a.txt --bundle a.txt.sigstore.json \\\n  --cert-identity ${ID} --repository o/r`,
    );
    expect(md).toContain(
      `--certificate-oidc-issuer https://token.actions.githubusercontent.com \\\n  --certificate-github-workflow-repository o/r`,
    );
    expect(md).not.toContain('verify identity');
  });

  it("never links a Rekor v2 entry to the search UI of the instance's Rekor v1 log", () => {
    const v2 = [{ url: REKOR_V2_URL, majorApiVersion: 2 as const }];
    const md = signSummaryMarkdown(
      report(
        ['a.txt'],
        undefined,
        () => [{ logIndex: '7', logId: REKOR_V2_ID, version: '0.0.2' }],
        v2,
      ),
    );
    expect(md).toContain('(Rekor v2 + timestamp authority)');
    expect(md).toContain(`| \`a.txt.sigstore.json\` | 7 on \`${REKOR_V2_URL}\` |`);
    expect(md).not.toContain('search.sigstore.dev');
    // Known as a v2 log by its log id alone (whatever the entry's kind version says) ...
    const byLogId = signSummaryMarkdown(
      report(
        ['a.txt'],
        undefined,
        () => [{ logIndex: '7', logId: REKOR_V2_ID, version: '0.0.1' }],
        v2,
      ),
    );
    expect(byLogId).not.toContain('search.sigstore.dev');
    // ... or by its kind version alone.
    const byKind = signSummaryMarkdown(
      report(['a.txt'], undefined, () => [{ logIndex: '7', logId: REKOR_V1_ID, version: '0.0.2' }]),
    );
    expect(byKind).not.toContain('search.sigstore.dev');
  });

  it('shows every log entry of a file signed into several logs', () => {
    const md = signSummaryMarkdown(
      report(
        ['a.txt'],
        undefined,
        () => [
          { logIndex: '5', logId: REKOR_V1_ID, version: '0.0.1' },
          { logIndex: '9', logId: Buffer.alloc(32, 3), version: '0.0.1' },
        ],
        [
          { url: 'https://rekor.sigstore.dev', majorApiVersion: 1 },
          { url: 'https://rekor.other.dev', majorApiVersion: 1 },
        ],
      ),
    );
    expect(md).toContain('(2 Rekor v1 logs + timestamp authority)');
    expect(md).toContain('| [5](https://search.sigstore.dev/?logIndex=5)<br>9 |');
  });

  it('says which files were signed, which failed and which were not attempted', () => {
    const md = signSummaryMarkdown(report(['a', 'b', 'c', 'd'], 1));
    expect(md).toContain('**Signing failed.** 1 of 4 files signed; 1 failed, 2 not attempted.');
    expect(md).toContain('- `b`: b\\: Rekor said no (TLOG_FAILED)');
    expect(md).toMatch(/### Not attempted[^]*- `c`\n- `d`/);
  });

  it('quotes words for the shell only when needed', () => {
    expect(shellQuote('dist/a-1.0.tar.gz')).toBe('dist/a-1.0.tar.gz');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });
});
