import type { Bundle } from '@sigstore/bundle';
import { ActionError } from '../../../src/errors.js';
import { NetworkStats } from '../../../src/net/service-client.js';
import type { SignTarget } from '../../../src/plan/sign-plan.js';
import { signOutputs, signSummaryMarkdown } from '../../../src/report/sign-report.js';
import { shellQuote } from '../../../src/report/shell.js';
import type { SignReport } from '../../../src/sign/run.js';

const ID = 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1';

function target(name: string): SignTarget {
  return {
    path: `/ws/${name}`,
    displayPath: name,
    bundlePath: `/ws/${name}.sigstore.json`,
    bundleDisplayPath: `${name}.sigstore.json`,
  };
}

function report(names: string[], failAt?: number): SignReport {
  const targets = names.map(target);
  const signed = targets
    .filter((_, i) => failAt === undefined || i < failAt)
    .map((t, i) => ({
      target: t,
      sha256: String(i).repeat(64).slice(0, 64),
      size: 10,
      identity: ID,
      issuer: 'https://token.actions.githubusercontent.com',
      logIndex: String(100 + i),
      bundle: {} as Bundle,
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
      searchURL: (i) => `https://search.sigstore.dev/?logIndex=${i}`,
    },
    services: { fulcioURL: 'f', rekor: { url: 'r', majorApiVersion: 1 }, tsaURL: 't' },
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
      `sigstore verify identity a.txt --bundle a.txt.sigstore.json \\\n  --cert-identity ${ID}`,
    );
    expect(md).toContain(
      'cosign verify-blob a.txt --bundle a.txt.sigstore.json --new-bundle-format',
    );
  });

  it('says which files were signed, which failed and which were not attempted', () => {
    const md = signSummaryMarkdown(report(['a', 'b', 'c', 'd'], 1));
    expect(md).toContain('**Signing failed.** 1 of 4 files signed; 1 failed, 2 not attempted.');
    expect(md).toContain('- `b`: b: Rekor said no (TLOG_FAILED)');
    expect(md).toMatch(/### Not attempted[^]*- `c`\n- `d`/);
  });

  it('quotes words for the shell only when needed', () => {
    expect(shellQuote('dist/a-1.0.tar.gz')).toBe('dist/a-1.0.tar.gz');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });
});
