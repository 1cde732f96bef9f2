import type { TransparencyLogEntry } from '@sigstore/protobuf-specs';
import { describeError } from '../errors.js';
import { ATTESTATION_SUFFIX, BUNDLE_SUFFIX, type SignTarget } from '../plan/sign-plan.js';
import type { SignReport } from '../sign/run.js';
import type { SignedFile, SignOutcome } from '../sign/sign-files.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';
import { groupFailures, type FailureGroup } from './failure-groups.js';
import { logIndexOutput, type LogIndexOutput } from './log-index.js';
import { printableName } from './log-text.js';
import {
  code,
  escapeMarkdown,
  fencedBlock,
  link,
  longestUnbreakableRun,
  noWrap,
  tableRow,
} from './markdown.js';
import { continuedCommand, shellQuote } from './shell.js';
import { counted, listed, noun } from './wording.js';

/** The `results` output: one entry per signed file. */
export interface SignResultEntry {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly bundle: string;
  /** A number (log-index.ts); absent when the bundle has no log entry. */
  readonly logIndex?: LogIndexOutput;
}

export interface SignOutputs {
  /** JSON array of bundle paths (relative to the workspace when inside it). */
  readonly bundles: string;
  /** The certificate's SAN: who signed. Empty when nothing was signed. */
  readonly identity: string;
  readonly results: string;
}

export function signOutputs(report: SignReport): SignOutputs {
  const signed = report.outcome.signed;
  return {
    bundles: JSON.stringify(signed.map((s) => s.target.bundleDisplayPath)),
    identity: signed[0]?.identity ?? '',
    results: JSON.stringify(signed.map(resultEntry)),
  };
}

function resultEntry(file: SignedFile): SignResultEntry {
  return {
    path: file.target.displayPath,
    sha256: file.sha256,
    size: file.size,
    bundle: file.target.bundleDisplayPath,
    logIndex: logIndexOutput(file.logIndex),
  };
}

/**
 * The longest word of a file name the table of files can hold (longestUnbreakableRun): beside
 * the result and log index columns, about 80 characters of code fit GitHub's 1012 px; with a
 * longer one the files are a list, which wraps anywhere.
 */
const LONGEST_NAME_IN_TABLE = 64;

/** Log lines name this many files of a group at most; the job summary names them all. */
const NAMES_IN_A_LOG_LINE = 20;

/**
 * The step's failure message when some files were not signed (undefined when all were): each
 * cause once, with the files it failed (a service outage fails every file in flight alike).
 */
export function signFailureMessage(report: SignReport, secrets: string[]): string | undefined {
  const { failed, skipped } = report.outcome;
  if (failed.length === 0) return undefined;
  const causes = failureGroups(failed).map((group) => {
    const names = group.items.map((f) => printableName(f.target.displayPath));
    return `  - ${listed(names, NAMES_IN_A_LOG_LINE)}: ${describeError(group.error, secrets)}`;
  });
  return (
    `${counted(failed.length, 'file')} could not be signed` +
    (skipped.length ? ` (${skipped.length} more not attempted)` : '') +
    `:\n${causes.join('\n')}`
  );
}

function failureGroups(
  failed: SignOutcome['failed'],
): FailureGroup<SignOutcome['failed'][number]>[] {
  return groupFailures(
    failed,
    (f) => f.error,
    (f) => [f.target.displayPath, f.target.bundleDisplayPath],
  );
}

/**
 * The job summary, as Markdown, laid out to fit GitHub's page: who signed, once; a narrow table
 * with a row per file (its name, the result, the log index); below it what is long (each failure
 * reason, whole and once per cause, the logs' URLs) and, folded, what few need (digests, bundle
 * paths that are not beside their files); then commands a user can paste to verify.
 */
export function signSummaryMarkdown(report: SignReport): string {
  const { signed, failed, skipped } = report.outcome;
  const attestation = report.attestation;
  const lines: string[] = [attestation ? '## Sigstore attestations' : '## Sigstore signatures', ''];
  const identity = signed[0]?.identity;
  const issuer = signed[0]?.issuer ?? GITHUB_ACTIONS_ISSUER;
  if (failed.length === 0) {
    lines.push(
      `${attestation ? 'Attested' : 'Signed'} **${counted(signed.length, 'file')}** with ${escapeMarkdown(report.instance.name)} (${servicesText(report)}).`,
    );
  } else {
    lines.push(
      `**Signing failed.** ${signed.length} of ${counted(report.targets.length, 'file')} signed; ${failed.length} failed, ${skipped.length} not attempted.`,
    );
  }
  if (attestation) {
    lines.push(
      '',
      `Each file is the subject of an in-toto statement of type ${code(attestation.predicateType)}, signed as a DSSE bundle.`,
    );
  }
  if (identity) lines.push('', `- Signer identity: ${code(identity)}`, `- Issuer: ${code(issuer)}`);
  const retries = report.network.describeRetries();
  if (retries) {
    lines.push('', `Requests retried after transient failures: ${retries}.`);
  }

  const groups = failureGroups(failed);
  const reasonOf = new Map(
    groups.flatMap((g, i) => g.items.map((f) => [f.target, groups.length > 1 ? i + 1 : 0])),
  );
  const logs = logColumn(report);
  const signedByTarget = new Map(signed.map((s) => [s.target, s]));
  const rows = report.targets.map((target) => {
    const file = signedByTarget.get(target);
    const reason = reasonOf.get(target);
    const result = file
      ? `✅ ${attestation ? 'attested' : 'signed'}`
      : reason !== undefined
        ? `❌ failed${reason ? ` (${reason})` : ''}`
        : '⏸️ not attempted';
    return { name: code(target.displayPath), result, log: file ? logs.cell(file) : '' };
  });
  const fitsTable = report.targets.every(
    (t) => longestUnbreakableRun(t.displayPath) <= LONGEST_NAME_IN_TABLE,
  );
  lines.push(
    '',
    ...(fitsTable
      ? [
          '| File | Result | Log&nbsp;index |',
          '| --- | --- | --- |',
          ...rows.map((r) => tableRow([r.name, noWrap(r.result), noWrap(r.log)])),
        ]
      : rows.map((r) => `- ${r.name}: ${r.result}${r.log ? `, log index ${r.log}` : ''}`)),
  );
  if (logs.legend) lines.push('', logs.legend);

  if (failed.length > 0) {
    lines.push('', `### ${groups.length > 1 ? 'Why they failed' : 'Why it failed'}`, '');
    groups.forEach((group, i) => {
      const text = `${escapeMarkdown(group.error.message)} (${group.error.code})`;
      lines.push(groups.length > 1 ? `${i + 1}. ${text}` : text);
    });
    if (skipped.length > 0) {
      lines.push(
        '',
        `Signing stops at the first failure: ${counted(skipped.length, 'file')} ${noun(skipped.length, 'was', 'were')} not attempted.`,
      );
    }
  }
  if (signed.length > 0) lines.push('', ...detailsOfSigned(report));
  if (identity && signed.length > 0) {
    lines.push('', '### Verify', '', verifyCommands(report, identity, issuer));
  }
  return lines.join('\n') + '\n';
}

/** The bundle name sign mode gives a file when it writes the bundle beside it. */
function besideItsFile(report: SignReport, target: SignTarget): boolean {
  const suffix = report.attestation ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX;
  return target.bundlePath === target.path + suffix;
}

/**
 * Where the bundles are, and each file's SHA-256, in a folded block: long values that a table
 * would stretch, and that most readers do not need. A bundle beside its file is not named again
 * (its name is the file's and the suffix).
 */
function detailsOfSigned(report: SignReport): string[] {
  const { signed } = report.outcome;
  const suffix = report.attestation ? ATTESTATION_SUFFIX : BUNDLE_SUFFIX;
  const beside = signed.filter((s) => besideItsFile(report, s.target)).length;
  const where =
    beside === signed.length
      ? `Each bundle is written beside its file, as ${code(`<file>${suffix}`)}.`
      : beside === 0
        ? 'The bundles are written where the list below says.'
        : `The bundles are written beside their files, as ${code(`<file>${suffix}`)}, but where the list below says.`;
  const items = signed.map((s) => {
    const bundle = besideItsFile(report, s.target)
      ? ''
      : `, bundle ${code(s.target.bundleDisplayPath)}`;
    return `- ${code(s.target.displayPath)}${bundle}: SHA-256 ${code(s.sha256)}`;
  });
  return [
    where,
    '',
    `<details><summary>SHA-256 digests${beside === signed.length ? '' : ' and bundle paths'}</summary>`,
    '',
    ...items,
    '',
    '</details>',
  ];
}

/** "Rekor v1 + timestamp authority", "2 Rekor v2 logs + 2 timestamp authorities". */
function servicesText(report: SignReport): string {
  const { logs, tsaURLs } = report.services;
  const versions = [...new Set(logs.map((l) => `v${l.majorApiVersion}`))].join('/');
  const text = logs.length === 1 ? `Rekor ${versions}` : `${logs.length} Rekor ${versions} logs`;
  if (tsaURLs.length === 0) return text;
  return `${text} + ${tsaURLs.length === 1 ? 'timestamp authority' : counted(tsaURLs.length, 'timestamp authority', 'timestamp authorities')}`;
}

/**
 * The log index column, and the line under the table that names the logs: a URL is too long
 * for a column. With one log the cell is the index; with several (Rekor v2 signs into more than
 * one), each index says which log, by its number in that line; an entry of a log the trusted
 * root does not name says so. An index links to the instance's
 * search UI where it can show the entry: search.sigstore.dev and search.sigstage.dev look up an
 * index in their instance's Rekor v1 log only, so an entry of another log (a Rekor v2 log, whose
 * indexes are unrelated) must not link there.
 */
function logColumn(report: SignReport): { cell(file: SignedFile): string; legend?: string } {
  const described = new Map<SignedFile, { index: string; log?: string; searchable: boolean }[]>();
  const logs: string[] = [];
  let linked = false;
  for (const file of report.outcome.signed) {
    const entries = file.bundle.verificationMaterial.tlogEntries.map((entry) => {
      const log = entryLogURL(report, entry);
      if (log !== undefined && !logs.some((l) => sameURL(l, log))) logs.push(log);
      const searchable = isSearchable(report, entry, log);
      linked ||= searchable;
      return { index: entry.logIndex, log, searchable };
    });
    described.set(file, entries);
  }
  const search = report.instance.search;
  const cell = (file: SignedFile): string => {
    const entries = described.get(file) ?? [];
    if (entries.length === 0) return escapeMarkdown(file.logIndex);
    return entries
      .map(({ index, log, searchable }) => {
        const text =
          searchable && search ? link(index, search.entryURL(index)) : escapeMarkdown(index);
        if (log === undefined) return logs.length > 0 ? `${text} (unknown log)` : text;
        const n = logs.findIndex((l) => sameURL(l, log));
        return logs.length > 1 ? `${text} (log ${n + 1})` : text;
      })
      .join('<br>');
  };
  if (logs.length === 0) return { cell };
  const named =
    logs.length === 1
      ? `Transparency log: ${code(logs[0])}`
      : `Transparency logs: ${logs.map((l, i) => `log ${i + 1} ${code(l)}`).join(', ')}`;
  const searchHost = search ? new URL(search.entryURL('0')).host : undefined;
  return {
    cell,
    legend:
      named +
      (linked && searchHost
        ? `; an index links to its entry on ${escapeMarkdown(searchHost)}.`
        : '.'),
  };
}

function isSearchable(
  report: SignReport,
  entry: TransparencyLogEntry,
  logURL: string | undefined,
): boolean {
  const rekorV2 =
    entry.kindVersion?.version === '0.0.2' ||
    report.services.logs.some((l) => l.majorApiVersion === 2 && sameURL(l.url, logURL));
  const search = report.instance.search;
  return Boolean(search && !rekorV2 && logURL !== undefined && sameURL(logURL, search.logURL));
}

/** The entry's log: by its log id in the trusted root, else the run's only log. */
function entryLogURL(report: SignReport, entry: TransparencyLogEntry): string | undefined {
  const keyId = entry.logId?.keyId;
  const known = keyId
    ? report.instance.trustedRoot?.tlogs.find((t) => t.logId?.keyId.equals(keyId))
    : undefined;
  if (known) return known.baseUrl;
  return report.services.logs.length === 1 ? report.services.logs[0].url : undefined;
}

function sameURL(a: string, b: string | undefined): boolean {
  return b !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

function verifyCommands(report: SignReport, identity: string, issuer: string): string {
  const { signed } = report.outcome;
  // The file with the shortest name stands for all: its command is the one likeliest to fit.
  const file = signed.reduce((a, b) =>
    b.target.displayPath.length < a.target.displayPath.length ? b : a,
  );
  const { kind, name } = report.instance;
  const artifact = shellQuote(file.target.displayPath);
  const bundle = shellQuote(file.target.bundleDisplayPath);
  const id = shellQuote(identity);
  const iss = shellQuote(issuer);
  const trust =
    kind === 'public-good'
      ? []
      : kind === 'staging'
        ? ['--staging']
        : ['--trusted-root trusted_root.json'];
  const type = report.attestation && shellQuote(report.attestation.predicateType);
  // A GitHub identity names the workflow file, not whose run signed (a public reusable workflow
  // signs as itself for any caller): each command also pins the run's repository.
  const repository =
    issuer === GITHUB_ACTIONS_ISSUER && file.sourceRepository
      ? shellQuote(file.sourceRepository)
      : undefined;
  const commands: string[] = [
    "# this action's CLI (node dist/cli/index.js)",
    continuedCommand(`sigstore-action verify ${artifact}`, [
      `--bundle ${bundle}`,
      ...(type ? [`--predicate-type ${type}`] : []),
      ...trust,
      `--cert-identity ${id}`,
      `--cert-oidc-issuer ${iss}`,
      ...(repository ? [`--github-repository ${repository}`] : []),
    ]),
  ];
  // sigstore-python's CLI verifies signatures; attestations are left to cosign. Its
  // `verify github` fixes the issuer and checks --repository (sigstore/_cli.py).
  if (!type && (kind === 'public-good' || kind === 'staging')) {
    const staging = kind === 'staging' ? ' --staging' : '';
    commands.push(
      '',
      '# sigstore-python (pip install sigstore)',
      repository
        ? continuedCommand(`sigstore${staging} verify github ${artifact}`, [
            `--bundle ${bundle}`,
            `--cert-identity ${id}`,
            `--repository ${repository}`,
          ])
        : continuedCommand(`sigstore${staging} verify identity ${artifact}`, [
            `--bundle ${bundle}`,
            `--cert-identity ${id}`,
            `--cert-oidc-issuer ${iss}`,
          ]),
    );
  }
  if (kind !== 'staging') {
    commands.push(
      '',
      kind === 'public-good' ? '# cosign' : `# cosign, with the trusted root of ${name}`,
      continuedCommand(`cosign ${type ? 'verify-blob-attestation' : 'verify-blob'} ${artifact}`, [
        `--bundle ${bundle}`,
        '--new-bundle-format',
        ...(type ? [`--type ${type}`] : []),
        ...(kind === 'public-good' ? [] : ['--trusted-root trusted_root.json']),
        `--certificate-identity ${id}`,
        `--certificate-oidc-issuer ${iss}`,
        ...(repository ? [`--certificate-github-workflow-repository ${repository}`] : []),
      ]),
    );
  }
  const more =
    signed.length > 1
      ? `Repeat for each file (shown for ${code(file.target.displayPath)}).\n\n`
      : '';
  return `${more}${fencedBlock('sh', commands.join('\n'))}`;
}
