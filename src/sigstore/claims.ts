import type { X509Certificate } from '@sigstore/core';

/**
 * What a Fulcio certificate says about who signed: its subject alternative name and the OIDC
 * claims Fulcio copied into extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md).
 * Fulcio writes most GitHub claims twice: in the original raw-bytes extensions (1.1-1.6) and in
 * the newer DER UTF8String ones (1.8-1.22). We read the newer one and fall back to the old.
 */
export interface CertificateClaims {
  readonly identity?: string;
  readonly issuer?: string;
  /** owner/repo */
  readonly repository?: string;
  readonly ref?: string;
  readonly sha?: string;
  readonly trigger?: string;
  readonly workflowName?: string;
  /**
   * The path of the workflow file the run started from (`.github/workflows/release.yml`), from
   * the Build Config URI: Fulcio writes it from the token's `workflow_ref`, the top-level
   * workflow, which for a reusable workflow is the CALLER's file (the called one is the SAN).
   */
  readonly workflowFile?: string;
  readonly runnerEnvironment?: string;
}

const OID = {
  issuerV1: '1.3.6.1.4.1.57264.1.1',
  triggerV1: '1.3.6.1.4.1.57264.1.2',
  shaV1: '1.3.6.1.4.1.57264.1.3',
  workflowName: '1.3.6.1.4.1.57264.1.4',
  repositoryV1: '1.3.6.1.4.1.57264.1.5',
  refV1: '1.3.6.1.4.1.57264.1.6',
  issuer: '1.3.6.1.4.1.57264.1.8',
  buildSignerURI: '1.3.6.1.4.1.57264.1.9',
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  sourceRepositoryURI: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
  sourceRepositoryIdentifier: '1.3.6.1.4.1.57264.1.15',
  sourceRepositoryOwnerIdentifier: '1.3.6.1.4.1.57264.1.17',
  buildConfigURI: '1.3.6.1.4.1.57264.1.18',
  buildTrigger: '1.3.6.1.4.1.57264.1.20',
  runInvocationURI: '1.3.6.1.4.1.57264.1.21',
} as const;

/** The build claims Fulcio records for a CI workflow run (DER UTF8String extensions 1.9-1.21). */
export interface BuildClaims {
  readonly buildSignerURI?: string;
  readonly runnerEnvironment?: string;
  readonly sourceRepositoryURI?: string;
  readonly sourceRepositoryDigest?: string;
  readonly sourceRepositoryRef?: string;
  readonly sourceRepositoryIdentifier?: string;
  readonly sourceRepositoryOwnerIdentifier?: string;
  readonly buildConfigURI?: string;
  readonly buildTrigger?: string;
  readonly runInvocationURI?: string;
}

export function buildClaims(cert: X509Certificate): BuildClaims {
  const utf8 = (oid: string): string | undefined => {
    const ext = cert.extension(oid);
    return ext ? ext.valueObj.subs[0]?.value.toString('utf8') : undefined;
  };
  return {
    buildSignerURI: utf8(OID.buildSignerURI),
    runnerEnvironment: utf8(OID.runnerEnvironment),
    sourceRepositoryURI: utf8(OID.sourceRepositoryURI),
    sourceRepositoryDigest: utf8(OID.sourceRepositoryDigest),
    sourceRepositoryRef: utf8(OID.sourceRepositoryRef),
    sourceRepositoryIdentifier: utf8(OID.sourceRepositoryIdentifier),
    sourceRepositoryOwnerIdentifier: utf8(OID.sourceRepositoryOwnerIdentifier),
    buildConfigURI: utf8(OID.buildConfigURI),
    buildTrigger: utf8(OID.buildTrigger),
    runInvocationURI: utf8(OID.runInvocationURI),
  };
}

export function certificateClaims(cert: X509Certificate): CertificateClaims {
  const utf8 = (oid: string): string | undefined => {
    const ext = cert.extension(oid);
    return ext ? ext.valueObj.subs[0]?.value.toString('utf8') : undefined;
  };
  const raw = (oid: string): string | undefined => cert.extension(oid)?.value.toString('utf8');
  return {
    identity: cert.subjectAltName,
    issuer: utf8(OID.issuer) ?? raw(OID.issuerV1),
    repository: repositoryFromURI(utf8(OID.sourceRepositoryURI)) ?? raw(OID.repositoryV1),
    ref: utf8(OID.sourceRepositoryRef) ?? raw(OID.refV1),
    sha: utf8(OID.sourceRepositoryDigest) ?? raw(OID.shaV1),
    trigger: utf8(OID.buildTrigger) ?? raw(OID.triggerV1),
    workflowName: raw(OID.workflowName),
    workflowFile: workflowFileFromURI(utf8(OID.buildConfigURI)),
    runnerEnvironment: utf8(OID.runnerEnvironment),
  };
}

/**
 * `https://github.com/owner/repo/.github/workflows/release.yml@refs/tags/v1` ->
 * `.github/workflows/release.yml`: the path between the repository and the first `@` before a
 * ref (GitHub keeps workflows directly in `.github/workflows/`, named `*.yml` or `*.yaml`).
 */
function workflowFileFromURI(uri: string | undefined): string | undefined {
  return uri ? /^https:\/\/[^/]+\/[^/]+\/[^/]+\/([^@]+?\.ya?ml)@/.exec(uri)?.[1] : undefined;
}

/** `https://github.com/owner/repo` (or a GHES host) -> `owner/repo`. */
function repositoryFromURI(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    return new URL(uri).pathname.replace(/^\/+|\/+$/g, '') || undefined;
  } catch {
    return undefined;
  }
}
