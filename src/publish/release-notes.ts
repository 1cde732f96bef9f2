import { createHash } from 'node:crypto';
import type { SigstoreInstance } from '../sigstore/instance.js';
import { SLSA_PROVENANCE_V1 } from '../attest/statement.js';
import { ATTESTATION_SUFFIX, BUNDLE_SUFFIX } from '../plan/sign-plan.js';
import { code, fencedBlock, link } from '../report/markdown.js';
import { COMMAND_WIDTH, commandLines, shellQuote } from '../report/shell.js';
import { verifiedLine } from '../report/verify-report.js';
import { GITHUB_ACTIONS_ISSUER } from '../verify/policy.js';

export interface NotesInput {
  /** Release asset names of the signed files, each with its bundle asset `<name>.sigstore.json`. */
  readonly files: readonly string[];
  /** Attested files, by predicate type: each with its asset `<name>.intoto.sigstore.json`. */
  readonly attestations?: readonly AttestedFiles[];
  /** The release the notes are in: every download command names its tag and repository. */
  readonly release: { readonly tag: string; readonly repository: string };
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
   * This action's repository (OWNER/REPO), version and ref, when known: the CLI's install line
   * names the package attached to its release `v<version>` (scripts/pack-cli.mjs,
   * .github/workflows/release.yml); README links are pinned to the ref (else `v<version>`).
   */
  readonly action?: {
    readonly repository: string;
    readonly version: string;
    readonly ref?: string;
  };
}

export interface AttestedFiles {
  readonly predicateType: string;
  readonly files: readonly string[];
}

/**
 * Up to this many files, each command names every file (and each single-file client gets a
 * command per file); beyond it, the commands are written once for a file `$f`, and the files are
 * listed once: the section's commands stay the same size whatever the release holds.
 */
export const FILES_SPELLED_OUT = 3;

/**
 * The CLI package attached to release `v<version>` of this action's repository: one bundled
 * file, no dependencies (installing the repository itself pulls the whole development set-up).
 */
export function cliPackageURL(repository: string, version: string): string {
  return `https://github.com/${repository}/releases/download/v${version}/sigstore-action-cli-${version}.tgz`;
}

/** Where this project's README lives when the run does not say which action it was. */
const PROJECT_REPOSITORY = 'sigstore-action/sigstore-action';

/** README headings the notes link to, as GitHub anchors them (checked against README.md). */
export const README_ANCHORS = {
  troubleshooting: 'troubleshooting',
  anotherRelease: 'another-releases-identity-or-bundle-policy_mismatch-bundle_mismatch',
  tampered: 'the-signature-does-not-match-signature_invalid',
} as const;

/** What every group of commands shares: who signed, where, and how to pin it. */
interface Signer {
  readonly identity: string;
  readonly issuer: string;
  readonly instance: NotesInput['instance'];
  /** OWNER/REPO to pin, with a GitHub identity. */
  readonly repository?: string;
  readonly release: NotesInput['release'];
}

/** One way to verify: a client's name, its commands, and what it prints when they pass. */
interface Client {
  readonly title: string;
  readonly commands: readonly string[];
  readonly expect: string;
}

/** The files of one kind of bundle: signatures, or attestations of one predicate type. */
interface FileGroup {
  readonly files: readonly string[];
  readonly suffix: string;
  readonly predicateType?: string;
}

/**
 * "Verify these files": for each kind of bundle, how to download a file with its bundle
 * (`gh release download`, pinned to the release's repository and tag), then exact commands for
 * this action's CLI, sigstore-python, cosign and, for SLSA provenance, gh, pinned to the
 * identity and the repository whose run signed, each with the output it prints when the file
 * verifies; then what that proves, what it does not, and where to look when it fails. Commands
 * are laid out to fit a code block (commandLines); every name in them is quoted (shellQuote),
 * every name in the text escaped (code, escapeMarkdown).
 */
export function verificationSection(input: NotesInput): string {
  const signer: Signer = {
    identity: input.identity,
    issuer: input.issuer,
    instance: input.instance,
    release: input.release,
    repository:
      input.issuer === GITHUB_ACTIONS_ISSUER && input.repository ? input.repository : undefined,
  };
  const groups: FileGroup[] = [
    ...(input.files.length > 0 ? [{ files: input.files, suffix: BUNDLE_SUFFIX }] : []),
    ...(input.attestations ?? []).map((group) => ({
      files: group.files,
      suffix: ATTESTATION_SUFFIX,
      predicateType: group.predicateType,
    })),
  ];
  const lines = ['## Verify these files', ''];
  if (groups.length === 0) {
    lines.push(
      `No bundle in this release verifies as signed by ${code(input.identity)}: there is nothing to verify here yet.`,
    );
    return withMarkers(lines.join('\n'));
  }
  lines.push(
    `These files were signed with [Sigstore](https://www.sigstore.dev/) by ${code(input.identity)} ` +
      `(issuer ${code(input.issuer)})` +
      (signer.repository ? ` in a workflow run of ${code(signer.repository)}` : '') +
      '. Each command below checks exactly that signer' +
      (signer.repository ? ' and repository' : '') +
      `. Download with the [GitHub CLI](https://cli.github.com/), in an empty directory.` +
      (trustFlag(signer.instance).length > 0
        ? ' The commands read the trusted root of the Sigstore instance that signed from `trusted_root.json`: get it from its operator.'
        : ''),
  );
  for (const group of groups) lines.push('', ...groupSection(group, signer, input.action));
  lines.push('', ...meaning(signer, input.action));
  return withMarkers(lines.join('\n'));
}

/** A file in a command: one named, or whichever `$f` names. */
type FileRef = { readonly name: string } | { readonly variable: true };

const word = (f: FileRef): string => ('name' in f ? shellQuote(f.name) : '"$f"');
const bundleWord = (f: FileRef, suffix: string): string =>
  'name' in f ? shellQuote(f.name + suffix) : `"$f${suffix}"`;
/**
 * A file as gh's --pattern, a glob (Go's filepath.Match: cli/cli
 * pkg/cmd/release/download/download.go, matchAny): `*`, `?`, `[` and `\\` in brackets, so it
 * matches the one asset. `$f` stays as it is: an asset's name as GitHub keeps it holds letters,
 * digits, `_`, `-` and `.` only.
 */
const patternWord = (f: FileRef, suffix = ''): string =>
  'name' in f
    ? shellQuote((f.name + suffix).replace(/[*?[\\]/g, (c) => `[${c === '\\' ? '\\\\' : c}]`))
    : `"$f${suffix}"`;

function groupSection(group: FileGroup, signer: Signer, action: NotesInput['action']): string[] {
  const lines: string[] = [];
  const bundleName = code(`<file>${group.suffix}`);
  if (group.predicateType !== undefined) {
    lines.push(
      `### Attestations: ${code(group.predicateType)}`,
      '',
      `These files have an in-toto attestation of type ${code(group.predicateType)}, ${bundleName}, in this release.`,
      '',
    );
  }
  const spelledOut = group.files.length <= FILES_SPELLED_OUT;
  const files: FileRef[] = spelledOut
    ? group.files.map((name) => ({ name }))
    : [{ variable: true }];
  const download = files.map((f) => {
    const patterns = ['--pattern', patternWord(f), '--pattern', patternWord(f, group.suffix)];
    return commandLines(
      ['gh', 'release', 'download', shellQuote(signer.release.tag)].concat([
        '--repo',
        shellQuote(signer.release.repository),
      ]),
      // The file and its bundle on one line, when they fit.
      fits(`  ${patterns.join(' ')}`) ? [patterns] : [patterns.slice(0, 2), patterns.slice(2)],
      { joinIfFits: true },
    );
  });
  if (spelledOut) {
    lines.push(
      `**Download** ${files.length === 1 ? 'the file and its bundle' : 'each file and its bundle'} (${bundleName}):`,
      '',
      fencedBlock('sh', download.join('\n')),
      '',
      `**Verify** ${files.length === 1 ? 'it' : 'them'} in that directory, with any of these:`,
    );
  } else {
    lines.push(
      `The ${group.files.length} files: ${group.files.map((f) => code(f)).join(', ')}.`,
      '',
      `**Download** a file and its bundle (${bundleName}): set \`f\` to the name of the file you need.`,
      '',
      fencedBlock('sh', [`f=${shellQuote(group.files[0])}`, ...download].join('\n')),
      '',
      '**Verify** it in that directory, with any of these:',
    );
  }
  for (const client of clients(group, files, signer, action)) {
    lines.push(
      '',
      client.title,
      '',
      fencedBlock('sh', client.commands.join('\n\n')),
      '',
      client.expect,
    );
  }
  return lines;
}

/** The commands of each client that can verify this group, pinned to the signer. */
function clients(
  group: FileGroup,
  files: readonly FileRef[],
  signer: Signer,
  action: NotesInput['action'],
): Client[] {
  const id = shellQuote(signer.identity);
  const iss = shellQuote(signer.issuer);
  const repo = signer.repository && shellQuote(signer.repository);
  const type = group.predicateType && shellQuote(group.predicateType);
  const trust = trustFlag(signer.instance);
  const words = files.map(word);
  const result: Client[] = [
    {
      title:
        "**sigstore-action** (this release's signing action, as a command line" +
        (action
          ? `: ${code(`npm install --global ${cliPackageURL(action.repository, action.version)}`)}`
          : '') +
        ')',
      commands: [
        commandLines(
          ['sigstore-action', 'verify', ...words],
          [
            ...(type ? [['--predicate-type', type]] : []),
            ...(trust.length > 0 ? [trust] : []),
            ['--cert-identity', id],
            ['--cert-oidc-issuer', iss],
            ...(repo ? [['--github-repository', repo]] : []),
          ],
        ),
      ],
      // resultLine (verify/run.ts) for each file, then the CLI's last line.
      expect: `It prints an \`OK\` line naming the signer${files.length === 1 ? '' : ' for each file'}, then ${code(verifiedLine(files.length))}`,
    },
  ];
  if (!type && (signer.instance === 'public-good' || signer.instance === 'staging')) {
    // `verify github` fixes the issuer and checks --repository (sigstore/_cli.py); `--staging`
    // is an option of `sigstore` itself, before the subcommand.
    const staging = signer.instance === 'staging' ? ['--staging'] : [];
    const ok = files.map((f) => code(`OK: ${'name' in f ? f.name : '<file>'}`));
    result.push({
      title: '**sigstore-python** (`pip install sigstore`)',
      commands: [
        signer.issuer === GITHUB_ACTIONS_ISSUER
          ? commandLines(
              ['sigstore', ...staging, 'verify', 'github', ...words],
              [['--cert-identity', id], ...(repo ? [['--repository', repo]] : [])],
            )
          : commandLines(
              ['sigstore', ...staging, 'verify', 'identity', ...words],
              [
                ['--cert-identity', id],
                ['--cert-oidc-issuer', iss],
              ],
            ),
      ],
      // sigstore/_cli.py (_verify_identity, _verify_github): `OK: <file>` on standard error.
      expect: `It prints ${ok.join(' and ')} (on standard error).`,
    });
  }
  if (signer.instance !== 'staging') {
    // One file per command; cosign prints `Verified OK` on standard error when it verifies.
    result.push({
      title: '**cosign**',
      commands: files.map((f) =>
        commandLines(
          [
            'cosign',
            type ? 'verify-blob-attestation' : 'verify-blob',
            word(f),
            '--bundle',
            bundleWord(f, group.suffix),
          ],
          [
            ['--new-bundle-format', ...(type ? ['--type', type] : [])],
            ...(trust.length > 0 ? [trust] : []),
            ['--certificate-identity', id],
            ['--certificate-oidc-issuer', iss],
            ...(repo ? [['--certificate-github-workflow-repository', repo]] : []),
          ],
        ),
      ),
      expect: `${files.length === 1 ? 'It prints' : 'Each command prints'} ${code('Verified OK')} (on standard error).`,
    });
  }
  if (
    group.predicateType === SLSA_PROVENANCE_V1 &&
    signer.instance === 'public-good' &&
    signer.issuer === GITHUB_ACTIONS_ISSUER &&
    repo
  ) {
    result.push({
      title: '**GitHub CLI** (`gh attestation verify`)',
      commands: files.map((f) =>
        commandLines(
          ['gh', 'attestation', 'verify', word(f), '--bundle', bundleWord(f, group.suffix)],
          [
            ['--repo', repo],
            ['--cert-identity', id],
          ],
        ),
      ),
      expect: `${files.length === 1 ? 'It prints' : 'Each command prints'} ${code('✓ Verification succeeded!')}, then the attestation it checked.`,
    });
  }
  return result;
}

/** What a passing check proves and what it does not, and where to look when it fails. */
function meaning(signer: Signer, action: NotesInput['action']): string[] {
  const readme = (anchor: string): string =>
    action
      ? `https://github.com/${action.repository}/blob/${action.ref ?? `v${action.version}`}/README.md#${anchor}`
      : `https://github.com/${PROJECT_REPOSITORY}#${anchor}`;
  const where = signer.repository ? ` in a run of ${code(signer.repository)}` : '';
  return [
    '### What a passing check proves',
    '',
    `Each file is, byte for byte, a file that ${code(signer.identity)} signed${where}, with a ` +
      'short-lived certificate of the Sigstore instance, at a time that its transparency log or ' +
      'timestamp authority vouches for; an attestation, that this signer made its statement about ' +
      'the file. It does not prove:',
    '',
    '- that the source is free of bugs or of malicious changes: it says who built and signed the file, not what the file does;',
    '- that the build used that source only: a workflow step can download or change anything before signing;',
    `- where you downloaded the file from, nor that this page is the project's: a copy from anywhere verifies the same. Check that the identity names the repository and workflow you mean to trust${signer.repository ? ` (${code(signer.repository)})` : ''}, not a look-alike.`,
    '',
    '### If a check fails',
    '',
    `- ${code('signed by …, expected …')}: the identity in the command is not the bundle's. Most often the commands come from another release's notes (the identity ends with its tag; ${code(signer.release.tag)} here): use the notes of the release the file came from (${link('another release', readme(README_ANCHORS.anotherRelease))}).`,
    `- ${code('the bundle is for a different file')}: the file and its bundle come from different releases, or the file changed after it was signed: download both from this release again (${link('another release', readme(README_ANCHORS.anotherRelease))}).`,
    `- ${code('the signature does not match')}: the bundle was altered, or its signature is of other bytes (${link('a signature that does not match', readme(README_ANCHORS.tampered))}).`,
    '',
    `Every message of sigstore-action is explained in its ${link('Troubleshooting', readme(README_ANCHORS.troubleshooting))} section.`,
  ];
}

/** A continued line of a command fits a code block. */
function fits(line: string): boolean {
  return line.length + 2 <= COMMAND_WIDTH;
}

/** The trusted root option: none for public-good, whose root every client knows. */
function trustFlag(instance: NotesInput['instance']): string[] {
  if (instance === 'public-good') return [];
  if (instance === 'staging') return ['--staging'];
  return ['--trusted-root', 'trusted_root.json'];
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
