import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { ActionError } from '../errors.js';

/** Read size per call: large enough for full disk throughput, small enough to bound memory. */
const CHUNK_BYTES = 1024 * 1024;

export interface FileDigest {
  readonly sha256: Buffer;
  readonly size: number;
}

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

/**
 * SHA-256 of a file, streamed through one reused buffer: memory stays at CHUNK_BYTES whatever
 * the file's size. `onBytes` reports progress. A file that changes while it is read (another
 * step still writing it) is an error rather than a signature over bytes nobody has.
 */
export async function digestFile(
  file: string,
  displayPath: string,
  onBytes?: (bytes: number) => void,
): Promise<FileDigest> {
  const { digests, size } = await digestFileWith(file, displayPath, ['sha256'], onBytes);
  return { sha256: digests.sha256!, size };
}

/** Like digestFile, with several algorithms computed in the same single pass. */
export async function digestFileWith(
  file: string,
  displayPath: string,
  algorithms: readonly DigestAlgorithm[],
  onBytes?: (bytes: number) => void,
): Promise<{ digests: Partial<Record<DigestAlgorithm, Buffer>>; size: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    throw unreadable(displayPath, err);
  }
  try {
    const before = await handle.stat();
    const hashes = algorithms.map((algorithm) => createHash(algorithm));
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
      for (const hash of hashes) hash.update(chunk);
      size += bytesRead;
      onBytes?.(bytesRead);
    }
    const after = await handle.stat();
    if (size !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new ActionError(
        'FILE_CHANGED',
        `${displayPath} changed while it was being read (size ${before.size} -> ${after.size}); make sure the step that writes it has finished.`,
      );
    }
    const digests = Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest()]));
    return { digests, size };
  } catch (err) {
    if (err instanceof ActionError) throw err;
    throw unreadable(displayPath, err);
  } finally {
    await handle.close();
  }
}

function unreadable(displayPath: string, err: unknown): ActionError {
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  return new ActionError(
    'FILE_UNREADABLE',
    `${displayPath} cannot be read (${code}); check that it exists and the runner user can read it.`,
    { cause: err },
  );
}
