/**
 * The action's composition root: the only place that reads the runner's environment. It builds
 * a typed configuration, hands the core plain values and small interfaces, and turns the result
 * into outputs, a job summary and the step's status.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { SignConfig } from '../config.js';
import { describeError } from '../errors.js';
import { actionsArtifactUploader, defaultArtifactName } from '../publish/artifact.js';
import { octokitReleases } from '../publish/releases.js';
import { publishSigned, type PublishConfig } from '../publish/run.js';
import { publishSummaryMarkdown } from '../report/publish-report.js';
import { signFailureMessage, signOutputs, signSummaryMarkdown } from '../report/sign-report.js';
import {
  verifyFailureMessage,
  verifyOutputs,
  verifySummaryMarkdown,
} from '../report/verify-report.js';
import { runSign } from '../sign/run.js';
import { AmbientIdentityProvider, StaticIdentityProvider } from '../sigstore/identity.js';
import { runVerifyRelease, type VerifyReleaseConfig } from '../verify/release.js';
import { runVerify, type VerifyConfig, type VerifyReport } from '../verify/run.js';
import { readActionInputs, type GitHubAccess, type RunContext } from './inputs.js';
import { routeSigstoreLogs } from './sigstore-logs.js';

const env = process.env;
const baseDir = env.GITHUB_WORKSPACE || process.cwd();
const tufCachePath = env.RUNNER_TEMP ? `${env.RUNNER_TEMP}/sigstore-action-tuf` : undefined;
const apiURL = env.GITHUB_API_URL || 'https://api.github.com';

async function main(): Promise<void> {
  const secrets: string[] = [];
  const stopLogs = routeSigstoreLogs();
  const nothingDone =
    core.getInput('mode').trim().toLowerCase() === 'verify'
      ? '## Sigstore verification\n\n**Nothing was verified.**'
      : '## Sigstore signatures\n\n**Nothing was signed.**';
  try {
    const token = core.getInput('github-token');
    if (token) {
      core.setSecret(token);
      secrets.push(token);
    }
    const config = readActionInputs((name) => core.getInput(name), runContext());
    switch (config.mode) {
      case 'sign':
        await sign(config.sign, config.publish, config.github, secrets);
        break;
      case 'verify':
        await verify(config.verify);
        break;
      case 'verify-release':
        await verifyRelease(config.release, config.github);
        break;
    }
  } catch (err) {
    const message = describeError(err, secrets);
    core.setFailed(message);
    await writeSummary(`${nothingDone}\n\n${message}\n`);
  } finally {
    stopLogs();
  }
}

function runContext(): RunContext {
  let eventReleaseTag: string | undefined;
  if (env.GITHUB_EVENT_NAME === 'release' && env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        release?: { tag_name?: string };
      };
      eventReleaseTag = event.release?.tag_name;
    } catch (err) {
      core.warning(
        `could not read the event payload ${env.GITHUB_EVENT_PATH}: ${describeError(err)}`,
      );
    }
  }
  return {
    repository: env.GITHUB_REPOSITORY,
    ref: env.GITHUB_REF,
    eventReleaseTag,
    defaultArtifactName: defaultArtifactName(env),
  };
}

async function sign(
  config: SignConfig,
  publish: PublishConfig,
  github: GitHubAccess | undefined,
  secrets: string[],
): Promise<void> {
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
  const failure = signFailureMessage(report, secrets);
  if (failure) {
    // Nothing is published from a run that did not sign every file.
    await writeSummary(signSummaryMarkdown(report));
    core.setFailed(failure);
    return;
  }
  try {
    const published = await publishSigned(report, publish, {
      artifacts: publish.artifact ? actionsArtifactUploader() : undefined,
      trustedRoot: report.instance.trustedRoot,
      releases: github ? octokitReleases({ ...github, apiURL }) : undefined,
      artifactURL: (id) =>
        `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`,
      action:
        env.GITHUB_ACTION_REPOSITORY && env.GITHUB_ACTION_REF
          ? { repository: env.GITHUB_ACTION_REPOSITORY, ref: env.GITHUB_ACTION_REF }
          : undefined,
    });
    if (published.artifact) {
      core.setOutput('artifact-id', String(published.artifact.id));
      core.setOutput('artifact-url', published.artifact.url);
    }
    await writeSummary(signSummaryMarkdown(report) + publishSummaryMarkdown(published));
  } catch (err) {
    await writeSummary(
      signSummaryMarkdown(report) +
        `\n### Publishing failed\n\nThe bundles are written in the workspace, but: ${describeError(err, secrets)}\n`,
    );
    throw err;
  }
}

async function verify(config: VerifyConfig): Promise<void> {
  await finishVerify(await runVerify(config, { baseDir, tufCachePath }));
}

async function verifyRelease(config: VerifyReleaseConfig, github: GitHubAccess): Promise<void> {
  const api = octokitReleases({ ...github, apiURL });
  await finishVerify(
    await runVerifyRelease(config, api, { tufCachePath, tempDir: env.RUNNER_TEMP }),
  );
}

async function finishVerify(report: VerifyReport): Promise<void> {
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
