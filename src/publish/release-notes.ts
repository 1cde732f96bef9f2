import type { SigstoreInstance } from '../sigstore/instance.js';
import { shellQuote } from '../report/shell.js';

/** The section is delimited so that a re-run replaces it instead of adding a second one. */
export const SECTION_START = '<!-- sigstore-action: verification (replaced on each run) -->';
export const SECTION_END = '<!-- /sigstore-action: verification -->';

export interface NotesInput {
  /** Release asset names of the signed files, each with its bundle asset `<name>.sigstore.json`. */
  readonly files: readonly string[];
  readonly identity: string;
  readonly issuer: string;
  readonly instance: SigstoreInstance['kind'];
  /** `owner/repo@ref` of this action, for the CLI's install line, when known. */
  readonly action?: { readonly repository: string; readonly ref: string };
}

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * "Verify these files": exact commands for this action's CLI, sigstore-python and cosign, with
 * the identity pinned to the workflow run that signed them.
 */
export function verificationSection(input: NotesInput): string {
  const files = input.files.map(shellQuote).join(' ');
  const id = shellQuote(input.identity);
  const iss = shellQuote(input.issuer);
  const trust =
    input.instance === 'public-good'
      ? ''
      : input.instance === 'staging'
        ? ' --staging'
        : ' --trusted-root trusted_root.json';
  const lines = [
    SECTION_START,
    '## Verify these files',
    '',
    `Each file listed here has a Sigstore bundle, \`<file>.sigstore.json\`, in this release. They were signed by \`${input.identity}\` (issuer \`${input.issuer}\`). Download the files and their bundles into one directory, then run any of these there:`,
    '',
    "**sigstore-action** (this release's signing action, as a command line" +
      (input.action
        ? `: \`npm install --global github:${input.action.repository}#${input.action.ref}\``
        : '') +
      ')',
    '',
    '```sh',
    `sigstore-action verify ${files}${trust} --cert-identity ${id} --cert-oidc-issuer ${iss}`,
    '```',
  ];
  if (input.instance === 'public-good' || input.instance === 'staging') {
    const staging = input.instance === 'staging' ? ' --staging' : '';
    lines.push(
      '',
      '**sigstore-python** (`pip install sigstore`)',
      '',
      '```sh',
      input.issuer === GITHUB_ISSUER
        ? `sigstore${staging} verify github ${files} --cert-identity ${id}`
        : `sigstore${staging} verify identity ${files} --cert-identity ${id} --cert-oidc-issuer ${iss}`,
      '```',
    );
  }
  if (input.instance !== 'staging') {
    lines.push(
      '',
      '**cosign**',
      '',
      '```sh',
      `for f in ${files}; do cosign verify-blob "$f" --bundle "$f.sigstore.json" --new-bundle-format${trust} --certificate-identity ${id} --certificate-oidc-issuer ${iss} || exit 1; done`,
      '```',
    );
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
