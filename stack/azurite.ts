// Azurite (Microsoft's storage emulator) as the blob store behind the artifact service: started as a
// child process on an ephemeral loopback port, in memory only, stopped with the stack. Upload and
// download URLs are SAS URLs signed with Azurite's published development account key, exactly
// what @actions/artifact's @azure/storage-blob client gets from the real results service.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { waitForReadyLine } from './ready-line.js';

/** Azurite's well-known development account (published in its README; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
/** The container the real results service stores artifacts in. */
export const ARTIFACT_CONTAINER = 'actions-results';

const READY_LINE = /successfully listens on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;

const require = createRequire(import.meta.url);

/**
 * Runs in the child, before Azurite's own entry point (`azurite-blob`):
 * - Azurite requires `applicationinsights` at load time even with --disableTelemetry, which never
 *   touches it; that one require is about a second of a ~1.5 s start, so it gets an inert stand-in.
 * - Node's compile cache (Node >= 22.1) makes later starts faster still.
 * - When the stack dies without closing it (SIGKILL), the stdin pipe closes: exit, no orphan.
 */
function bootstrap(main: string, compileCache: string): string {
  return `
const Module = require('node:module');
if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache(${JSON.stringify(compileCache)});
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'applicationinsights') return {};
  return load.call(this, request, ...rest);
};
process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume().unref();
process.argv.splice(1, 0, ${JSON.stringify(main)});
require(${JSON.stringify(main)});
`;
}

export interface BlobStore {
  /** `http://127.0.0.1:PORT/devstoreaccount1`. */
  accountUrl: string;
  pid: number;
  /** A path-style URL of a blob in the artifact container, with a SAS granting `permissions`. */
  sasUrl(
    blobName: string,
    permissions: 'cw' | 'r',
    opts?: { expiresOn?: Date; contentDisposition?: string },
  ): string;
  /** Size of a committed blob, or undefined when there is none. */
  blobSize(blobName: string): Promise<number | undefined>;
  deleteBlob(blobName: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's blob service and creates the artifact container. `cwd` is Azurite's workspace
 * (--location cannot be combined with --inMemoryPersistence, and nothing is written there).
 */
export async function startAzurite(opts: { cwd?: string } = {}): Promise<BlobStore> {
  // The SDK takes ~0.2 s to import: load it while Azurite boots.
  const sdk = import('@azure/storage-blob');
  const main = require.resolve('azurite/dist/src/blob/main.js');
  const child = spawn(
    process.execPath,
    [
      '--no-deprecation',
      '-e',
      bootstrap(main, path.join(tmpdir(), 'sigstore-stack-compile-cache')),
      '--',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      // In-memory blobs are capped (MB); the default is half the machine's memory.
      '--extentMemoryLimit',
      '4096',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--silent',
    ],
    // Azurite's workspace is its working directory: never the repository.
    { cwd: opts.cwd ?? tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A last resort if the stack exits without closing (an uncaught error): never leave it behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  try {
    const url = await waitForReadyLine(child, {
      name: 'Azurite',
      pattern: READY_LINE,
      timeoutMs: START_TIMEOUT_MS,
      exited,
      stderr: () => stderr,
    });
    const blob = await sdk;
    const accountUrl = `${url.replace(/\/$/, '')}/${AZURITE_ACCOUNT}`;
    const credential = new blob.StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY);
    const container = new blob.BlobServiceClient(accountUrl, credential).getContainerClient(
      ARTIFACT_CONTAINER,
    );
    await container.create(); // also proves Azurite answers
    return blobStore(blob, child, exited, accountUrl, credential, container, killOnExit);
  } catch (err) {
    process.off('exit', killOnExit);
    child.kill('SIGKILL');
    throw err;
  }
}

function blobStore(
  blob: typeof import('@azure/storage-blob'),
  child: ChildProcess,
  exited: Promise<void>,
  accountUrl: string,
  credential: StorageSharedKeyCredential,
  container: ContainerClient,
  killOnExit: () => void,
): BlobStore {
  let stopping: Promise<void> | undefined;
  return {
    accountUrl,
    pid: child.pid ?? 0,
    sasUrl(blobName, permissions, opts = {}) {
      const sas = blob.generateBlobSASQueryParameters(
        {
          containerName: ARTIFACT_CONTAINER,
          blobName,
          permissions: blob.BlobSASPermissions.parse(permissions),
          startsOn: new Date(Date.now() - 5 * 60_000), // tolerate clock skew, as services do
          expiresOn: opts.expiresOn ?? new Date(Date.now() + 6 * 60 * 60_000),
          contentDisposition: opts.contentDisposition,
        },
        credential,
      );
      return `${accountUrl}/${ARTIFACT_CONTAINER}/${blobName.split('/').map(encodeURIComponent).join('/')}?${sas.toString()}`;
    },
    async blobSize(blobName) {
      try {
        const props = await container.getBlobClient(blobName).getProperties();
        return props.contentLength;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }
    },
    async deleteBlob(blobName) {
      await container.getBlobClient(blobName).deleteIfExists();
    },
    stop() {
      return (stopping ??= (async () => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })());
    },
  };
}
