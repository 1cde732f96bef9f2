// Bundles are written with every field the spec marks REQUIRED, even when protobuf's JSON mapping
// would drop it as zero (the first entry of a log, index 0; Rekor v2's integrated time, 0; the
// proof of a one-entry tree, no hashes): sigstore-python's strict parser rejects such a bundle.
import { bundleToJSON, toMessageSignatureBundle, type Bundle } from '@sigstore/bundle';
import { bundleJSON } from '../../../src/sign/bundle-file.js';

function bundleWithFirstEntry(): Bundle {
  const bundle = toMessageSignatureBundle({
    digest: Buffer.alloc(32, 1),
    signature: Buffer.from('signature'),
    certificate: Buffer.from('certificate'),
    certificateChain: false,
  });
  bundle.verificationMaterial.tlogEntries = [
    {
      logIndex: '0',
      logId: { keyId: Buffer.alloc(32, 2) },
      kindVersion: { kind: 'hashedrekord', version: '0.0.2' },
      integratedTime: '0',
      inclusionPromise: undefined,
      inclusionProof: {
        logIndex: '0',
        rootHash: Buffer.alloc(32, 3),
        treeSize: '1',
        hashes: [],
        checkpoint: { envelope: 'origin\n1\nAwMD\n\n— origin sig\n' },
      },
      canonicalizedBody: Buffer.from('{}'),
    },
  ];
  return bundle;
}

describe('bundleJSON', () => {
  it('keeps index 0, integrated time 0 and an empty proof, which protobuf JSON drops', () => {
    const bundle = bundleWithFirstEntry();
    // What @sigstore/bundle alone writes: the fields are gone.
    const plain = bundleToJSON(bundle) as { verificationMaterial: { tlogEntries: object[] } };
    expect(plain.verificationMaterial.tlogEntries[0]).not.toHaveProperty('logIndex');

    const json = bundleJSON(bundle) as {
      verificationMaterial: { tlogEntries: Record<string, unknown>[] };
    };
    const entry = json.verificationMaterial.tlogEntries[0];
    expect(entry).toMatchObject({ logIndex: '0', integratedTime: '0' });
    expect(entry.inclusionProof).toEqual({
      logIndex: '0',
      rootHash: Buffer.alloc(32, 3).toString('base64'),
      treeSize: '1',
      hashes: [],
      checkpoint: { envelope: 'origin\n1\nAwMD\n\n— origin sig\n' },
    });
    expect(entry).not.toHaveProperty('inclusionPromise');
  });
});
