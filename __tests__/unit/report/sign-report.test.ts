import type { Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { ActionError } from '../../../src/errors.js';
import { NetworkStats } from '../../../src/net/service-client.js';
import type { SignTarget } from '../../../src/plan/sign-plan.js';
import {
  signFailureMessage,
  signOutputs,
  signSummaryMarkdown,
} from '../../../src/report/sign-report.js';
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
            error: new ActionError('TLOG_FAILED', 'Rekor said no'),
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
        logIndex: 100,
      },
      {
        path: 'b c.txt',
        sha256: '1'.repeat(64),
        size: 10,
        bundle: 'b c.txt.sigstore.json',
        logIndex: 101,
      },
    ]);
  });

  it('summarises a success with search links and paste-able commands', () => {
    const md = signSummaryMarkdown(report(['a.txt', 'b c.txt']));
    expect(md).toContain(
      'Signed **2 files** with Sigstore public-good (Rekor v1 + timestamp authority).',
    );
    expect(md).toContain(
      '| `a.txt` | ✅&nbsp;signed | [100](https://search.sigstore.dev/?logIndex=100) |',
    );
    expect(md).toContain('Each bundle is written beside its file, as `<file>.sigstore.json`.');
    expect(md).toContain('- `a.txt`: SHA-256 `' + '0'.repeat(64) + '`');
    expect(md).toContain(
      'cosign verify-blob a.txt \\\n  --bundle a.txt.sigstore.json \\\n  --new-bundle-format',
    );
  });

  it("pins every printed command to the signing run's repository, not only to the identity", () => {
    const md = signSummaryMarkdown(report(['a.txt']));
    const flags = (...lines: string[]): string => lines.join(' \\\n  ');
    expect(md).toContain(
      flags(
        'sigstore-action verify a.txt',
        '--bundle a.txt.sigstore.json',
        `--cert-identity ${ID}`,
        '--cert-oidc-issuer https://token.actions.githubusercontent.com',
        '--github-repository o/r',
      ),
    );
    expect(md).toContain(
      flags(
        'sigstore verify github a.txt',
        '--bundle a.txt.sigstore.json',
        `--cert-identity ${ID}`,
        '--repository o/r',
      ),
    );
    expect(md).toContain(
      flags(
        '--certificate-oidc-issuer https://token.actions.githubusercontent.com',
        '--certificate-github-workflow-repository o/r',
      ),
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
    expect(md).toContain('| `a.txt` | ✅&nbsp;signed | 7 |');
    expect(md).toContain(`Transparency log: \`${REKOR_V2_URL}\`.`);
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
    // The second log is not in the trusted root: its entry is not taken for one of the first.
    expect(md).toContain(
      '| [5](https://search.sigstore.dev/?logIndex=5)<br>9&nbsp;(unknown&nbsp;log) |',
    );
    expect(md).toContain(
      'Transparency log: `https://rekor.sigstore.dev`; an index links to its entry on search.sigstore.dev.',
    );
    // Two logs of the trusted root (Rekor v2 signs into both): each index names its log.
    const v2 = signSummaryMarkdown(
      report(
        ['a.txt'],
        undefined,
        () => [
          { logIndex: '5', logId: REKOR_V1_ID, version: '0.0.1' },
          { logIndex: '9', logId: REKOR_V2_ID, version: '0.0.2' },
        ],
        [
          { url: 'https://rekor.sigstore.dev', majorApiVersion: 1 },
          { url: REKOR_V2_URL, majorApiVersion: 2 },
        ],
      ),
    );
    expect(v2).toContain(
      '| [5](https://search.sigstore.dev/?logIndex=5)&nbsp;(log&nbsp;1)<br>9&nbsp;(log&nbsp;2) |',
    );
    expect(v2).toContain(
      `Transparency logs: log 1 \`https://rekor.sigstore.dev\`, log 2 \`${REKOR_V2_URL}\`; an index links to its entry on search.sigstore.dev.`,
    );
  });

  it('says which files were signed, which failed and which were not attempted', () => {
    const md = signSummaryMarkdown(report(['a', 'b', 'c', 'd'], 1));
    expect(md).toContain('**Signing failed.** 1 of 4 files signed; 1 failed, 2 not attempted.');
    expect(md).toContain(
      '| `a` | ✅&nbsp;signed | [100](https://search.sigstore.dev/?logIndex=100) |',
    );
    expect(md).toContain('| `b` | ❌&nbsp;failed |  |');
    expect(md).toContain('| `c` | ⏸️&nbsp;not&nbsp;attempted |  |');
    // The reason, once and whole, below the table; each name only in its row.
    expect(md).toContain('### Why it failed\n\nRekor said no (TLOG_FAILED)');
    expect(md).toContain('Signing stops at the first failure: 2 files were not attempted.');
    expect(md.split('`b`')).toHaveLength(2);
  });

  it('states a cause shared by many files once, with the files it failed', () => {
    const names = Array.from({ length: 30 }, (_, i) => `f-${i}`);
    const r = report(names, 0);
    const outage = (s: string): ActionError =>
      new ActionError(
        'TLOG_FAILED',
        `Rekor (POST https://rekor.example/api/v1/log/entries) did not answer within the run's deadline of 6 s (1 attempt; last: no complete answer within ${s} s).`,
      );
    const failed = names.slice(0, 25).map((_, i) => ({
      target: r.targets[i],
      error: outage(i % 2 ? '5.8' : '5.7'),
    }));
    const many = { ...r, outcome: { signed: [], failed, skipped: r.targets.slice(25) } };
    const message = signFailureMessage(many, [])!;
    expect(message.split('\n')).toEqual([
      '25 files could not be signed (5 more not attempted):',
      expect.stringMatching(
        /^ {2}- f-0, f-1, f-2, .*, f-19 and 5 more: Rekor \(POST .*\) did not answer .* \[TLOG_FAILED\]$/,
      ),
    ]);
    const md = signSummaryMarkdown(many);
    expect(md.split('did not answer')).toHaveLength(2);
    expect(md).toContain('### Why it failed');
    expect(md).toContain('| `f-24` | ❌&nbsp;failed |  |');
    expect(md).toContain('Signing stops at the first failure: 5 files were not attempted.');
    // Two causes: numbered, and each row says which.
    const two = {
      ...r,
      outcome: {
        signed: [],
        failed: [
          ...failed,
          { target: r.targets[25], error: new ActionError('TSA_FAILED', 'TSA down') },
        ],
        skipped: r.targets.slice(26),
      },
    };
    const md2 = signSummaryMarkdown(two);
    expect(md2).toContain('### Why they failed\n\n1. Rekor (POST');
    expect(md2).toContain('\n2. TSA down (TSA_FAILED)');
    expect(md2).toContain('| `f-0` | ❌&nbsp;failed&nbsp;(1) |  |');
    expect(md2).toContain('| `f-25` | ❌&nbsp;failed&nbsp;(2) |  |');
    expect(signFailureMessage(two, [])).toContain('\n  - f-25: TSA down [TSA_FAILED]');
  });

  it('lists the files instead of a table when a name has a word too long for a column', () => {
    const long = `dist/sha256-${'0123456789abcdef'.repeat(4)}.tar.gz`;
    const md = signSummaryMarkdown(report([long, 'b.txt']));
    expect(md).not.toContain('| File |');
    expect(md).toContain(
      `- \`${long}\`: ✅ signed, log index [100](https://search.sigstore.dev/?logIndex=100)`,
    );
  });

  it('names a bundle only where it is not beside its file', () => {
    const r = report(['dist/a.txt']);
    const moved = {
      ...r,
      outcome: {
        ...r.outcome,
        signed: r.outcome.signed.map((s) => ({
          ...s,
          target: {
            ...s.target,
            bundlePath: '/ws/sigs/a.txt.sigstore.json',
            bundleDisplayPath: 'sigs/a.txt.sigstore.json',
          },
        })),
      },
    };
    expect(signSummaryMarkdown(r)).not.toContain('bundle `');
    const md = signSummaryMarkdown(moved);
    expect(md).toContain('- `dist/a.txt`, bundle `sigs/a.txt.sigstore.json`: SHA-256');
    expect(md).toContain('<summary>SHA-256 digests and bundle paths</summary>');
  });

  it('quotes words for the shell only when needed', () => {
    expect(shellQuote('dist/a-1.0.tar.gz')).toBe('dist/a-1.0.tar.gz');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });
});
