import type { SigstoreInstance } from '../sigstore/instance.js';
import { SLSA_PROVENANCE_V1 } from '../attest/statement.js';
import { shellQuote } from '../report/shell.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';

/** The section is delimited so that a re-run replaces it instead of adding a second one. */
export const SECTION_START = '<!-- sigstore-action: verification (replaced on each run) -->';
export const SECTION_END = '<!-- /sigstore-action: verification -->';

export interface NotesInput {
  /** Release asset names of the signed files, each with its bundle asset `<name>.sigstore.json`. */
  readonly files: readonly string[];
  /** Attested files, by predicate type: each with its asset `<name>.intoto.sigstore.json`. */
  readonly attestations?: readonly AttestedFiles[];
  readonly identity: string;
  readonly issuer: string;
  readonly instance: SigstoreInstance['kind'];
  /** OWNER/REPO of the release (for `gh attestation verify`). */
  readonly repository?: string;
  /** `owner/repo@ref` of this action, for the CLI's install line, when known. */
  readonly action?: { readonly repository: string; readonly ref: string };
}

export interface AttestedFiles {
  readonly predicateType: string;
  readonly files: readonly string[];
}

/** A client's name and the command to paste, as a paragraph and a shell block. */
function commandBlock(title: string, command: string): string[] {
  return ['', title, '', '```sh', command, '```'];
}

/**
 * "Verify these files": exact commands for this action's CLI, sigstore-python and cosign, with
 * the identity pinned to the workflow run that signed them; for attestations, the same with
 * their predicate type, cosign's verify-blob-attestation and, for SLSA provenance, gh.
 */
export function verificationSection(input: NotesInput): string {
  const id = shellQuote(input.identity);
  const iss = shellQuote(input.issuer);
  const trust =
    input.instance === 'public-good'
      ? ''
      : input.instance === 'staging'
        ? ' --staging'
        : ' --trusted-root trusted_root.json';
  const cli =
    "**sigstore-action** (this release's signing action, as a command line" +
    (input.action
      ? `: \`npm install --global github:${input.action.repository}#${input.action.ref}\``
      : '') +
    ')';
  const lines = [SECTION_START, '## Verify these files', ''];
  if (input.files.length > 0) {
    const files = input.files.map(shellQuote).join(' ');
    lines.push(
      `Each file listed here has a Sigstore bundle, \`<file>.sigstore.json\`, in this release. They were signed by \`${input.identity}\` (issuer \`${input.issuer}\`). Download the files and their bundles into one directory, then run any of these there:`,
      ...commandBlock(
        cli,
        `sigstore-action verify ${files}${trust} --cert-identity ${id} --cert-oidc-issuer ${iss}`,
      ),
    );
    if (input.instance === 'public-good' || input.instance === 'staging') {
      const staging = input.instance === 'staging' ? ' --staging' : '';
      lines.push(
        ...commandBlock(
          '**sigstore-python** (`pip install sigstore`)',
          input.issuer === GITHUB_ACTIONS_ISSUER
            ? `sigstore${staging} verify github ${files} --cert-identity ${id}`
            : `sigstore${staging} verify identity ${files} --cert-identity ${id} --cert-oidc-issuer ${iss}`,
        ),
      );
    }
    if (input.instance !== 'staging') {
      lines.push(
        ...commandBlock(
          '**cosign**',
          `for f in ${files}; do cosign verify-blob "$f" --bundle "$f.sigstore.json" --new-bundle-format${trust} --certificate-identity ${id} --certificate-oidc-issuer ${iss} || exit 1; done`,
        ),
      );
    }
  }
  for (const group of input.attestations ?? []) {
    const files = group.files.map(shellQuote).join(' ');
    const type = shellQuote(group.predicateType);
    lines.push(
      ...(lines.length > 3 ? [''] : []),
      `### Attestations: \`${group.predicateType}\``,
      '',
      `These files have an in-toto attestation of type \`${group.predicateType}\`, \`<file>.intoto.sigstore.json\`, in this release, signed by \`${input.identity}\` (issuer \`${input.issuer}\`). Download the files and their attestations into one directory, then run any of these there:`,
      ...commandBlock(
        cli,
        `sigstore-action verify ${files} --predicate-type ${type}${trust} --cert-identity ${id} --cert-oidc-issuer ${iss}`,
      ),
    );
    if (input.instance !== 'staging') {
      lines.push(
        ...commandBlock(
          '**cosign**',
          `for f in ${files}; do cosign verify-blob-attestation "$f" --bundle "$f.intoto.sigstore.json" --new-bundle-format --type ${type}${trust} --certificate-identity ${id} --certificate-oidc-issuer ${iss} || exit 1; done`,
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
          `for f in ${files}; do gh attestation verify "$f" --bundle "$f.intoto.sigstore.json" --repo ${shellQuote(input.repository)} --cert-identity ${id} || exit 1; done`,
        ),
      );
    }
  }
  lines.push(SECTION_END);
  return lines.join('\n');
}

/** The release body with the section replaced (or appended); the rest stays as it was. */
export function withVerificationSection(body: string, section: string): string {
  const start = body.indexOf(SECTION_START);
  const end = body.indexOf(SECTION_END, start);
  if (start >= 0 && end >= 0) {
    return body.slice(0, start) + section + body.slice(end + SECTION_END.length);
  }
  const trimmed = body.replace(/\s+$/, '');
  return trimmed ? `${trimmed}\n\n${section}\n` : `${section}\n`;
}
