import path from 'node:path';
import { ActionError, AggregateActionError } from '../errors.js';
import type { SignTarget } from '../plan/sign-plan.js';
import { artifactPathProblem, commonDirectory, controlCharacter } from './artifact-name.js';
import { immutableError } from './attach.js';
import { findRelease, type PublishConfig } from './run.js';
import type { Release, ReleasesAPI } from './releases.js';

/**
 * What publishing will need, checked BEFORE anything is signed: names the artifact service and
 * GitHub keep as they are, and a release that exists and still takes assets. Publishing runs
 * after signing, so without this a missing release or a name GitHub rewrites would leave a run
 * with every bundle written and signed into the log, and nothing published. The signing run
 * calls it with its own plan (SignEnvironment.beforeSigning), before its first request.
 */
export async function preflightPublish(
  targets: readonly SignTarget[],
  publish: PublishConfig,
  releases?: ReleasesAPI,
): Promise<Release | undefined> {
  if (!publish.artifact && !publish.release) return undefined;
  const problems = [
    ...(publish.artifact ? artifactProblems(targets, publish.artifact.includeFiles) : []),
    ...(publish.release ? assetNameProblems(targets) : []),
  ];
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new AggregateActionError(
      problems[0].code,
      `${problems.length} files cannot be published under their names (nothing was signed):`,
      problems,
    );
  }
  if (!publish.release || !releases) return undefined;
  const release = await findRelease(releases, publish.release.tag);
  if (release.immutable) throw immutableError(release);
  return release;
}

/**
 * A release asset is named after the bundle's file name. GitHub rewrites names with control
 * characters (and `\` is a path separator on Windows): the asset would not be called what the
 * bundle is, and nobody could find it by the signed file's name.
 */
export function assetNameProblems(targets: readonly SignTarget[]): ActionError[] {
  const problems: ActionError[] = [];
  for (const target of targets) {
    const name = path.basename(target.bundlePath);
    const control = controlCharacter(name);
    const what = control
      ? `a control character (${control})`
      : name.includes('\\')
        ? 'a path separator ("\\")'
        : undefined;
    if (what) {
      problems.push(
        new ActionError(
          'ASSET_NAME_INVALID',
          `release-signing-artifacts: the bundle of ${JSON.stringify(target.displayPath)} would be the release asset ${JSON.stringify(name)}, whose name has ${what}, which GitHub does not keep in asset names; rename the file, or leave it out of inputs (e.g. with "!").`,
        ),
      );
    }
  }
  return problems;
}

/** Files whose path inside the workflow artifact the artifact service would refuse. */
function artifactProblems(targets: readonly SignTarget[], includeFiles: boolean): ActionError[] {
  const files = includeFiles
    ? targets.flatMap((t) => [t.path, t.bundlePath])
    : targets.map((t) => t.bundlePath);
  const root = commonDirectory(files);
  const problems: ActionError[] = [];
  for (const file of files) {
    const inArtifact = path.relative(root, file);
    const problem = artifactPathProblem(inArtifact);
    if (problem) {
      problems.push(
        new ActionError(
          'ASSET_NAME_INVALID',
          `upload-signing-artifacts: ${JSON.stringify(inArtifact)} cannot be put in a workflow artifact, because its name contains ${problem} (the artifact service refuses " : < > | * ? and control characters in file names); rename the file, or leave it out of inputs (e.g. with "!").`,
        ),
      );
    }
  }
  return problems;
}
