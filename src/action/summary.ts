import * as core from '@actions/core';
import { describeError } from '../errors.js';

/** Appends to the job summary; a failure to write it is a warning, never the step's failure. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).addEOL().write();
  } catch (err) {
    core.warning(`could not write the job summary: ${describeError(err)}`);
  }
}
