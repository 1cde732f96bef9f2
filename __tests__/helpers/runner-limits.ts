/**
 * What a GitHub runner and the Actions service refuse of a step's file commands, so that no test
 * passes where a real run would lose its summary or outputs (issue 15). runAction applies these to
 * every step it runs.
 */

/**
 * The runner drops a step summary file larger than 1 MiB whole (raw bytes, `fileSize >
 * AttachmentSizeLimit` with `AttachmentSizeLimit = 1024 * 1024`) and reports this error annotation:
 * actions/runner src/Runner.Worker/FileCommandManager.cs (CreateStepSummaryCommand.ProcessCommand)
 * and src/Runner.Common/Constants.cs (UnsupportedSummarySize), commit
 * 258d6c857db3519913f7deb6004b60172f8043ae. The runner does not fail the step for it; the emulation
 * does, since a summary that GitHub throws away is a failure of ours.
 */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

/**
 * GitHub's docs: "Outputs can be a maximum of 1 MB per job. The total of all outputs in a workflow
 * run can be a maximum of 50 MB. Size is approximated based on UTF-16 encoding." (github/docs
 * data/reusables/actions/output-limitations.md since github/docs#36846, 2025-03; before it: "Outputs
 * are Unicode strings, and can be a maximum of 1 MB."). The runner itself does not check outputs
 * (SetOutputFileCommand in the FileCommandManager.cs above); the service does, when a job maps step
 * outputs to job outputs. Uncertain: whether "MB" is 10^6 or 2^20 bytes and what "approximated
 * based on UTF-16" counts, so the emulation takes the strict reading: 1,000,000 bytes, 2 bytes per
 * UTF-16 code unit, for each output and for all the step's outputs together (a job may map them all).
 */
export const OUTPUT_LIMIT_BYTES = 1_000_000;

/** Size of a string as GitHub approximates it for outputs (UTF-16: 2 bytes per code unit). */
export function outputBytes(value: string): number {
  return value.length * 2;
}

/**
 * What GitHub would refuse of a step's summary (its raw bytes) and outputs: one message each,
 * empty when GitHub takes everything.
 */
export function runnerLimitViolations(
  summaryBytes: number,
  outputs: Record<string, string>,
): string[] {
  const violations: string[] = [];
  if (summaryBytes > STEP_SUMMARY_LIMIT_BYTES) {
    violations.push(
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${String(
        STEP_SUMMARY_LIMIT_BYTES / 1024,
      )}k, got ${String(Math.floor(summaryBytes / 1024))}k.`,
    );
  }
  let total = 0;
  for (const [name, value] of Object.entries(outputs)) {
    const bytes = outputBytes(name) + outputBytes(value);
    total += bytes;
    if (bytes > OUTPUT_LIMIT_BYTES) {
      violations.push(
        `output ${JSON.stringify(name)} is ${String(bytes)} bytes (UTF-16); GitHub takes at most ${String(OUTPUT_LIMIT_BYTES)} (1 MB)`,
      );
    }
  }
  if (total > OUTPUT_LIMIT_BYTES) {
    violations.push(
      `the step's outputs total ${String(total)} bytes (UTF-16); GitHub takes at most ${String(OUTPUT_LIMIT_BYTES)} (1 MB) per job`,
    );
  }
  return violations;
}
