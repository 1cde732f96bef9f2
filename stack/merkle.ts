// An append-only RFC 6962 / RFC 9162 Merkle tree with inclusion proofs, and signed-note
// checkpoints (https://github.com/C2SP/C2SP/blob/main/signed-note.md). @sigstore/mock's logs
// claim a random index in a one-leaf tree; verifiers only accept that by accident, and a client
// that checks the index, the tree size or a second entry sees through it.
import { createHash } from 'node:crypto';

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function hashLeaf(leaf: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

export function hashChildren(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export class MerkleTree {
  /**
   * levels[h][i] is the hash of the complete subtree of 2^h leaves starting at leaf i * 2^h,
   * kept as leaves arrive so that roots and proofs cost O(log n) hashes, not O(n).
   */
  private readonly levels: Buffer[][] = [[]];

  get size(): number {
    return this.levels[0].length;
  }

  /** Appends a leaf (its raw bytes) and returns its index. */
  append(leaf: Buffer): number {
    const index = this.size;
    this.levels[0].push(hashLeaf(leaf));
    for (let h = 0, i = index; i % 2 === 1; h++, i = Math.floor(i / 2)) {
      const node = hashChildren(this.levels[h][i - 1], this.levels[h][i]);
      (this.levels[h + 1] ??= []).push(node);
    }
    return index;
  }

  leafHash(index: number): Buffer {
    return this.levels[0][index];
  }

  /** MTH(D[0:size]). */
  root(size = this.size): Buffer {
    if (size === 0) return createHash('sha256').digest();
    return this.subtree(0, size);
  }

  /** PATH(index, D[0:size]): sibling hashes from the leaf upwards. */
  inclusionProof(index: number, size = this.size): Buffer[] {
    if (index < 0 || index >= size || size > this.size) {
      throw new Error(`no inclusion proof for leaf ${index} in a tree of ${size}`);
    }
    return this.path(index, 0, size);
  }

  private path(index: number, start: number, end: number): Buffer[] {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    return index < k
      ? [...this.path(index, start, start + k), this.subtree(start + k, end)]
      : [...this.path(index - k, start + k, end), this.subtree(start, start + k)];
  }

  /** MTH(D[start:end]). */
  private subtree(start: number, end: number): Buffer {
    const n = end - start;
    if ((n & (n - 1)) === 0 && start % n === 0) {
      return this.levels[Math.log2(n)][start / n]; // a complete, aligned subtree
    }
    const k = splitPoint(n);
    return hashChildren(this.subtree(start, start + k), this.subtree(start + k, end));
  }
}

/** The checkpoint body: origin, size, base64 root hash, then any extension lines. */
export function checkpointBody(
  origin: string,
  size: number,
  root: Buffer,
  extra: string[] = [],
): string {
  return [origin, String(size), root.toString('base64'), ...extra]
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * A signed note: the body, a blank line, then `— <key name> base64(key hint || signature)`.
 * The key hint is the first four bytes of the key id the verifier looks the key up by.
 */
export function signNote(
  body: string,
  keyName: string,
  keyHint: Buffer,
  signature: Buffer,
): string {
  const sig = Buffer.concat([keyHint.subarray(0, 4), signature]).toString('base64');
  return `${body}\n\u2014 ${keyName} ${sig}\n`;
}
