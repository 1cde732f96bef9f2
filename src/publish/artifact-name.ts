import { createHash } from 'node:crypto';
import path from 'node:path';

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
