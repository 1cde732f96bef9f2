/**
 * The action's composition root: the only place that reads the runner's environment. It builds
 * a typed configuration, hands the core plain values and small interfaces, and turns the result
 * into outputs, a job summary and the step's status.
 */
import * as core from '@actions/core';
import { describeError } from '../errors.js';
import { signOutputs, signSummaryMarkdown } from '../report/sign-report.js';
import { runSign, type SignReport } from '../sign/run.js';
import { AmbientIdentityProvider, StaticIdentityProvider } from '../sigstore/identity.js';
import { readSignInputs } from './inputs.js';
import { routeSigstoreLogs } from './sigstore-logs.js';

async function main(): Promise<void> {
  const secrets: string[] = [];
  const stopLogs = routeSigstoreLogs();
  try {
    const config = readSignInputs((name) => core.getInput(name));
    if (config.identityToken) {
      core.setSecret(config.identityToken);
      secrets.push(config.identityToken);
    }
    const identityProvider = config.identityToken
      ? new StaticIdentityProvider(config.identityToken)
      : new AmbientIdentityProvider(process.env, async (audience) => {
          const token = await core.getIDToken(audience);
          secrets.push(token);
          return token;
        });
    const report = await runSign(config, {
      baseDir: process.env.GITHUB_WORKSPACE || process.cwd(),
      identityProvider,
      tufCachePath: process.env.RUNNER_TEMP
        ? `${process.env.RUNNER_TEMP}/sigstore-action-tuf`
        : undefined,
    });
    publish(report);
    await writeSummary(signSummaryMarkdown(report));
    const { failed, skipped } = report.outcome;
    if (failed.length > 0) {
      const causes = failed.map((f) => `  - ${describeError(f.error, secrets)}`).join('\n');
      core.setFailed(
        `${failed.length} file${failed.length === 1 ? '' : 's'} could not be signed` +
          (skipped.length ? ` (${skipped.length} more not attempted)` : '') +
          `:\n${causes}`,
      );
    }
  } catch (err) {
    const message = describeError(err, secrets);
    core.setFailed(message);
    await writeSummary(`## Sigstore signatures\n\n**Nothing was signed.**\n\n${message}\n`);
  } finally {
    stopLogs();
  }
}

function publish(report: SignReport): void {
  const outputs = signOutputs(report);
  core.setOutput('bundles', outputs.bundles);
  core.setOutput('identity', outputs.identity);
  core.setOutput('results', outputs.results);
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write();
  } catch (err) {
    core.warning(`could not write the job summary: ${describeError(err)}`);
  }
}

await main();
