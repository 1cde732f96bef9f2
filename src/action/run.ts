/**
 * What the action does once its configuration is read: sign (and publish), verify files, or
 * verify a release. Loaded by main.ts after its first log line, so the step reports at once
 * while the Sigstore and GitHub libraries load.
 */
import path from 'node:path';
import * as core from '@actions/core';
import type { SignConfig } from '../config.js';
import type { ReleasesAPI } from '../publish/releases.js';
import { preflightPublish } from '../publish/preflight.js';
import { publishSigned, type PublishConfig } from '../publish/run.js';
import { errorMarkdown } from '../report/markdown.js';
import { publishSummaryMarkdown } from '../report/publish-report.js';
import { signFailureMessage, signOutputs, signSummaryMarkdown } from '../report/sign-report.js';
import {
  verifyFailureMessage,
  verifyOutputs,
  verifySummaryMarkdown,
} from '../report/verify-report.js';
import { networkOptions, type NetworkOptions } from '../net/service-client.js';
import { runSign } from '../sign/run.js';
import { runnerTokenFetcher } from '../sigstore/runner-token.js';
import { AmbientIdentityProvider, StaticIdentityProvider } from '../sigstore/identity.js';
import { runVerifyRelease, type VerifyReleaseConfig } from '../verify/release.js';
import { runVerify, type VerifyConfig, type VerifyReport } from '../verify/run.js';
import type { ActionConfig, GitHubAccess } from './inputs.js';
import { writeSummary } from './summary.js';
import { VERSION } from '../version.js';

/** The runner's environment, as main.ts read it. */
export interface ActionEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths are resolved here (the workspace). */
  readonly baseDir: string;
  readonly tufCachePath?: string;
  /** Hosts besides loopback that service URLs may name over plain http (destinations.ts). */
  readonly httpHosts?: readonly string[];
  readonly apiURL: string;
  /** Credentials seen so far: masked from every message. */
  readonly secrets: string[];
}

export async function runAction(config: ActionConfig, context: ActionEnvironment): Promise<void> {
  switch (config.mode) {
    case 'sign':
      return sign(config.sign, config.publish, config.github, context);
    case 'verify':
      return verify(config.verify, context);
    case 'verify-release':
      return verifyRelease(config.release, config.github, context);
  }
}

async function sign(
  config: SignConfig,
  publish: PublishConfig,
  github: GitHubAccess | undefined,
  context: ActionEnvironment,
): Promise<void> {
  const { env, baseDir, tufCachePath, httpHosts, secrets } = context;
  if (config.identityToken) {
    core.setSecret(config.identityToken);
    secrets.push(config.identityToken);
  }
  const network = networkOptions(config.timeoutMinutes);
  const identityProvider = config.identityToken
    ? new StaticIdentityProvider(config.identityToken, { audience: config.oidcAudience })
    : new AmbientIdentityProvider(
        env,
        runnerTokenFetcher(env, network, (token) => secrets.push(token)),
        config.oidcAudience,
      );
  // The GitHub clients are most of the bundle: loaded only when publishing asks for them.
  const releases = github ? await releasesAPI(github, context.apiURL, network) : undefined;
  // A release that is missing or locked, an unreachable GitHub, or a name GitHub would not
  // keep, is refused before anything is signed: the step fails without leaving bundles and log
  // entries behind.
  const report = await runSign(config, {
    baseDir,
    identityProvider,
    tufCachePath,
    httpHosts,
    network,
    beforeSigning: async (targets) => {
      await preflightPublish(targets, publish, releases);
    },
  });
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
      artifacts: publish.artifact
        ? (await import('../publish/artifact.js')).actionsArtifactUploader()
        : undefined,
      trustedRoot: report.instance.trustedRoot,
      releases,
      artifactURL: (id) =>
        `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`,
      // The CLI of this very build: dist/ says package.json's version, released as v<version>.
      action: env.GITHUB_ACTION_REPOSITORY
        ? {
            repository: env.GITHUB_ACTION_REPOSITORY,
            version: VERSION,
            ref: env.GITHUB_ACTION_REF || undefined,
          }
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
        `\n### Publishing failed\n\nThe bundles are written in the workspace, but: ${errorMarkdown(err, secrets)}\n`,
    );
    throw err;
  }
}

async function verify(config: VerifyConfig, context: ActionEnvironment): Promise<void> {
  const { baseDir, tufCachePath, httpHosts } = context;
  await finishVerify(await runVerify(config, { baseDir, tufCachePath, httpHosts }));
}

async function verifyRelease(
  config: VerifyReleaseConfig,
  github: GitHubAccess,
  context: ActionEnvironment,
): Promise<void> {
  const api = await releasesAPI(github, context.apiURL);
  const downloadDirectory =
    config.downloadDirectory && path.resolve(context.baseDir, config.downloadDirectory);
  const report = await runVerifyRelease({ ...config, downloadDirectory }, api, {
    tufCachePath: context.tufCachePath,
    httpHosts: context.httpHosts,
    tempDir: context.env.RUNNER_TEMP,
  });
  // Set once the run got that far: the directory then holds the assets that verified.
  if (downloadDirectory) core.setOutput('download-directory', downloadDirectory);
  await finishVerify(report);
}

async function finishVerify(report: VerifyReport): Promise<void> {
  for (const [name, value] of Object.entries(verifyOutputs(report))) core.setOutput(name, value);
  await writeSummary(verifySummaryMarkdown(report));
  const failure = verifyFailureMessage(report);
  if (failure) core.setFailed(failure);
}

async function releasesAPI(
  github: GitHubAccess,
  apiURL: string,
  network?: NetworkOptions,
): Promise<ReleasesAPI> {
  const { octokitReleases } = await import('../publish/releases.js');
  return octokitReleases({ ...github, apiURL, network });
}
