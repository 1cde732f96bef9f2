/**
 * Reports as the action builds them at the end of a run (sign, verify), made by hand, for tests
 * of what the job summary says and how it looks: the same shapes src/sign/run.ts and
 * src/verify/run.ts return, with the values a test chooses.
 */
import type { Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { ActionError, type ErrorCode } from '../../src/errors.js';
import { NetworkStats } from '../../src/net/stats.js';
import type { SignTarget } from '../../src/plan/sign-plan.js';
import type { SignReport } from '../../src/sign/run.js';
import type { FileVerification, VerifyReport } from '../../src/verify/run.js';

export const IDENTITY =
  'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3';
export const ISSUER = 'https://token.actions.githubusercontent.com';
export const REKOR_V1_URL = 'https://rekor.sigstore.dev';
export const REKOR_V1_ID = Buffer.alloc(32, 1);
export const REKOR_V2_URL = 'https://log2025-1.rekor.sigstore.dev';
export const REKOR_V2_ID = Buffer.alloc(32, 2);
export const REKOR_V2_URL_2 = 'https://log2025-alpha2.rekor.sigstage.dev';
export const REKOR_V2_ID_2 = Buffer.alloc(32, 4);

/** Public-good's logs, by log id, as its trusted root lists them. */
export const trustedRoot = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [
    { baseUrl: REKOR_V1_URL, logId: { keyId: REKOR_V1_ID.toString('base64') } },
    { baseUrl: REKOR_V2_URL, logId: { keyId: REKOR_V2_ID.toString('base64') } },
    { baseUrl: REKOR_V2_URL_2, logId: { keyId: REKOR_V2_ID_2.toString('base64') } },
  ],
});

export interface LogEntry {
  logIndex: string;
  logId: Buffer;
  version: string;
}

export function bundleWith(entries: LogEntry[]): Bundle {
  return {
    verificationMaterial: {
      tlogEntries: entries.map((e) => ({
        logIndex: e.logIndex,
        logId: { keyId: e.logId },
        kindVersion: { kind: 'hashedrekord', version: e.version },
      })),
    },
  } as unknown as Bundle;
}

/** A file in the workspace /ws, its bundle beside it or in `bundleDirectory`. */
export function target(
  name: string,
  bundleDirectory?: string,
  suffix = '.sigstore.json',
): SignTarget {
  const bundleDisplayPath = bundleDirectory
    ? `${bundleDirectory}/${name.split('/').pop()}${suffix}`
    : `${name}${suffix}`;
  return {
    path: `/ws/${name}`,
    displayPath: name,
    bundlePath: `/ws/${bundleDisplayPath}`,
    bundleDisplayPath,
  };
}

export interface SignReportOptions {
  /** The files, in order. */
  names: string[];
  /** Files from this index on fail (`failures` of them), and the rest are not attempted. */
  failAt?: number;
  failures?: number;
  /** The error of the i-th failed file. */
  error?: (i: number) => ActionError;
  entries?: (i: number) => LogEntry[];
  logs?: SignReport['services']['logs'];
  bundleDirectory?: string;
  predicateType?: string;
  kind?: SignReport['instance']['kind'];
}

export function signReport(options: SignReportOptions): SignReport {
  const {
    names,
    failAt,
    failures = 1,
    error = (i) => new ActionError('TLOG_FAILED', `Rekor said no (${i})`),
    entries = (i) => [{ logIndex: String(100 + i), logId: REKOR_V1_ID, version: '0.0.1' }],
    logs = [{ url: REKOR_V1_URL, majorApiVersion: 1 }],
  } = options;
  const suffix = options.predicateType ? '.intoto.sigstore.json' : '.sigstore.json';
  const targets = names.map((n) => target(n, options.bundleDirectory, suffix));
  const end = failAt === undefined ? targets.length : failAt;
  const signed = targets.slice(0, end).map((t, i) => ({
    target: t,
    sha256: (i.toString(16) + 'ab').repeat(64).slice(0, 64),
    size: 10,
    identity: IDENTITY,
    issuer: ISSUER,
    sourceRepository: 'octo-org/octo-repo',
    logIndex: entries(i)[0].logIndex,
    bundle: bundleWith(entries(i)),
  }));
  const failed =
    failAt === undefined
      ? []
      : targets.slice(failAt, failAt + failures).map((t, i) => ({ target: t, error: error(i) }));
  const skipped = failAt === undefined ? [] : targets.slice(failAt + failures);
  const kind = options.kind ?? 'public-good';
  return {
    instance: {
      kind,
      name:
        kind === 'public-good'
          ? 'Sigstore public-good'
          : 'the Sigstore instance of sigstore.example.com',
      search:
        kind === 'public-good'
          ? {
              logURL: REKOR_V1_URL,
              entryURL: (i) => `https://search.sigstore.dev/?logIndex=${i}`,
            }
          : undefined,
      trustedRoot,
    },
    services: {
      fulcioURL: 'https://fulcio.sigstore.dev',
      logs,
      tsaURLs: ['https://timestamp.sigstore.dev'],
    },
    targets,
    outcome: { signed, failed, skipped },
    certificates: 1,
    network: new NetworkStats(),
    attestation: options.predicateType
      ? { predicateType: options.predicateType, predicate: {} }
      : undefined,
  };
}

export interface VerifyCase {
  name: string;
  /** A failure: its code and message; else the file verified. */
  failure?: { code: ErrorCode; message: string };
  identity?: string;
  bundle?: string;
  bundleOf?: string;
  logIndex?: string;
  predicateType?: string;
}

export function verifyReport(cases: VerifyCase[], predicateType?: string): VerifyReport {
  const suffix = predicateType ? '.intoto.sigstore.json' : '.sigstore.json';
  const results: FileVerification[] = cases.map((c, i) => {
    const file = { path: `/ws/${c.name}`, displayPath: c.name };
    const bundle = c.bundle ?? (c.bundleOf ? c.name : `${c.name}${suffix}`);
    if (c.failure) {
      return {
        file,
        bundle,
        bundleOf: c.bundleOf,
        ok: false,
        error: new ActionError(c.failure.code, c.failure.message),
      };
    }
    return {
      file,
      bundle,
      bundleOf: c.bundleOf,
      ok: true,
      claims: {
        identity: c.identity ?? IDENTITY,
        issuer: ISSUER,
        repository: 'octo-org/octo-repo',
      },
      logIndex: c.logIndex ?? String(771488337 + i),
      predicateType: c.predicateType ?? predicateType,
      sha256: (i.toString(16) + 'cd').repeat(64).slice(0, 64),
      size: 10,
    };
  });
  return {
    trustName: 'Sigstore public-good',
    policy: {
      identity: IDENTITY,
      issuer: ISSUER,
      claims: {},
      sourceRepository: { repository: 'octo-org/octo-repo', origin: 'github-repository' },
    },
    predicateType,
    results,
  };
}
