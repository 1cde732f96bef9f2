/**
 * The action's composition root: the only place that reads the runner's environment. It builds
 * a typed configuration, hands the core plain values and small interfaces, and turns the result
 * into outputs, a job summary and the step's status.
 */
import * as core from '@actions/core';
import type { SignConfig } from '../config.js';
import { describeError } from '../errors.js';
import { signFailureMessage, signOutputs, signSummaryMarkdown } from '../report/sign-report.js';
import {
  verifyFailureMessage,
  verifyOutputs,
  verifySummaryMarkdown,
} from '../report/verify-report.js';
import { runSign } from '../sign/run.js';
import { AmbientIdentityProvider, StaticIdentityProvider } from '../sigstore/identity.js';
import { runVerify, type VerifyConfig } from '../verify/run.js';
import { readActionInputs } from './inputs.js';
import { routeSigstoreLogs } from './sigstore-logs.js';

const env = process.env;
const baseDir = env.GITHUB_WORKSPACE || process.cwd();
const tufCachePath = env.RUNNER_TEMP ? `${env.RUNNER_TEMP}/sigstore-action-tuf` : undefined;

async function main(): Promise<void> {
  const secrets: string[] = [];
  const stopLogs = routeSigstoreLogs();
  const nothingDone =
    core.getInput('mode').trim().toLowerCase() === 'verify'
      ? '## Sigstore verification\n\n**Nothing was verified.**'
      : '## Sigstore signatures\n\n**Nothing was signed.**';
  try {
    const config = readActionInputs((name) => core.getInput(name));
    if (config.mode === 'sign') await sign(config.sign, secrets);
    else await verify(config.verify);
  } catch (err) {
    const message = describeError(err, secrets);
    core.setFailed(message);
    await writeSummary(`${nothingDone}\n\n${message}\n`);
  } finally {
    stopLogs();
  }
}

async function sign(config: SignConfig, secrets: string[]): Promise<void> {
  if (config.identityToken) {
    core.setSecret(config.identityToken);
    secrets.push(config.identityToken);
  }
  const identityProvider = config.identityToken
    ? new StaticIdentityProvider(config.identityToken)
    : new AmbientIdentityProvider(env, async (audience) => {
        const token = await core.getIDToken(audience);
        secrets.push(token);
        return token;
      });
  const report = await runSign(config, { baseDir, identityProvider, tufCachePath });
  for (const [name, value] of Object.entries(signOutputs(report))) core.setOutput(name, value);
  await writeSummary(signSummaryMarkdown(report));
  const failure = signFailureMessage(report, secrets);
  if (failure) core.setFailed(failure);
}

async function verify(config: VerifyConfig): Promise<void> {
  const report = await runVerify(config, { baseDir, tufCachePath });
  for (const [name, value] of Object.entries(verifyOutputs(report))) core.setOutput(name, value);
  await writeSummary(verifySummaryMarkdown(report));
  const failure = verifyFailureMessage(report);
  if (failure) core.setFailed(failure);
}

async function writeSummary(markdown: string): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).addEOL().write();
  } catch (err) {
    core.warning(`could not write the job summary: ${describeError(err)}`);
  }
}

await main();
