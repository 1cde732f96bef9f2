import { describeError } from '../errors.js';
import type { IdentityPolicy } from '../verify/policy.js';
import type { VerifyReport } from '../verify/run.js';
import { code, escapeMarkdown, plural, tableRow } from './markdown.js';
import { printableName } from './log-text.js';

export interface VerifyOutputs {
  /** JSON array of the files whose bundles verified. */
  readonly verified: string;
}

export function verifyOutputs(report: VerifyReport): VerifyOutputs {
  return {
    verified: JSON.stringify(report.results.filter((r) => r.ok).map((r) => r.file.displayPath)),
  };
}

/** One failure message for the whole step, a line per file that did not verify. */
export function verifyFailureMessage(report: VerifyReport): string | undefined {
  const failed = report.results.filter((r) => !r.ok);
  if (failed.length === 0) return undefined;
  const lines = failed.map(
    (r) => `  - ${printableName(r.file.displayPath)}: ${r.ok ? '' : describeError(r.error)}`,
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
    const details = r.ok
      ? `bundle ${code(r.bundle)}${r.logIndex ? `, log index ${escapeMarkdown(r.logIndex)}` : ''}`
      : `${escapeMarkdown(r.error.message)} (${r.error.code})`;
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
