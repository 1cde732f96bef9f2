import {
  verifyFailureMessage,
  verifyOutputs,
  verifySummaryMarkdown,
} from '../../../src/report/verify-report.js';
import { IDENTITY, verifyReport } from '../../helpers/report-fixtures.js';

const OTHER = 'https://github.com/octo-org/shared/.github/workflows/sign.yml@refs/tags/v2';

describe('verify report', () => {
  it('outputs the log index as a number', () => {
    const outputs = verifyOutputs(verifyReport([{ name: 'a.txt', logIndex: '771488337' }]));
    expect(JSON.parse(outputs.results)).toEqual([
      expect.objectContaining({ path: 'a.txt', logIndex: 771488337, identity: IDENTITY }),
    ]);
  });

  it('keeps the table to file and result; the reasons below it, whole, once each', () => {
    const reason = `signed by ${OTHER}, expected ${IDENTITY}`;
    const report = verifyReport([
      { name: 'a.txt' },
      { name: 'b.txt', failure: { code: 'POLICY_MISMATCH', message: reason } },
      {
        name: 'c.txt',
        failure: { code: 'BUNDLE_NOT_FOUND', message: 'no bundle: looked for c.txt.sigstore.json' },
      },
    ]);
    const md = verifySummaryMarkdown(report);
    expect(md).toContain('**2 of 3 files did not verify**');
    expect(md).toContain('| File | Result |\n| --- | --- |\n| `a.txt` | ✅&nbsp;verified |');
    expect(md).toContain('| `b.txt` | ❌&nbsp;failed&nbsp;(1) |');
    expect(md).toContain('| `c.txt` | ❌&nbsp;failed&nbsp;(2) |');
    expect(md).toContain('### Why they failed');
    expect(md).toContain('(POLICY_MISMATCH)');
    expect(md).toContain(`Signed by \`${IDENTITY}\`.`);
    // The bundle beside its file is not named again: each name once, outside the folded block.
    const visible = md.split('<details>')[0];
    expect(visible.split('`a.txt').length - 1).toBe(1);
    expect(md).not.toContain('a.txt.sigstore.json');
    expect(verifyFailureMessage(report)).toBe(
      '2 of 3 files did not verify:\n' +
        `  - b.txt: signed by ${OTHER}, expected ${IDENTITY} [POLICY_MISMATCH]\n` +
        '  - c.txt: no bundle: looked for c.txt.sigstore.json [BUNDLE_NOT_FOUND]',
    );
  });

  it('says "1 file", and names each signer only when they differ', () => {
    expect(verifySummaryMarkdown(verifyReport([{ name: 'a' }]))).toContain('**1 file verified**');
    const md = verifySummaryMarkdown(
      verifyReport([
        { name: 'a' },
        { name: 'b', identity: OTHER },
        { name: 'c', bundle: 'sigs/c.json' },
      ]),
    );
    expect(md).not.toContain('Signed by `');
    expect(md).toContain(`- \`b\`: signed by \`${OTHER}\``);
    expect(md).toContain('bundle `sigs/c.json`');
    expect(md).toContain('<summary>What the 3 verified bundles held</summary>');
  });

  it('lists the files instead of a table when a name has a word too long for a column', () => {
    const long = 'x'.repeat(100);
    const md = verifySummaryMarkdown(verifyReport([{ name: long }]));
    expect(md).not.toContain('| File |');
    expect(md).toContain(`- \`${long}\`: ✅ verified`);
  });
});
