// The stack's `/blob` route: Azurite's blob API behind the stack, so that artifact bytes (the SAS
// upload and download URLs the results service hands out) are counted, delayed and faulted like
// every other service. `/blob/devstoreaccount1/...` is forwarded to Azurite's
// `/devstoreaccount1/...` unchanged: SAS and shared-key signatures cover neither the host nor the
// port. Bodies stream both ways; an upload block or a download is never held in memory whole.
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { BlobStore } from './azurite.js';
import type { StreamedResponse } from './http.js';

/** Per connection, not end to end: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

export class BlobProxy {
  private readonly agent = new Agent({ keepAlive: true });
  private readonly target: URL;

  /** @param azuriteUrl Azurite's account URL (its origin is where requests go) */
  constructor(azuriteUrl: string) {
    this.target = new URL(azuriteUrl);
  }

  /** Forwards `req` to Azurite at `pathAndQuery`; resolves with Azurite's answer, unread. */
  forward(req: IncomingMessage, pathAndQuery: string): Promise<StreamedResponse> {
    return new Promise((resolve) => {
      const headers = endToEnd(req.headers);
      headers.host = this.target.host;
      const upstream = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: pathAndQuery,
          headers,
          agent: this.agent,
        },
        (answer) => {
          const length = answer.headers['content-length'];
          resolve({
            status: answer.statusCode ?? 502,
            headers: endToEnd(answer.headers),
            body: answer,
            length: length === undefined ? undefined : Number(length),
          });
        },
      );
      upstream.once('error', (err) => {
        const body = JSON.stringify({ code: 502, message: `Azurite: ${err.message}` });
        resolve({
          status: 502,
          headers: { 'content-type': 'application/json' },
          body: Readable.from([Buffer.from(body)]),
          length: Buffer.byteLength(body),
        });
      });
      req.pipe(upstream);
      // A client that goes away mid-upload aborts the upstream request too.
      req.once('close', () => {
        if (!req.complete) upstream.destroy();
      });
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}

/** The same blob store, its SAS URLs pointing at `accountUrl` (the stack's `/blob` route). */
export function throughProxy(blobs: BlobStore, accountUrl: string): BlobStore {
  return {
    ...blobs,
    accountUrl,
    sasUrl: (blobName, permissions, opts) =>
      `${accountUrl}${blobs.sasUrl(blobName, permissions, opts).slice(blobs.accountUrl.length)}`,
  };
}
