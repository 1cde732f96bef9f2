/**
 * The action's composition root: the only place that reads the runner's environment. It builds
 * a typed configuration, says what it is about to do, then loads and runs the engine (which
 * gets plain values and small interfaces) and reports the step's status.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { describeError } from '../errors.js';
import { errorMarkdown } from '../report/markdown.js';
import { defaultArtifactName } from '../publish/artifact-name.js';
import { allowedHTTPHosts } from '../sigstore/destinations.js';
import { printableMessage } from '../report/log-text.js';
import { describeConfig } from './describe.js';
import { readActionInputs, type RunContext } from './inputs.js';
import { checkKnownInputs } from './known-inputs.js';
import { routeSigstoreLogs } from './sigstore-logs.js';
import { writeSummary } from './summary.js';

const env = process.env;

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
    // Before anything else: a with: key this action does not know is refused, not dropped.
    checkKnownInputs(env);
    const config = readActionInputs((name) => core.getInput(name), runContext());
    core.info(describeConfig(config));
    if (config.mode === 'sign') {
      for (const notice of config.notices) core.notice(printableMessage(notice));
    }
    const { runAction } = await import('./run.js');
    await runAction(config, {
      env,
      baseDir: env.GITHUB_WORKSPACE || process.cwd(),
      // RUNNER_TEMP is the job's own; elsewhere, the user's cache directory (tuf.ts).
      tufCachePath: env.RUNNER_TEMP ? `${env.RUNNER_TEMP}/sigstore-action-tuf` : undefined,
      httpHosts: allowedHTTPHosts(env),
      apiURL: env.GITHUB_API_URL || 'https://api.github.com',
      secrets,
    });
  } catch (err) {
    core.setFailed(describeError(err, secrets));
    await writeSummary(`${nothingDone}\n\n${errorMarkdown(err, secrets)}\n`);
  } finally {
    stopLogs();
  }
}

function runContext(): RunContext {
  let eventReleaseTag: string | undefined;
  let eventAction: string | undefined;
  if (env.GITHUB_EVENT_NAME === 'release' && env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        action?: unknown;
        release?: { tag_name?: string };
      };
      eventReleaseTag = event.release?.tag_name;
      eventAction = typeof event.action === 'string' ? event.action : undefined;
    } catch (err) {
      core.warning(
        `could not read the event payload ${env.GITHUB_EVENT_PATH}: ${describeError(err)}`,
      );
    }
  }
  return {
    repository: env.GITHUB_REPOSITORY,
    ref: env.GITHUB_REF,
    eventName: env.GITHUB_EVENT_NAME,
    eventAction,
    eventReleaseTag,
    defaultArtifactName: defaultArtifactName(env),
  };
}

await main();
