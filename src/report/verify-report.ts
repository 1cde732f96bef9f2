import { describeError } from '../errors.js';
import type { IdentityPolicy } from '../verify/policy.js';
import type { FileVerification, VerifyReport } from '../verify/run.js';
import { code, escapeMarkdown, plural, tableRow } from './markdown.js';
import { printableName } from './log-text.js';

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
  readonly logIndex?: string;
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
        logIndex: r.logIndex,
        predicateType: r.predicateType,
      })),
    ),
  };
}

/** One failure message for the whole step, a line per file that did not verify. */
export function verifyFailureMessage(report: VerifyReport): string | undefined {
  const failed = report.results.filter((r) => !r.ok);
  if (failed.length === 0) return undefined;
  const lines = failed.map(
    (r) =>
      `  - ${printableName(r.file.displayPath)}${r.bundleOf ? ` (a bundle of ${printableName(r.bundleOf)})` : ''}: ${r.ok ? '' : describeError(r.error)}`,
  );
  return `${failed.length} of ${report.results.length} file${plural(report.results.length)} did not verify:\n${lines.join('\n')}`;
}

export function verifySummaryMarkdown(report: VerifyReport): string {
  const failed = report.results.filter((r) => !r.ok).length;
  const lines = ['## Sigstore verification', ''];
  lines.push(
    failed === 0
      ? `**All ${report.results.length} file${plural(report.results.length)} verified** against the trusted root of ${escapeMarkdown(report.trustName)}.`
      : `**${failed} of ${report.results.length} file${plural(report.results.length)} did not verify** against the trusted root of ${escapeMarkdown(report.trustName)}.`,
  );
  lines.push(
    '',
    `Required: ${describePolicy(report.policy)}` +
      (report.predicateType
        ? `; an in-toto attestation of type ${code(report.predicateType)}`
        : ''),
    '',
  );
  lines.push('| File | Result | Signed by | Details |', '| --- | --- | --- | --- |');
  for (const r of report.results) {
    const identity = r.ok ? r.claims.identity : undefined;
    const of = r.bundleOf ? `a bundle of ${code(r.bundleOf)}: ` : '';
    const details = r.ok
      ? `${of}bundle ${code(r.bundle)}${r.predicateType ? `, attestation ${code(r.predicateType)}` : ''}${r.logIndex ? `, log index ${escapeMarkdown(r.logIndex)}` : ''}`
      : `${of}${escapeMarkdown(r.error.message)} (${r.error.code})`;
    lines.push(
      tableRow([
        code(r.file.displayPath),
        r.ok ? '✅ verified' : '❌ failed',
        identity ? code(identity) : '',
        details,
      ]),
    );
  }
  return lines.join('\n') + '\n';
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
