import { X509Certificate } from '@sigstore/core';
import { ActionError } from '../errors.js';
import { buildClaims, type BuildClaims } from '../sigstore/claims.js';
import type { TokenClaims } from '../sigstore/identity.js';

/** The predicate githubBuildProvenance makes (SLSA provenance v1, GitHub workflow build type). */
export type GitHubBuildProvenance = {
  buildDefinition: {
    buildType: string;
    externalParameters: { workflow: { ref: string; repository: string; path: string } };
    internalParameters: {
      github: {
        event_name: string;
        repository_id: string;
        repository_owner_id: string;
        runner_environment: string;
      };
    };
    resolvedDependencies: { uri: string; digest: { gitCommit: string } }[];
  };
  runDetails: { builder: { id: string }; metadata: { invocationId: string } };
};

/** Token claims Fulcio turns into the certificate extensions the provenance is made from. */
const PROVENANCE_CLAIMS = [
  'repository',
  'ref',
  'sha',
  'workflow_ref',
  'job_workflow_ref',
  'event_name',
  'repository_id',
  'repository_owner_id',
  'runner_environment',
  'run_id',
  'run_attempt',
] as const;

/**
 * Refuses, before any certificate is asked for, a token that cannot give SLSA provenance: one
 * not from a GitHub Actions job (an email identity, another CI). Asking Fulcio first would put
 * that identity in a public certificate log for a run that then stops.
 */
export function checkProvenanceClaims(claims: TokenClaims): void {
  const missing = PROVENANCE_CLAIMS.filter((name) => typeof claims[name] !== 'string');
  if (missing.length > 0) {
    throw new ActionError(
      'PREDICATE_INVALID',
      `SLSA provenance is made from the GitHub Actions workflow claims of the identity token, and this token (issuer ${JSON.stringify(String(claims.iss ?? '').slice(0, 200))}) has no ${missing.join(', ')}: it is not a GitHub Actions job's token. Pass the predicate yourself (predicate or predicate-path), or sign with the job's own token.`,
    );
  }
}

/** GitHub's build type for Actions workflow runs, as actions/attest-build-provenance writes it. */
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

/**
 * SLSA provenance v1 of this workflow run, in the shape actions/attest-build-provenance writes
 * (so `gh attestation verify` and policies written for it read ours the same way).
 *
 * It is made from the signing certificate, not from the environment: every value is one Fulcio
 * took from the job's OIDC token and wrote into the certificate that signs the statement, so
 * the provenance cannot say anything the signature does not also bind. (actions/attest reads
 * the same claims from the token.)
 */
export function githubBuildProvenance(
  certificatePEM: string,
  identity: string,
): GitHubBuildProvenance {
  const claims = buildClaims(X509Certificate.parse(certificatePEM));
  const need = (key: keyof BuildClaims, what: string): string => {
    const value = claims[key];
    if (!value) {
      throw new ActionError(
        'PREDICATE_INVALID',
        `SLSA provenance is made from the GitHub Actions workflow claims of the signing certificate, and the certificate of ${identity} has no ${what}: it was not issued for a GitHub Actions job. Pass the predicate yourself (predicate or predicate-path), or sign with the job's own token.`,
      );
    }
    return value;
  };
  const repository = need('sourceRepositoryURI', 'source repository');
  const ref = need('sourceRepositoryRef', 'source ref');
  const buildConfig = need('buildConfigURI', 'workflow (build config URI)');
  // https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/tags/v1 -> .github/workflows/release.yml
  // Cut at the FIRST @ after the repository, as actions/attest does: refs may hold @ themselves
  // (refs/tags/@scope/pkg@1.2.3), workflow paths do not.
  const relative = buildConfig.startsWith(`${repository}/`)
    ? buildConfig.slice(repository.length + 1)
    : buildConfig;
  const workflowPath = relative.split('@')[0];
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: {
        workflow: { ref, repository, path: workflowPath },
      },
      internalParameters: {
        github: {
          event_name: need('buildTrigger', 'trigger'),
          repository_id: need('sourceRepositoryIdentifier', 'repository id'),
          repository_owner_id: need('sourceRepositoryOwnerIdentifier', 'repository owner id'),
          runner_environment: need('runnerEnvironment', 'runner environment'),
        },
      },
      resolvedDependencies: [
        {
          uri: `git+${repository}@${ref}`,
          digest: { gitCommit: need('sourceRepositoryDigest', 'commit') },
        },
      ],
    },
    runDetails: {
      builder: { id: need('buildSignerURI', 'build signer (job workflow)') },
      metadata: { invocationId: need('runInvocationURI', 'run URL') },
    },
  };
}
