import { writeNotes } from '../../../src/publish/notes-update.js';
import type { Release, ReleaseAsset, ReleasesAPI } from '../../../src/publish/releases.js';

const ID = 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.2.3';
const ISS = 'https://token.actions.githubusercontent.com';

/** A release in memory: the ReleasesAPI the notes are written through. */
function releaseWith(body: string, assetNames: string[]): { api: ReleasesAPI; body: () => string } {
  let current = body;
  const assets: ReleaseAsset[] = assetNames.map((name, i) => ({ id: i + 1, name, size: 10 }));
  const release: Release = {
    id: 1,
    tagName: 'v1.2.3',
    draft: true,
    immutable: false,
    body,
    uploadURL: '',
    htmlURL: 'https://github.com/o/r/releases/tag/v1.2.3',
  };
  const api: ReleasesAPI = {
    repository: 'o/r',
    findByTag: () => Promise.resolve(release),
    get: () => Promise.resolve({ ...release, body: current }),
    listAssets: () => Promise.resolve(assets),
    upload: () => Promise.reject(new Error('not in this test')),
    deleteAsset: () => Promise.reject(new Error('not in this test')),
    download: () => Promise.reject(new Error('nothing is downloaded without a trusted root')),
    downloadToFile: () => Promise.reject(new Error('not in this test')),
    updateBody: (_id, text) => {
      current = text;
      return Promise.resolve();
    },
  };
  return { api, body: () => current };
}

describe('release notes without a trusted root to verify with', () => {
  it("lists only this run's own bundles, as what this run attached them as", async () => {
    const { api, body } = releaseWith('Notes.\n', [
      'app.tar.gz',
      'app.tar.gz.sigstore.json',
      'lib.whl.intoto.sigstore.json',
      'other.bin.sigstore.json',
      'forged.bin.intoto.sigstore.json',
    ]);
    await writeNotes(
      api,
      await api.get(1),
      { identity: ID, issuer: ISS, instance: 'files' },
      {
        own: new Map([
          ['app.tar.gz.sigstore.json', { kind: 'signature' }],
          [
            'lib.whl.intoto.sigstore.json',
            { kind: 'attestation', predicateType: 'https://slsa.dev/provenance/v1' },
          ],
        ]),
      },
    );
    const notes = body();
    expect(notes.startsWith('Notes.\n\n')).toBe(true);
    expect(notes).toContain('sigstore-action verify app.tar.gz \\\n  --trusted-root');
    expect(notes).toContain(
      'sigstore-action verify lib.whl \\\n  --predicate-type https://slsa.dev/provenance/v1',
    );
    // Downloads name the release's tag and repository.
    expect(notes).toContain('gh release download v1.2.3 --repo o/r --pattern app.tar.gz ');
    expect(notes).not.toMatch(/other\.bin|forged\.bin/);
  });
});
