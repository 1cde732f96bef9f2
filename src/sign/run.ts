import * as core from '@actions/core';
import type { SignConfig } from '../config.js';
import { expandInputPatterns } from '../plan/files.js';
import {
  ATTESTATION_SUFFIX,
  BUNDLE_SUFFIX,
  isBundlePath,
  planSigning,
  type SignTarget,
} from '../plan/sign-plan.js';
import { readPredicateFile } from '../attest/predicate.js';
import { checkProvenanceClaims, githubBuildProvenance } from '../attest/provenance.js';
import type { Attestation, Predicate } from '../attest/statement.js';
import { CertificateSession } from '../sigstore/certificate.js';
import { publicInstanceOf } from '../sigstore/destinations.js';
import {
  decodeTokenClaims,
  SIGSTORE_AUDIENCE,
  type IdentityProvider,
  type TokenClaims,
} from '../sigstore/identity.js';
import { loadInstance, type SigstoreInstance } from '../sigstore/instance.js';
import {
  createWitnesses,
  describeLogs,
  selectServices,
  type SigningServices,
} from '../sigstore/services.js';
import { ActionError } from '../errors.js';
import { printable, printableName } from '../report/log-text.js';
import type { NetworkOptions, NetworkStats } from '../net/service-client.js';
import { checkPublicLogDisclosure, FirstTokenReuse } from '../sigstore/public-log.js';
import { BundleVerifier } from '../verify/bundle-verifier.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';
import { signFiles, type SignOutcome, type SigningDeps } from './sign-files.js';
import { counted } from '../report/wording.js';

/** Files signed at once: enough to hide log round trips, few enough to be polite to Rekor. */
export const SIGN_CONCURRENCY = 32;

/** What a signing run needs from its host (the action or the CLI). */
export interface SignEnvironment {
  /** Relative paths are resolved here (the workspace on a runner). */
  readonly baseDir: string;
  readonly identityProvider: IdentityProvider;
  readonly tufCachePath?: string;
  /** Hosts besides loopback that service URLs may name over plain http (destinations.ts). */
  readonly httpHosts?: readonly string[];
  /** Retry policy, the run's deadline and the request counters, shared by every client. */
  readonly network: NetworkOptions;
  /** Checks of the host's own (publishing) on the planned files, before any request. */
  readonly beforeSigning?: (targets: readonly SignTarget[]) => Promise<void>;
}

export interface SignReport {
  readonly instance: Pick<SigstoreInstance, 'kind' | 'name' | 'search' | 'trustedRoot'>;
  readonly services: SigningServices;
  readonly targets: readonly SignTarget[];
  readonly outcome: SignOutcome;
  /** Signing certificates issued (1 for most runs, more when a long run renewed it). */
  readonly certificates: number;
  /** Requests and retries per service. */
  readonly network: NetworkStats;
  /** The attestation made for every file, when the run attested instead of signing. */
  readonly attestation?: Attestation;
}

/**
 * A whole signing run: find the files, check every bundle can be written, load the instance,
 * then sign. Everything that can be refused is refused before the first network call that
 * leaves a trace (the certificate and the log entries), so a bad input writes nothing.
 */
export async function runSign(config: SignConfig, env: SignEnvironment): Promise<SignReport> {
  const files = await expandInputPatterns(config.patterns, {
    baseDir: env.baseDir,
    skipGlobMatch: isBundlePath,
  });
  const targets = await planSigning(files, {
    baseDir: env.baseDir,
    bundleDirectory: config.bundleDirectory,
    overwrite: config.overwrite,
    bundleSuffix: config.attestation ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX,
  });
  // A predicate file is read now: a bad one must stop the run before anything is sent.
  const source = config.attestation?.source;
  const givenPredicate: Predicate | undefined =
    source?.kind === 'inline'
      ? source.predicate
      : source?.kind === 'file'
        ? await readPredicateFile(source, env.baseDir)
        : undefined;
  await env.beforeSigning?.(targets);
  env.identityProvider.preflight?.();
  const count = counted(targets.length, 'file');
  core.info(
    config.attestation
      ? `Attesting ${count}: each becomes the subject of an in-toto statement of type ${printable(config.attestation.predicateType)}`
      : `Signing ${count}`,
  );

  // Checks of the token before anything leaves the machine: a refusal here has disclosed
  // nothing (no request to the instance, no certificate in a public CT log, no log entry). They
  // share the first token with the first certificate request. A run that needs no such check
  // fetches no token before the instance and its services are known.
  const identityProvider = new FirstTokenReuse(env.identityProvider);
  const claims = (): Promise<TokenClaims> =>
    identityProvider.peek().then((token) => decodeTokenClaims(token));
  const publicChoice = publicInstanceChoice(config.instance);
  if (publicChoice) {
    checkPublicLogDisclosure(await claims(), {
      instanceName: publicChoice,
      allowPrivateRepository: config.allowPrivateRepository,
    });
  }
  if (source?.kind === 'github-provenance') checkProvenanceClaims(await claims());

  // Then the instance and its services: a signing config this run cannot use (no log of the
  // asked rekor-version, too few for an EXACT selector, a service over plain http) is refused
  // before any certificate. A signing-config file is only read from disk here; a TUF
  // repository's metadata is fetched (that discloses nothing about the signer).
  const instance = await loadInstance(config.instance, {
    tufCachePath: env.tufCachePath,
    rekorVersion: config.rekorVersion?.majorApiVersion,
    httpHosts: env.httpHosts,
  });
  const services = selectServices(instance.signingConfig, {
    rekorVersion: config.rekorVersion,
    configName: instance.signingConfigName,
  });
  // The public instances whatever named them: a signing config or a TUF repository can name
  // public-good's Fulcio and Rekor too. Decided by destination, before the first request to any
  // of them (the token, fetched from the runner, has not left the machine yet).
  const publicDestination = publicDestinationOf(services);
  if (publicDestination && !publicChoice) {
    checkPublicLogDisclosure(await claims(), {
      instanceName: `${publicDestination.instance} (${publicDestination.urls.join(', ')}, named by ${instance.signingConfigName})`,
      allowPrivateRepository: config.allowPrivateRepository,
    });
  }
  if (
    config.oidcAudience !== undefined &&
    config.oidcAudience !== SIGSTORE_AUDIENCE &&
    publicInstanceOf(services.fulcioURL)
  ) {
    throw new ActionError(
      'INPUT_INVALID',
      `oidc-audience is ${JSON.stringify(config.oidcAudience)}, but this run would send the token to ${services.fulcioURL}, which accepts the audience "${SIGSTORE_AUDIENCE}" only; leave oidc-audience unset for the public instances.`,
    );
  }
  const check = config.verify ? bundleCheck(instance, config) : undefined;
  core.info(
    printableName(
      `Using ${instance.name}: Fulcio ${services.fulcioURL}, ${describeLogs(services.logs)}` +
        (services.tsaURLs.length ? `, timestamps from ${services.tsaURLs.join(', ')}` : ''),
    ),
  );

  const session = new CertificateSession({
    fulcioURL: services.fulcioURL,
    identityProvider,
    network: env.network,
  });
  // The first certificate before any file: a missing permission or a refused token is one
  // clear error, not the same error once per file.
  const first = await session.credential();
  core.info(
    `Signing certificate for ${printable(first.identity)} (valid until ${first.notAfter.toISOString()})`,
  );
  // Provenance comes from the first certificate's claims: a renewed one is for the same job.
  let attestation: Attestation | undefined;
  if (config.attestation) {
    let predicate = givenPredicate;
    if (!predicate) {
      const provenance = githubBuildProvenance(first.certificatePEM, first.identity);
      core.info(
        `SLSA build provenance from the certificate's workflow claims: builder ${printable(provenance.runDetails.builder.id)}, commit ${printable(provenance.buildDefinition.resolvedDependencies[0].digest.gitCommit)}`,
      );
      predicate = provenance;
    }
    attestation = { predicateType: config.attestation.predicateType, predicate };
  }
  const outcome = await signFiles(
    targets,
    {
      credential: () => session.credential(),
      witnesses: createWitnesses(services, env.network),
      check,
    },
    { concurrency: SIGN_CONCURRENCY, overwrite: config.overwrite, attestation },
  );
  const retries = env.network.stats.describeRetries();
  core.info(
    `Requests: ${env.network.stats.describeRequests()}` +
      (retries ? `; retried after transient failures: ${retries}` : '; none retried'),
  );
  return {
    instance: {
      kind: instance.kind,
      name: instance.name,
      search: instance.search,
      trustedRoot: instance.trustedRoot,
    },
    services,
    targets,
    outcome,
    certificates: session.issued,
    network: env.network.stats,
    attestation,
  };
}

/** The public instance the user chose by name, if they did. */
function publicInstanceChoice(instance: SignConfig['instance']): string | undefined {
  return instance.kind === 'public-good'
    ? 'the Sigstore public-good instance'
    : instance.kind === 'staging'
      ? 'Sigstore staging'
      : undefined;
}

/** The services of a public instance this run would send to (Fulcio, Rekor, TSA), if any. */
function publicDestinationOf(
  services: SigningServices,
): { instance: string; urls: string[] } | undefined {
  const urls = [services.fulcioURL, ...services.logs.map((l) => l.url), ...services.tsaURLs];
  const public_ = urls.filter((url) => publicInstanceOf(url) !== undefined);
  if (public_.length === 0) return undefined;
  return { instance: publicInstanceOf(public_[0])!, urls: public_ };
}

/**
 * Sign mode's `verify`: each new bundle is verified, from its digest, against the instance's
 * trusted root and the expected identity and issuer (the certificate's own unless cert-identity
 * or cert-oidc-issuer is given) BEFORE it is written, so a bundle no verifier would accept never
 * reaches a release.
 */
function bundleCheck(
  instance: SigstoreInstance,
  config: Pick<SignConfig, 'expectedIdentity' | 'expectedIssuer' | 'expectationNames'>,
): NonNullable<SigningDeps['check']> {
  if (!instance.trustedRoot) {
    throw new ActionError(
      'INPUT_INVALID',
      'verify needs the trusted root of the instance: pass trusted-root with signing-config, or set verify: false.',
    );
  }
  const verifier = new BundleVerifier(instance.trustedRoot);
  const names = config.expectationNames ?? {
    identity: 'cert-identity',
    issuer: 'cert-oidc-issuer',
  };
  return (bundle, file, credential) => {
    const policy = {
      identity: config.expectedIdentity ?? credential.identity,
      issuer: config.expectedIssuer ?? credential.issuer ?? GITHUB_ACTIONS_ISSUER,
      claims: {},
    };
    try {
      verifier.verify(
        bundle,
        { digests: { sha256: file.sha256 }, content: file.content },
        { kind: 'identity', policy },
      );
    } catch (err) {
      if (!(err instanceof ActionError)) throw err;
      const hint =
        err.code !== 'POLICY_MISMATCH'
          ? ''
          : config.expectedIdentity && credential.identity !== config.expectedIdentity
            ? ` (${names.identity} must be the identity this job signs as; see the identity output)`
            : config.expectedIssuer
              ? ` (${names.issuer} must be the issuer of the token this job signs with${credential.issuer ? `, ${credential.issuer}` : ''})`
              : '';
      throw new ActionError(
        err.code,
        `the new bundle does not verify, so it was not written: ${err.message}${hint}`,
        { cause: err },
      );
    }
  };
}
