import { createHash } from 'node:crypto';
import path from 'node:path';
import { ActionError } from '../errors.js';

/**
 * A default artifact name that cannot collide: the job id alone is shared by every leg of a
 * matrix, and two steps of one job would clash too (a known pain of sigstore's Python action,
 * whose fixed name does). The runtime token names this very job run (a different id for each
 * matrix leg) and GITHUB_ACTION names the step; a short hash of both keeps the name readable.
 */
export function defaultArtifactName(env: NodeJS.ProcessEnv): string {
  const job = (env.GITHUB_JOB || 'job').replace(/[^\w.-]+/g, '-');
  const unique = createHash('sha256')
    .update(
      `${jobRunId(env.ACTIONS_RUNTIME_TOKEN) ?? env.GITHUB_RUN_ID ?? ''}\n${env.GITHUB_ACTION ?? ''}\n${env.GITHUB_RUN_ATTEMPT ?? ''}`,
    )
    .digest('hex')
    .slice(0, 8);
  return `sigstore-bundles-${job}-${unique}`;
}

/** The job run's backend id from the runtime token's `scp` claim (Actions.Results:<run>:<job>). */
function jobRunId(token: string | undefined): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString()) as {
      scp?: string;
    };
    return /Actions\.Results:[^:\s]+:([^\s]+)/.exec(payload.scp ?? '')?.[1];
  } catch {
    return undefined;
  }
}

/** The directory every file is under (what the artifact's paths are relative to). */
export function commonDirectory(files: readonly string[]): string {
  const parts = files.map((f) => path.dirname(path.resolve(f)).split(path.sep));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0][i]); i++)
    common.push(parts[0][i]);
  return common.join(path.sep) || path.sep;
}

/**
 * Characters the artifact service refuses in file paths inside an artifact (@actions/artifact's
 * list: NTFS cannot store them), and in an artifact's name, which is not a path: `/` and `\\` too.
 */
const INVALID_IN_ARTIFACT_PATHS = ['"', ':', '<', '>', '|', '*', '?'];
const INVALID_IN_ARTIFACT_NAMES = [...INVALID_IN_ARTIFACT_PATHS, '/', '\\'];

/** A control character (C0, DEL, C1), as `U+000A`; undefined when there is none. */
export function controlCharacter(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const c = /[\u0000-\u001f\u007f-\u009f]/.exec(text)?.[0];
  return c && `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The artifact name, checked before anything is signed: the artifact service would refuse it
 * only after every file was signed and every bundle written.
 */
export function checkArtifactName(name: string, input: string): string {
  const control = controlCharacter(name);
  const bad = INVALID_IN_ARTIFACT_NAMES.find((c) => name.includes(c));
  if (control || bad) {
    throw new ActionError(
      'INPUT_INVALID',
      `${input} is ${JSON.stringify(name)}, which contains ${control ? `a control character (${control})` : describeCharacter(bad!)}; an artifact name cannot contain path separators (/ \\), control characters or ${INVALID_IN_ARTIFACT_PATHS.join(' ')}. Choose a name without them, e.g. ${JSON.stringify(suggestName(name))}.`,
    );
  }
  return name;
}

/**
 * A path inside the artifact (relative to its root): why the artifact service would refuse it,
 * or undefined.
 */
export function artifactPathProblem(relativePath: string): string | undefined {
  const control = controlCharacter(relativePath);
  if (control) return `a control character (${control})`;
  const bad = INVALID_IN_ARTIFACT_PATHS.find((c) => relativePath.includes(c));
  return bad && describeCharacter(bad);
}

function describeCharacter(c: string): string {
  return c === '"' ? 'a double quote' : `"${c}"`;
}

function suggestName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f"':<>|*?/\\]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'sigstore-bundles'
  );
}
