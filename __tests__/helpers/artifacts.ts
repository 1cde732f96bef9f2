// Workflow artifacts of the stack's run, seen from a test: through the REAL @actions/artifact client
// (what a later job or actions/download-artifact does), configured from the stack's env, and
// straight from Azurite with @azure/storage-blob (what is really stored).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACT_CONTAINER, AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY } from '../../stack/azurite.js';
import type { StackProcess } from './stack.js';

export interface ArtifactInfo {
  id: number;
  name: string;
  size: number;
  digest?: string;
  createdAt?: Date;
}

export interface ArtifactBlob {
  /** The blob's name in the `actions-results` container. */
  blobName: string;
  contentType: string | undefined;
  data: Buffer;
  /** `sha256:<hex>` of `data`, comparable with an artifact's digest. */
  digest: string;
}

export interface DownloadedArtifact {
  downloadPath: string;
  /** Paths of the files written, relative to downloadPath, sorted. */
  files: string[];
  digestMismatch: boolean;
}

/** Which job of the run acts: the env's ACTIONS_RUNTIME_TOKEN, or one from `newJobToken()`. */
export interface JobOptions {
  runtimeToken?: string;
}

/**
 * The variables @actions/artifact and @actions/github read (ACTIONS_*, GITHUB_*, RUNNER_*), set
 * from the stack's env while `fn` runs, then restored. Calls are serialised: process.env is
 * global and the client reads it throughout a call. What the toolkit prints (@actions/core
 * writes straight to stdout) is kept back, and appended to the error if `fn` fails.
 */
export async function withStackEnv<T>(
  stack: StackProcess,
  fn: () => Promise<T>,
  overrides: Record<string, string> = {},
): Promise<T> {
  const run = queue.then(async () => {
    const wanted: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(stack.env).filter(([k]) => /^(ACTIONS_|GITHUB_|RUNNER_)/.test(k)),
      ),
      ...overrides,
    };
    const saved = new Map(Object.keys(wanted).map((k) => [k, process.env[k]]));
    Object.assign(process.env, wanted);
    const stdout = process.stdout;
    const write = stdout.write.bind(stdout);
    let output = '';
    const capture = (chunk: string | Uint8Array): boolean => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    };
    stdout.write = capture;
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Error) err.message += `\n--- toolkit output ---\n${output}`;
      throw err;
    } finally {
      stdout.write = write;
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}
let queue: Promise<void> = Promise.resolve();

async function artifactClient(): Promise<import('@actions/artifact').ArtifactClient> {
  // Imported on first use, inside withStackEnv: @actions/github reads GITHUB_API_URL at import.
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

function jobEnv(job: JobOptions): Record<string, string> {
  return job.runtimeToken ? { ACTIONS_RUNTIME_TOKEN: job.runtimeToken } : {};
}

/** Uploads with the real client, as the action does. */
export async function uploadArtifact(
  stack: StackProcess,
  name: string,
  files: string[],
  rootDirectory: string,
  opts: JobOptions & { skipArchive?: boolean } = {},
): Promise<ArtifactInfo> {
  return withStackEnv(
    stack,
    async () => {
      const res = await (
        await artifactClient()
      ).uploadArtifact(name, files, rootDirectory, {
        skipArchive: opts.skipArchive,
      });
      if (res.id === undefined) throw new Error(`upload of ${name} returned no id`);
      return {
        id: res.id,
        name: opts.skipArchive ? path.basename(files[0]) : name,
        size: res.size ?? 0,
        digest: res.digest,
      };
    },
    jobEnv(opts),
  );
}

/** The run's artifacts, as any job of the run lists them. */
export async function listArtifacts(
  stack: StackProcess,
  opts: JobOptions = {},
): Promise<ArtifactInfo[]> {
  return withStackEnv(
    stack,
    async () => (await (await artifactClient()).listArtifacts()).artifacts,
    jobEnv(opts),
  );
}

/**
 * Downloads an artifact of the run (by id, or by name) into `dir` with the real client: a zip is
 * extracted, a single unarchived file keeps its name.
 */
export async function downloadArtifact(
  stack: StackProcess,
  artifact: number | string,
  dir: string,
  opts: JobOptions = {},
): Promise<DownloadedArtifact> {
  return withStackEnv(
    stack,
    async () => {
      const client = await artifactClient();
      const id =
        typeof artifact === 'number' ? artifact : (await client.getArtifact(artifact)).artifact.id;
      const res = await client.downloadArtifact(id, { path: dir });
      const downloadPath = res.downloadPath ?? dir;
      return {
        downloadPath,
        files: await filesUnder(downloadPath),
        digestMismatch: res.digestMismatch ?? false,
      };
    },
    jobEnv(opts),
  );
}

/** An artifact's blob read straight from Azurite (bypassing the results service). */
export async function readArtifactBlob(stack: StackProcess, name: string): Promise<ArtifactBlob> {
  const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
  const container = new BlobServiceClient(
    stack.env.STACK_AZURITE_URL,
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY),
  ).getContainerClient(ARTIFACT_CONTAINER);
  // The service names blobs <run>/<job>/artifacts/<sha256 of the artifact name>.
  const suffix = `/artifacts/${createHash('sha256').update(name).digest('hex')}`;
  for await (const blob of container.listBlobsFlat()) {
    if (!blob.name.endsWith(suffix)) continue;
    const data = await container.getBlobClient(blob.name).downloadToBuffer();
    return {
      blobName: blob.name,
      contentType: blob.properties.contentType,
      data,
      digest: `sha256:${createHash('sha256').update(data).digest('hex')}`,
    };
  }
  throw new Error(`no blob for artifact "${name}" in Azurite's ${ARTIFACT_CONTAINER} container`);
}

/** Names of all blobs in the artifact container. */
export async function listArtifactBlobs(stack: StackProcess): Promise<string[]> {
  const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
  const container = new BlobServiceClient(
    stack.env.STACK_AZURITE_URL,
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY),
  ).getContainerClient(ARTIFACT_CONTAINER);
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat()) names.push(blob.name);
  return names;
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** Reads a downloaded file (relative to a download's path). */
export function readDownloaded(download: DownloadedArtifact, file: string): Promise<Buffer> {
  return readFile(path.join(download.downloadPath, file));
}
