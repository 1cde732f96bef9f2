import { X509Certificate } from '@sigstore/core';
import { ActionError } from '../errors.js';
import { buildClaims, type BuildClaims } from '../sigstore/claims.js';

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
  const workflowPath = buildConfig.startsWith(`${repository}/`)
    ? buildConfig.slice(repository.length + 1).replace(/@[^@]*$/, '')
    : buildConfig.replace(/@[^@]*$/, '');
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
