import { hashChildren, hashLeaf, MerkleTree } from '../../stack/merkle.js';
import { rootFromInclusionProof } from './fixtures.js';

/** RFC 6962 MTH, straight from the definition. */
function naiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return hashLeaf(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

describe('MerkleTree', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf ${i}`));
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leaf);

  it('has the RFC 6962 root for every size as it grows', () => {
    for (let size = 1; size <= leaves.length; size++) {
      expect(tree.root(size).equals(naiveRoot(leaves.slice(0, size)))).toBe(true);
    }
  });

  it('gives inclusion proofs that verify for every leaf at every size', () => {
    for (let size = 1; size <= leaves.length; size++) {
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(index, size);
        expect(
          rootFromInclusionProof(index, size, leaves[index], proof).equals(tree.root(size)),
        ).toBe(true);
      }
    }
  });

  it('refuses proofs for leaves outside the tree', () => {
    expect(() => tree.inclusionProof(70)).toThrow();
    expect(() => tree.inclusionProof(3, 71)).toThrow();
  });
});
