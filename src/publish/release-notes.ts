import { createHash } from 'node:crypto';
import type { SigstoreInstance } from '../sigstore/instance.js';
import { SLSA_PROVENANCE_V1 } from '../attest/statement.js';
import { code, fencedBlock } from '../report/markdown.js';
import { continuedCommand, forEachWord, shellQuote } from '../report/shell.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';

export interface NotesInput {
  /** Release asset names of the signed files, each with its bundle asset `<name>.sigstore.json`. */
  readonly files: readonly string[];
  /** Attested files, by predicate type: each with its asset `<name>.intoto.sigstore.json`. */
  readonly attestations?: readonly AttestedFiles[];
  readonly identity: string;
  readonly issuer: string;
  readonly instance: SigstoreInstance['kind'];
  /**
   * OWNER/REPO whose workflow run signed (the certificate's source repository): with a GitHub
   * identity, every command pins it, since the identity alone names a workflow file that other
   * repositories can call (a reusable workflow).
   */
  readonly repository?: string;
  /**
   * This action's repository (OWNER/REPO) and version, for the CLI's install line, when known:
   * its releases carry the CLI package (scripts/pack-cli.mjs, .github/workflows/release.yml).
   */
  readonly action?: { readonly repository: string; readonly version: string };
}

/**
 * The CLI package attached to release `v<version>` of this action's repository: one bundled
 * file, no dependencies (installing the repository itself pulls the whole development set-up).
 */
export function cliPackageURL(repository: string, version: string): string {
  return `https://github.com/${repository}/releases/download/v${version}/sigstore-action-cli-${version}.tgz`;
}

export interface AttestedFiles {
  readonly predicateType: string;
  readonly files: readonly string[];
}

/** A client's name and the command to paste, as a paragraph and a shell block. */
function commandBlock(title: string, command: string): string[] {
  return ['', title, '', fencedBlock('sh', command)];
}

/**
 * "Verify these files": exact commands for this action's CLI, sigstore-python and cosign, with
 * the identity pinned to the workflow run that signed them; for attestations, the same with
 * their predicate type, cosign's verify-blob-attestation and, for SLSA provenance, gh.
 */
export function verificationSection(input: NotesInput): string {
  const id = shellQuote(input.identity);
  const iss = shellQuote(input.issuer);
  const repository =
    input.issuer === GITHUB_ACTIONS_ISSUER && input.repository
      ? shellQuote(input.repository)
      : undefined;
  // Each client's flag for the certificate's repository: ours, sigstore-python's `verify github
  // --repository` (sigstore/_cli.py), cosign's --certificate-github-workflow-repository.
  const pin = (flag: string): string[] => (repository ? [`${flag} ${repository}`] : []);
  const trust =
    input.instance === 'public-good'
      ? []
      : input.instance === 'staging'
        ? ['--staging']
        : ['--trusted-root trusted_root.json'];
  // Every command over several lines (shell.ts continuedCommand): one line would scroll sideways
  // on the release page and hide its end, the pinned identity and repository.
  const cosign = (files: readonly string[], command: string, options: readonly string[]): string =>
    forEachWord(files, continuedCommand(command, [...options, ...trust]) + ' || exit 1');
  const cli =
    "**sigstore-action** (this release's signing action, as a command line" +
    (input.action
      ? `: ${code(`npm install --global ${cliPackageURL(input.action.repository, input.action.version)}`)}`
      : '') +
    ')';
  const lines = ['## Verify these files', ''];
  if (input.files.length > 0) {
    const files = input.files.map(shellQuote);
    lines.push(
      `Each file listed here has a Sigstore bundle, \`<file>.sigstore.json\`, in this release. They were signed by ${code(input.identity)} (issuer ${code(input.issuer)}). Download the files and their bundles into one directory, then run any of these there:`,
      ...commandBlock(
        cli,
        continuedCommand('sigstore-action verify', [
          ...files,
          ...trust,
          `--cert-identity ${id}`,
          `--cert-oidc-issuer ${iss}`,
          ...pin('--github-repository'),
        ]),
      ),
    );
    if (input.instance === 'public-good' || input.instance === 'staging') {
      const sigstore = input.instance === 'staging' ? 'sigstore --staging' : 'sigstore';
      lines.push(
        ...commandBlock(
          '**sigstore-python** (`pip install sigstore`)',
          input.issuer === GITHUB_ACTIONS_ISSUER
            ? continuedCommand(`${sigstore} verify github`, [
                ...files,
                `--cert-identity ${id}`,
                ...pin('--repository'),
              ])
            : continuedCommand(`${sigstore} verify identity`, [
                ...files,
                `--cert-identity ${id}`,
                `--cert-oidc-issuer ${iss}`,
              ]),
        ),
      );
    }
    if (input.instance !== 'staging') {
      lines.push(
        ...commandBlock(
          '**cosign**',
          cosign(files, 'cosign verify-blob "$f" --bundle "$f.sigstore.json" --new-bundle-format', [
            `--certificate-identity ${id}`,
            `--certificate-oidc-issuer ${iss}`,
            ...pin('--certificate-github-workflow-repository'),
          ]),
        ),
      );
    }
  }
  for (const group of input.attestations ?? []) {
    const files = group.files.map(shellQuote);
    const type = shellQuote(group.predicateType);
    lines.push(
      ...(lines.length > 2 ? [''] : []),
      `### Attestations: ${code(group.predicateType)}`,
      '',
      `These files have an in-toto attestation of type ${code(group.predicateType)}, \`<file>.intoto.sigstore.json\`, in this release, signed by ${code(input.identity)} (issuer ${code(input.issuer)}). Download the files and their attestations into one directory, then run any of these there:`,
      ...commandBlock(
        cli,
        continuedCommand('sigstore-action verify', [
          ...files,
          `--predicate-type ${type}`,
          ...trust,
          `--cert-identity ${id}`,
          `--cert-oidc-issuer ${iss}`,
          ...pin('--github-repository'),
        ]),
      ),
    );
    if (input.instance !== 'staging') {
      lines.push(
        ...commandBlock(
          '**cosign**',
          cosign(
            files,
            'cosign verify-blob-attestation "$f" --bundle "$f.intoto.sigstore.json" --new-bundle-format',
            [
              `--type ${type}`,
              `--certificate-identity ${id}`,
              `--certificate-oidc-issuer ${iss}`,
              ...pin('--certificate-github-workflow-repository'),
            ],
          ),
        ),
      );
    }
    if (
      group.predicateType === SLSA_PROVENANCE_V1 &&
      input.instance === 'public-good' &&
      input.issuer === GITHUB_ACTIONS_ISSUER &&
      input.repository
    ) {
      lines.push(
        ...commandBlock(
          '**GitHub CLI** (`gh attestation verify`)',
          forEachWord(
            files,
            continuedCommand('gh attestation verify "$f" --bundle "$f.intoto.sigstore.json"', [
              `--repo ${shellQuote(input.repository)}`,
              `--cert-identity ${id} || exit 1`,
            ]),
          ),
        ),
      );
    }
  }
  return withMarkers(lines.join('\n'));
}

/*
 * The section is found again by its markers, so that a re-run replaces it instead of adding a
 * second one. The body around it is not ours: it may hold pull request titles (generated release
 * notes) or another tool's text, so a marker can be forged. A forged marker must not make the
 * section grow over the text around it, split it, or keep a section this action did not write
 * alive across a re-run under our markers.
 *
 * So a marker counts only as a whole line, and the start marker carries the SHA-256 of the
 * section's content: the lines up to the end marker, each without its trailing white space (so
 * that GitHub's editor turning line ends into CRLF changes nothing). A section is ours when its
 * start marker's digest is that of the lines between it and the next marker line, and that line
 * is an end marker. Only such sections are removed, so text is only ever removed when the marker
 * committed to every byte of it: a forged start or end marker cannot delimit the text after or
 * before it. Every section that checks out is removed and the new one takes the place of the
 * first, so a copied or forged section does not survive either. Any other marker line (forged,
 * unbalanced, edited) is dropped, an invisible HTML comment, and the text around it stays. The
 * untrusted text inside our section (names, identities, predicate types) has no line break and
 * never starts a line, so it cannot hold a marker line. Someone who can write whole lines into
 * the body and knows beforehand every byte of the text they want gone could still mark it as a
 * section: they could as well delete it.
 */
export const SECTION_START_PREFIX = '<!-- sigstore-action: verification';
export const SECTION_END = '<!-- /sigstore-action: verification -->';
const END_PREFIX = '<!-- /sigstore-action: verification';

function withMarkers(content: string): string {
  const digest = contentDigest(content.split('\n'));
  return `${SECTION_START_PREFIX} sha256:${digest} (replaced on each run) -->\n${content}\n${SECTION_END}`;
}

function contentDigest(lines: readonly string[]): string {
  return createHash('sha256')
    .update(lines.map((line) => line.trimEnd()).join('\n'))
    .digest('hex');
}

function markerKind(line: string): 'start' | 'end' | undefined {
  const text = line.trim();
  if (!text.endsWith('-->')) return undefined;
  if (text.startsWith(SECTION_START_PREFIX)) return 'start';
  if (text.startsWith(END_PREFIX)) return 'end';
  return undefined;
}

/**
 * The release body with the section replaced (or appended); the rest stays as it was, but for
 * marker lines that delimit no section of ours, which are dropped.
 */
export function withVerificationSection(body: string, section: string): string {
  // Lines with their line ends, so that the text around the section keeps its bytes.
  const lines = body.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const text = (i: number): string => lines[i].replace(/\r?\n$/, '');
  const kinds = lines.map((_, i) => markerKind(text(i)));
  const kept: string[] = [];
  let replaced = false;
  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i];
    if (kind === undefined) {
      kept.push(lines[i]);
      continue;
    }
    if (kind === 'start') {
      const end = kinds.findIndex((k, j) => j > i && k !== undefined);
      const digest = /\bsha256:([0-9a-f]{64})\b/.exec(text(i))?.[1];
      const content = lines.slice(i + 1, end).map((_, j) => text(i + 1 + j));
      if (end > i && kinds[end] === 'end' && digest === contentDigest(content)) {
        if (!replaced) kept.push(section + lines[end].slice(text(end).length));
        replaced = true;
        i = end;
      }
    }
    // Otherwise a marker that delimits nothing of ours: dropped.
  }
  const rest = kept.join('');
  if (replaced) return rest;
  const trimmed = rest.replace(/\s+$/, '');
  return trimmed ? `${trimmed}\n\n${section}\n` : `${section}\n`;
}
