import {
  SECTION_END,
  SECTION_START,
  verificationSection,
  withVerificationSection,
} from '../../../src/publish/release-notes.js';

const ID = 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.2.3';
const ISS = 'https://token.actions.githubusercontent.com';

describe('release notes', () => {
  const section = verificationSection({
    files: ['app.tar.gz', 'app linux'],
    identity: ID,
    issuer: ISS,
    instance: 'public-good',
    action: { repository: 'acme/sigstore-action', ref: 'v1' },
  });

  it('gives exact commands for this CLI, sigstore-python and cosign, pinned to the identity', () => {
    expect(section).toContain(
      `sigstore-action verify app.tar.gz 'app linux' --cert-identity ${ID} --cert-oidc-issuer ${ISS}`,
    );
    expect(section).toContain(
      `sigstore verify github app.tar.gz 'app linux' --cert-identity ${ID}`,
    );
    expect(section).toContain(
      `for f in app.tar.gz 'app linux'; do cosign verify-blob "$f" --bundle "$f.sigstore.json" --new-bundle-format --certificate-identity ${ID}`,
    );
    expect(section).toContain('npm install --global github:acme/sigstore-action#v1');
  });

  it('adds --trusted-root for a custom instance and leaves sigstore-python out', () => {
    const custom = verificationSection({
      files: ['a'],
      identity: ID,
      issuer: ISS,
      instance: 'files',
    });
    expect(custom).toContain(
      `sigstore-action verify a --trusted-root trusted_root.json --cert-identity ${ID}`,
    );
    expect(custom).not.toContain('sigstore verify github');
  });

  it('appends the section once and replaces it on re-runs, leaving the rest of the body alone', () => {
    const body = 'Release notes.\n\n- fixed things\n';
    const once = withVerificationSection(body, section);
    expect(once.startsWith('Release notes.\n\n- fixed things\n\n' + SECTION_START)).toBe(true);
    const twice = withVerificationSection(once, section);
    expect(twice).toBe(once);
    const edited = withVerificationSection(
      once + '\nA footer added later.\n',
      section.replace('app.tar.gz', 'other.zip'),
    );
    expect(edited.split(SECTION_START)).toHaveLength(2);
    expect(edited.split(SECTION_END)).toHaveLength(2);
    expect(edited).toContain('other.zip');
    expect(edited.endsWith('\nA footer added later.\n')).toBe(true);
    expect(withVerificationSection('', section)).toBe(section + '\n');
  });
});
