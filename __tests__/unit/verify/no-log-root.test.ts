/**
 * A trusted root without transparency logs (GitHub's instance publishes one: Fulcio and a TSA,
 * no log) is a valid root: its bundles have no log entry and take their time from a TSA. Only a
 * bundle that has a log entry fails under it, saying what the root lacks. Built from the
 * sigstore-conformance case rekor2-happy-path (a Rekor v2 entry and an RFC 3161 timestamp).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrustedRoot } from '../../../src/sigstore/instance.js';
import { BundleVerifier } from '../../../src/verify/bundle-verifier.js';
import { buildPolicy } from '../../../src/verify/policy.js';
import { verifyArtifact } from '../../../src/verify/verify-file.js';

const SUITE = ['../shared/conformance', '/work/shared/conformance']
  .map((p) => path.resolve(p))
  .find((p) => existsSync(path.join(p, 'bundle-verify', 'rekor2-happy-path')));
const IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const signer = {
  kind: 'identity' as const,
  policy: buildPolicy(
    {
      certIdentity: IDENTITY,
      certOidcIssuer: 'https://token.actions.githubusercontent.com',
      claims: {},
    },
    (i) => i,
  ),
};

(SUITE ? describe : describe.skip)('a trusted root without transparency logs', () => {
  const dir = path.join(SUITE ?? '', 'bundle-verify', 'rekor2-happy-path');
  const artifact = {
    kind: 'file' as const,
    path: path.join(SUITE ?? '', 'bundle-verify', 'a.txt'),
    displayPath: 'a.txt',
  };
  const read = (file: string): Record<string, unknown> =>
    JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  const rootJSON = (): Record<string, unknown> => read('trusted_root.json');
  const bundle = (): Record<string, unknown> => read('bundle.sigstore.json');
  const withoutEntries = (): Record<string, unknown> => {
    const b = bundle();
    const material = b.verificationMaterial as Record<string, unknown>;
    return { ...b, verificationMaterial: { ...material, tlogEntries: [] } };
  };
  const noLogs = rootJSON();
  delete noLogs.tlogs;
  const noLogRoot = new BundleVerifier(parseTrustedRoot(noLogs, 'no-log root'));

  it('verifies a bundle that has no log entry and a TSA timestamp', async () => {
    const verified = await verifyArtifact(noLogRoot, artifact, withoutEntries(), signer);
    expect(verified.logIndex).toBeUndefined();
    expect(verified.claims).toBeDefined();
  });

  it('refuses a bundle with a log entry, saying the root has no logs', async () => {
    await expect(verifyArtifact(noLogRoot, artifact, bundle(), signer)).rejects.toThrow(
      'the bundle has a transparency log entry, but the trusted root lists no transparency logs',
    );
  });

  it('a root WITH logs still requires the entry (the bundle without it fails)', async () => {
    const withLogs = new BundleVerifier(parseTrustedRoot(rootJSON(), 'root'));
    await expect(verifyArtifact(withLogs, artifact, bundle(), signer)).resolves.toBeDefined();
    await expect(verifyArtifact(withLogs, artifact, withoutEntries(), signer)).rejects.toThrow(
      /tlog entries|transparency log/,
    );
  });
});
