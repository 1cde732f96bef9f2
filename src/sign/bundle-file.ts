import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { bundleToJSON, type Bundle } from '@sigstore/bundle';
import { ActionError } from '../errors.js';

type JsonObject = Record<string, unknown>;

/**
 * The bundle as JSON with every field the bundle spec marks REQUIRED present, zero or not.
 * Protobuf's JSON mapping (@sigstore/bundle's bundleToJSON) leaves out zero values: the first
 * entry of a log (index 0), a Rekor v2 entry's integrated time (always 0), the proof of a
 * one-entry tree (no hashes). sigstore-python's strict bundle parser then rejects the bundle
 * (protobuf-specs sigstore_rekor.proto: TransparencyLogEntry.log_index, integrated_time and
 * InclusionProof.log_index, tree_size, hashes are REQUIRED).
 */
export function bundleJSON(bundle: Bundle): JsonObject {
  const json = bundleToJSON(bundle) as JsonObject;
  const material = json.verificationMaterial as JsonObject | undefined;
  const entries = material?.tlogEntries;
  if (material && Array.isArray(entries)) {
    material.tlogEntries = entries.map((value, i) => {
      const entry = value as JsonObject;
      const source = bundle.verificationMaterial.tlogEntries[i];
      const proof = entry.inclusionProof as JsonObject | undefined;
      // Rebuilt in the field order of the message, so the file reads as other clients write it.
      return {
        logIndex: source.logIndex,
        logId: entry.logId,
        kindVersion: entry.kindVersion,
        integratedTime: source.integratedTime,
        ...(entry.inclusionPromise ? { inclusionPromise: entry.inclusionPromise } : {}),
        ...(proof && source.inclusionProof
          ? {
              inclusionProof: {
                logIndex: source.inclusionProof.logIndex,
                rootHash: proof.rootHash,
                treeSize: source.inclusionProof.treeSize,
                hashes: proof.hashes ?? [],
                checkpoint: proof.checkpoint,
              },
            }
          : {}),
        ...(entry.canonicalizedBody ? { canonicalizedBody: entry.canonicalizedBody } : {}),
      };
    });
  }
  return json;
}

/**
 * Writes a bundle atomically: a temporary file in the same directory, then moved into place, so
 * a reader never sees half a bundle. Without `overwrite` the final step is a hard link, which
 * fails if the bundle appeared meanwhile instead of silently replacing it. No fsync: on a runner
 * a crash loses the whole job anyway, and 200 fsyncs cost more than the signing itself.
 */
export async function writeBundleFile(
  bundlePath: string,
  displayPath: string,
  json: unknown,
  overwrite: boolean,
): Promise<void> {
  const dir = path.dirname(bundlePath);
  const temp = path.join(
    dir,
    `.${path.basename(bundlePath)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const text = JSON.stringify(json) + '\n';
    try {
      await fs.writeFile(temp, text, { flag: 'wx', mode: 0o644 });
    } catch (err) {
      // Only bundle-directory can be missing; created on first use, so a failed run leaves none.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(temp, text, { flag: 'wx', mode: 0o644 });
    }
    if (overwrite) {
      await fs.rename(temp, bundlePath);
    } else {
      await linkNoReplace(temp, bundlePath);
      await fs.rm(temp, { force: true });
    }
  } catch (err) {
    await fs.rm(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new ActionError(
        'BUNDLE_EXISTS',
        `${displayPath} appeared while signing (another step writing it?); it was left as it is. Set overwrite: true to replace it.`,
      );
    }
    throw new ActionError(
      'BUNDLE_WRITE_FAILED',
      `cannot write ${displayPath} (${code ?? String(err)}); check that the directory is writable and has space.`,
      { cause: err },
    );
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

async function linkNoReplace(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (err) {
    if (!NO_HARD_LINKS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
    // A file system without hard links: check, then rename (atomic, but with a small race window).
    const exists = await fs.lstat(to).then(
      () => true,
      () => false,
    );
    if (exists) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
    await fs.rename(from, to);
  }
}
