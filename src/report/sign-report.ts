import type { TransparencyLogEntry } from '@sigstore/protobuf-specs';
import { describeError } from '../errors.js';
import { code, escapeMarkdown, fencedBlock, link, plural, tableRow } from './markdown.js';
import { shellQuote } from './shell.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';
import type { SignReport } from '../sign/run.js';
import type { SignedFile } from '../sign/sign-files.js';

/** The `results` output: one entry per signed file. */
export interface SignResultEntry {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly bundle: string;
  readonly logIndex: string;
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
    logIndex: file.logIndex,
  };
}

/** The step's failure message when some files were not signed; undefined when all were. */
export function signFailureMessage(report: SignReport, secrets: string[]): string | undefined {
  const { failed, skipped } = report.outcome;
  if (failed.length === 0) return undefined;
  const causes = failed.map((f) => `  - ${describeError(f.error, secrets)}`).join('\n');
  return (
    `${failed.length} file${plural(failed.length)} could not be signed` +
    (skipped.length ? ` (${skipped.length} more not attempted)` : '') +
    `:\n${causes}`
  );
}

/**
 * The job summary, as Markdown: who signed, a row per file with its log entry, what failed,
 * and commands a user can paste to verify with the two most used Sigstore clients.
 */
export function signSummaryMarkdown(report: SignReport): string {
  const { signed, failed, skipped } = report.outcome;
  const attestation = report.attestation;
  const lines: string[] = [attestation ? '## Sigstore attestations' : '## Sigstore signatures', ''];
  const identity = signed[0]?.identity;
  const issuer = signed[0]?.issuer ?? GITHUB_ACTIONS_ISSUER;
  if (failed.length === 0) {
    lines.push(
      `Signed **${signed.length}** file${plural(signed.length)} with ${escapeMarkdown(report.instance.name)} (${servicesText(report)}).`,
    );
  } else {
    lines.push(
      `**Signing failed.** ${signed.length} of ${report.targets.length} file${plural(report.targets.length)} signed; ${failed.length} failed, ${skipped.length} not attempted.`,
    );
  }
  if (attestation) {
    lines.push(
      '',
      `Each file is the subject of an in-toto statement of type ${code(attestation.predicateType)}, signed as a DSSE bundle.`,
    );
  }
  if (identity) lines.push('', `Signer identity: ${code(identity)}`, `Issuer: ${code(issuer)}`);
  const retries = report.network.describeRetries();
  if (retries) {
    lines.push('', `Requests retried after transient failures: ${retries}.`);
  }

  if (signed.length > 0) {
    lines.push('', '| File | SHA-256 | Bundle | Log index |', '| --- | --- | --- | --- |');
    for (const file of signed) {
      lines.push(
        tableRow([
          code(file.target.displayPath),
          code(file.sha256),
          code(file.target.bundleDisplayPath),
          logEntriesCell(report, file),
        ]),
      );
    }
  }
  if (failed.length > 0) {
    lines.push('', '### Failed', '');
    for (const { target, error } of failed) {
      lines.push(`- ${code(target.displayPath)}: ${escapeMarkdown(error.message)} (${error.code})`);
    }
  }
  if (skipped.length > 0) {
    lines.push('', '### Not attempted (signing stopped at the first failure)', '');
    for (const target of skipped) lines.push(`- ${code(target.displayPath)}`);
  }
  if (identity && signed.length > 0) {
    lines.push('', '### Verify', '', verifyCommands(report, signed[0], identity, issuer));
  }
  return lines.join('\n') + '\n';
}

/** "Rekor v1 + timestamp authority", "2 Rekor v2 logs + 2 timestamp authorities". */
function servicesText(report: SignReport): string {
  const { logs, tsaURLs } = report.services;
  const versions = [...new Set(logs.map((l) => `v${l.majorApiVersion}`))].join('/');
  const text = logs.length === 1 ? `Rekor ${versions}` : `${logs.length} Rekor ${versions} logs`;
  if (tsaURLs.length === 0) return text;
  return `${text} + ${tsaURLs.length === 1 ? 'timestamp authority' : `${tsaURLs.length} timestamp authorities`}`;
}

/**
 * The file's log entries: a search link where the instance's search UI can show the entry, and
 * otherwise the index and the log's URL. search.sigstore.dev and search.sigstage.dev look up an
 * index in their instance's Rekor v1 log only: an entry of another log (a Rekor v2 log, whose
 * indexes are unrelated) must not link there.
 */
function logEntriesCell(report: SignReport, file: SignedFile): string {
  const entries = file.bundle.verificationMaterial.tlogEntries;
  if (entries.length === 0) return escapeMarkdown(file.logIndex);
  return entries.map((entry) => logEntryText(report, entry)).join('<br>');
}

function logEntryText(report: SignReport, entry: TransparencyLogEntry): string {
  const index = escapeMarkdown(entry.logIndex);
  const logURL = entryLogURL(report, entry);
  const rekorV2 =
    entry.kindVersion?.version === '0.0.2' ||
    report.services.logs.some((l) => l.majorApiVersion === 2 && sameURL(l.url, logURL));
  const search = report.instance.search;
  if (search && !rekorV2 && logURL !== undefined && sameURL(logURL, search.logURL)) {
    return link(entry.logIndex, search.entryURL(entry.logIndex));
  }
  return logURL === undefined ? index : `${index} on ${code(logURL)}`;
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

function verifyCommands(
  report: SignReport,
  file: SignedFile,
  identity: string,
  issuer: string,
): string {
  const { kind, name } = report.instance;
  const artifact = shellQuote(file.target.displayPath);
  const bundle = shellQuote(file.target.bundleDisplayPath);
  const id = shellQuote(identity);
  const iss = shellQuote(issuer);
  const trustFlag =
    kind === 'public-good'
      ? ''
      : kind === 'staging'
        ? ' --staging'
        : ' --trusted-root trusted_root.json';
  const type = report.attestation && shellQuote(report.attestation.predicateType);
  // A GitHub identity names the workflow file, not whose run signed (a public reusable workflow
  // signs as itself for any caller): each command also pins the run's repository.
  const repository =
    issuer === GITHUB_ACTIONS_ISSUER && file.sourceRepository
      ? shellQuote(file.sourceRepository)
      : undefined;
  const commands: string[] = [
    "# this action's CLI (node dist/cli/index.js)",
    `sigstore-action verify ${artifact} --bundle ${bundle}${type ? ` --predicate-type ${type}` : ''}${trustFlag} \\`,
    `  --cert-identity ${id} --cert-oidc-issuer ${iss}${repository ? ` --github-repository ${repository}` : ''}`,
  ];
  // sigstore-python's CLI verifies signatures; attestations are left to cosign. Its
  // `verify github` fixes the issuer and checks --repository (sigstore/_cli.py).
  if (!type && (kind === 'public-good' || kind === 'staging')) {
    const staging = kind === 'staging' ? ' --staging' : '';
    commands.push(
      '',
      '# sigstore-python (pip install sigstore)',
      repository
        ? `sigstore${staging} verify github ${artifact} --bundle ${bundle} \\`
        : `sigstore${staging} verify identity ${artifact} --bundle ${bundle} \\`,
      repository
        ? `  --cert-identity ${id} --repository ${repository}`
        : `  --cert-identity ${id} --cert-oidc-issuer ${iss}`,
    );
  }
  if (kind !== 'staging') {
    const cosignTrust = kind === 'public-good' ? '' : ' --trusted-root trusted_root.json';
    commands.push(
      '',
      kind === 'public-good' ? '# cosign' : `# cosign, with the trusted root of ${name}`,
      type
        ? `cosign verify-blob-attestation ${artifact} --bundle ${bundle} --new-bundle-format --type ${type}${cosignTrust} \\`
        : `cosign verify-blob ${artifact} --bundle ${bundle} --new-bundle-format${cosignTrust} \\`,
      `  --certificate-identity ${id} --certificate-oidc-issuer ${iss}` +
        (repository ? ` \\\n  --certificate-github-workflow-repository ${repository}` : ''),
    );
  }
  const more =
    report.outcome.signed.length > 1 ? `Repeat for each file; the first one is shown.\n\n` : '';
  return `${more}${fencedBlock('sh', commands.join('\n'))}`;
}
