// The runner emulation's limits (__tests__/helpers/runner-limits.ts): what GitHub refuses of a
// step summary and of outputs, exactly at and just past each line.
import { parseOutputFile } from '../../helpers/action.js';
import {
  OUTPUT_LIMIT_BYTES,
  outputBytes,
  runnerLimitViolations,
  STEP_SUMMARY_LIMIT_BYTES,
} from '../../helpers/runner-limits.js';

describe('the runner emulation refuses what GitHub refuses', () => {
  it("takes a step summary of exactly 1 MiB and refuses one byte more, in the runner's words", () => {
    expect(STEP_SUMMARY_LIMIT_BYTES).toBe(1_048_576);
    expect(runnerLimitViolations(STEP_SUMMARY_LIMIT_BYTES, {})).toEqual([]);
    expect(runnerLimitViolations(1_342_177, {})).toEqual([
      '$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1310k.',
    ]);
    expect(runnerLimitViolations(STEP_SUMMARY_LIMIT_BYTES + 1, {})).toHaveLength(1);
  });

  it('sizes outputs as UTF-16 (2 bytes per code unit)', () => {
    expect(outputBytes('ab')).toBe(4);
    expect(outputBytes('é')).toBe(2);
    expect(outputBytes('🔏')).toBe(4);
  });

  it('takes an output at 1 MB and refuses one over it, by name', () => {
    const name = 'results';
    const fits = 'x'.repeat(OUTPUT_LIMIT_BYTES / 2 - name.length);
    expect(runnerLimitViolations(0, { [name]: fits })).toEqual([]);
    const violations = runnerLimitViolations(0, { [name]: `${fits}x` });
    expect(violations[0]).toMatch(/^output "results" is 1000002 bytes/);
  });

  it('refuses outputs that fit one by one but not together', () => {
    const half = 'x'.repeat(OUTPUT_LIMIT_BYTES / 4);
    expect(runnerLimitViolations(0, { a: half, b: half })).toEqual([
      `the step's outputs total 1000004 bytes (UTF-16); GitHub takes at most 1000000 (1 MB) per job`,
    ]);
    expect(runnerLimitViolations(0, { a: half.slice(1), b: half.slice(1) })).toEqual([]);
  });

  it('measures the outputs as the runner reads them from GITHUB_OUTPUT', () => {
    const value = 'y'.repeat(OUTPUT_LIMIT_BYTES / 2);
    const outputs = parseOutputFile(`bundles<<EOF_1\n${value}\nEOF_1\ncount=3\n`);
    expect(outputs.bundles).toBe(value);
    expect(runnerLimitViolations(0, outputs)[0]).toMatch(/^output "bundles"/);
  });
});
