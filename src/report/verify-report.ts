import { describeError } from '../errors.js';
import { ATTESTATION_SUFFIX, BUNDLE_SUFFIX } from '../plan/sign-plan.js';
import type { IdentityPolicy } from '../verify/policy.js';
import type { FileVerification, VerifyReport } from '../verify/run.js';
import { groupFailures, type FailureGroup } from './failure-groups.js';
import { logIndexOutput, type LogIndexOutput } from './log-index.js';
import { code, escapeMarkdown, longestUnbreakableRun, noWrap, tableRow } from './markdown.js';
import { printableName } from './log-text.js';
import { counted, listed } from './wording.js';

export interface VerifyOutputs {
  /** JSON array of the files whose bundles verified. */
  readonly verified: string;
  /** JSON array, one VerifyResultEntry per verified file: what a later step can pin. */
  readonly results: string;
}

/** The `results` output in verify mode: one entry per file that verified. */
export interface VerifyResultEntry {
  readonly path: string;
  /** Of the bytes that were checked: pin them (`sha256sum -c`) before using the file. */
  readonly sha256: string;
  readonly size?: number;
  readonly bundle: string;
  readonly identity?: string;
  /** A number (log-index.ts); absent when the bundle has no log entry. */
  readonly logIndex?: LogIndexOutput;
  readonly predicateType?: string;
}

export function verifyOutputs(report: VerifyReport): VerifyOutputs {
  // The files themselves: a bundle checked against its file (bundleOf) is not a file to use.
  const verified = report.results.filter(
    (r): r is Extract<FileVerification, { ok: true }> => r.ok && !r.bundleOf,
  );
  return {
    verified: JSON.stringify(verified.map((r) => r.file.displayPath)),
    results: JSON.stringify(
      verified.map((r): VerifyResultEntry => ({
        path: r.file.displayPath,
        sha256: r.sha256,
        size: r.size,
        bundle: r.bundle,
        identity: r.claims.identity,
        logIndex: logIndexOutput(r.logIndex),
        predicateType: r.predicateType,
      })),
    ),
  };
}

type Failed = Extract<FileVerification, { ok: false }>;
type Verified = Extract<FileVerification, { ok: true }>;

/**
 * The longest word of a file name the table of files can hold (longestUnbreakableRun): beside
 * the result column, about 95 characters of code fit GitHub's 1012 px; with a longer one the
 * files are a list, which wraps anywhere.
 */
const LONGEST_NAME_IN_TABLE = 80;

/** Log lines name this many files of a group at most; the job summary names them all. */
const NAMES_IN_A_LOG_LINE = 20;

/** The file as shown, with the file it is a bundle of. */
function shownName(r: FileVerification): string {
  return `${printableName(r.file.displayPath)}${r.bundleOf ? ` (a bundle of ${printableName(r.bundleOf)})` : ''}`;
}

function failureGroups(failed: readonly Failed[]): FailureGroup<Failed>[] {
  return groupFailures(
    failed,
    (r) => r.error,
    (r) => [r.file.displayPath, r.bundle ?? '', r.bundleOf ?? ''],
  );
}

/** One failure message for the whole step: each cause once, with the files it failed. */
export function verifyFailureMessage(report: VerifyReport): string | undefined {
  const failed = report.results.filter((r): r is Failed => !r.ok);
  if (failed.length === 0) return undefined;
  const lines = failureGroups(failed).map(
    (group) =>
      `  - ${listed(group.items.map(shownName), NAMES_IN_A_LOG_LINE)}: ${describeError(group.error)}`,
  );
  return `${failed.length} of ${counted(report.results.length, 'file')} did not verify:\n${lines.join('\n')}`;
}

/**
 * The job summary, laid out to fit GitHub's page: what was required; a narrow table with a row
 * per file (its name and the result); below it each failure reason, whole and once per cause;
 * and, folded, what each verified bundle held (signer when they differ, bundle path when it is
 * not beside its file, log index, attestation type).
 */
/**
 * The command line's last line when every file verified; the release notes quote it as the
 * output to expect.
 */
export function verifiedLine(files: number, otherBundles = 0): string {
  return (
    `Verified ${counted(files, 'file')}` +
    (otherBundles ? ` and ${counted(otherBundles, 'more bundle')} of them.` : '.')
  );
}

export function verifySummaryMarkdown(report: VerifyReport): string {
  const failed = report.results.filter((r): r is Failed => !r.ok);
  const verified = report.results.filter((r): r is Verified => r.ok);
  const total = counted(report.results.length, 'file');
  const lines = ['## Sigstore verification', ''];
  const release = report.release;
  if (release) lines.push(`Release ${code(release.tag)} of ${code(release.repository)}`, '');
  lines.push(
    failed.length === 0
      ? `**${report.results.length === 1 ? total : `All ${total}`} verified** against the trusted root of ${escapeMarkdown(report.trustName)}.`
      : `**${failed.length} of ${total} did not verify** against the trusted root of ${escapeMarkdown(report.trustName)}.`,
  );
  lines.push(
    '',
    `Required: ${describePolicy(report.policy)}` +
      (report.predicateType
        ? `; an in-toto attestation of type ${code(report.predicateType)}`
        : ''),
  );
  if (release && release.excluded.length > 0) {
    lines.push(
      `Not required (excluded by \`inputs\`): ${release.excluded.map(code).join(', ')}`,
      '',
    );
  }
  if (release?.downloadDirectory) {
    lines.push(
      `The assets that verified, with their bundles, are in ${code(release.downloadDirectory)} (\`download-directory\`).`,
      '',
    );
  }
  const signers = [...new Set(verified.map((r) => r.claims.identity ?? ''))];
  if (signers.length === 1) {
    lines.push('', `Signed by ${signers[0] ? code(signers[0]) : 'a public key'}.`);
  }

  const groups = failureGroups(failed);
  const reasonOf = new Map(groups.flatMap((g, i) => g.items.map((r) => [r, i + 1])));
  const rows = report.results.map((r) => {
    const reason = reasonOf.get(r as Failed);
    const result = r.ok
      ? '✅ verified'
      : `❌ failed${groups.length > 1 && reason ? ` (${reason})` : ''}`;
    return { name: code(r.file.displayPath), result };
  });
  const fitsTable = report.results.every(
    (r) => longestUnbreakableRun(r.file.displayPath) <= LONGEST_NAME_IN_TABLE,
  );
  lines.push(
    '',
    ...(fitsTable
      ? [
          '| File | Result |',
          '| --- | --- |',
          ...rows.map((r) => tableRow([r.name, noWrap(r.result)])),
        ]
      : rows.map((r) => `- ${r.name}: ${r.result}`)),
  );

  if (failed.length > 0) {
    lines.push('', `### ${groups.length > 1 ? 'Why they failed' : 'Why it failed'}`, '');
    groups.forEach((group, i) => {
      const first = group.items[0];
      const of =
        first.bundleOf && group.items.length === 1 ? `A bundle of ${code(first.bundleOf)}: ` : '';
      const text = `${of}${escapeMarkdown(group.error.message)} (${group.error.code})`;
      lines.push(groups.length > 1 ? `${i + 1}. ${text}` : text);
    });
  }
  if (verified.length > 0)
    lines.push('', ...detailsOfVerified(report, verified, signers.length > 1));
  return lines.join('\n') + '\n';
}

/**
 * What each verified bundle held, folded: long values a table would stretch. The signer is
 * named here only when the files have different ones (else once, above the table), the bundle
 * only when it is not `<file>.sigstore.json` beside the file (else the name says it).
 */
function detailsOfVerified(
  report: VerifyReport,
  verified: readonly Verified[],
  signerPerFile: boolean,
): string[] {
  const suffix = report.predicateType ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX;
  const items = verified.map((r) => {
    const parts = [
      ...(r.bundleOf ? [`a bundle of ${code(r.bundleOf)}`] : []),
      ...(signerPerFile
        ? [r.claims.identity ? `signed by ${code(r.claims.identity)}` : 'signed by a public key']
        : []),
      ...(r.bundle !== r.file.displayPath + suffix && !r.bundleOf
        ? [`bundle ${code(r.bundle)}`]
        : []),
      ...(r.predicateType ? [`attestation ${code(r.predicateType)}`] : []),
      ...(r.logIndex ? [`log index ${escapeMarkdown(r.logIndex)}`] : []),
      `SHA-256 ${code(r.sha256)}`,
    ];
    return `- ${code(r.file.displayPath)}: ${parts.join(', ')}`;
  });
  return [
    `<details><summary>What the ${counted(verified.length, 'verified bundle')} held</summary>`,
    '',
    ...items,
    '',
    '</details>',
  ];
}

function describePolicy(policy: IdentityPolicy): string {
  const parts: string[] = [];
  if (policy.identity) parts.push(`identity ${code(policy.identity)}`);
  if (policy.identityPattern)
    parts.push(`identity matching ${code(`^(?:${policy.identityPattern.source})$`)}`);
  parts.push(`issuer ${code(policy.issuer)}`);
  const rule = policy.sourceRepository;
  if (rule) {
    parts.push(
      `source repository ${code(rule.repository)}` +
        (rule.origin === 'github-repository' ? '' : ` (the repository of ${rule.origin})`),
    );
  }
  if (policy.anySourceRepository) {
    parts.push(
      '**any source repository** (`allow-any-source-repository`: runs of other repositories, e.g. callers of a reusable workflow, are accepted)',
    );
  }
  for (const [claim, value] of Object.entries(policy.claims)) {
    if (value) parts.push(`${claim} ${code(value)}`);
  }
  return parts.join(', ');
}
