import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { ActionError } from '../errors.js';

/** Read size per call: large enough for full disk throughput, small enough to bound memory. */
const CHUNK_BYTES = 1024 * 1024;

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

export interface FileDigest {
  readonly digests: Partial<Record<DigestAlgorithm, Buffer>>;
  readonly size: number;
  /**
   * The whole file, when it fit in one read (up to 1 MiB): small files are signed and verified
   * by OpenSSL from their bytes, which is much faster than the pure-JS digest signature.
   */
  readonly content?: Buffer;
}

export interface DigestOptions {
  readonly algorithms?: readonly DigestAlgorithm[];
  /** Bytes read so far, for progress lines. */
  readonly onBytes?: (bytes: number) => void;
}

/**
 * Digests of a file (SHA-256 unless told otherwise, several in one pass), streamed through one
 * reused buffer: memory stays at CHUNK_BYTES whatever the file's size. A file that changes while
 * it is read (another step still writing it) is an error rather than a signature over bytes
 * nobody has.
 */
export async function digestFile(
  file: string,
  displayPath: string,
  options: DigestOptions = {},
): Promise<FileDigest> {
  const algorithms = options.algorithms ?? ['sha256'];
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
    let content: Buffer | undefined;
    for (let reads = 0; ; reads++) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
      for (const hash of hashes) hash.update(chunk);
      content = reads === 0 ? Buffer.from(chunk) : undefined;
      size += bytesRead;
      options.onBytes?.(bytesRead);
    }
    const after = await handle.stat();
    if (size !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new ActionError(
        'FILE_CHANGED',
        `${displayPath} changed while it was being read (size ${before.size} -> ${after.size}); make sure the step that writes it has finished.`,
      );
    }
    const digests = Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest()]));
    return { digests, size, content: content ?? (size === 0 ? Buffer.alloc(0) : undefined) };
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
