/**
 * A forward HTTP proxy for tests that records every request it carries: absolute-URI requests
 * (`GET http://host:port/path`, as http-proxy-agent sends for http targets) and CONNECT tunnels
 * (as undici's ProxyAgent and the `tunnel` package open even for http targets). A tunnel that
 * carries plain HTTP is read request by request, so each request inside it is recorded with its
 * method, URL and User-Agent too; a TLS tunnel is recorded as a tunnel only.
 *
 * Only the hosts in `hosts` are served (mapped to the address given, e.g. a stack announced as
 * `sigstore-stack.test` to 127.0.0.1); any other target is refused with 502 and recorded, so a
 * test never reaches the internet.
 */
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
  /** `absolute`: an absolute-URI request to the proxy; `tunnel`: a request inside a CONNECT. */
  via: 'absolute' | 'tunnel';
  method: string;
  /** `http://host:port/path?query` as the client addressed it. */
  url: string;
  userAgent?: string;
  /** Answered 502: the host is not one the proxy serves. */
  refused: boolean;
}

export interface ProxiedTunnel {
  /** `host:port` of the CONNECT request. */
  target: string;
  userAgent?: string;
  refused: boolean;
  /** The client started TLS inside: its requests cannot be seen. */
  tls: boolean;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:PORT`, for HTTP_PROXY / HTTPS_PROXY. */
  url: string;
  readonly requests: ProxiedRequest[];
  readonly tunnels: ProxiedTunnel[];
  close(): Promise<void>;
}

/** Per connection, not end to end (RFC 9110 §7.6.1), plus the proxy's own headers. */
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
]);
const TLS_HANDSHAKE = 0x16;

export async function startRecordingProxy(hosts: Record<string, string>): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const tunnels: ProxiedTunnel[] = [];
  /** The CONNECT target of each tunnel socket handed to the HTTP parser. */
  const tunnelTargets = new WeakMap<Socket, string>();

  const server = createServer((req, res) => {
    const tunnel = tunnelTargets.get(req.socket);
    const absolute = /^https?:\/\//i.test(req.url ?? '');
    if (!absolute && tunnel === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('not a proxy request');
      return;
    }
    const target = new URL(absolute ? (req.url ?? '') : `http://${tunnel}${req.url ?? '/'}`);
    const mapped = hosts[target.hostname];
    requests.push({
      via: absolute ? 'absolute' : 'tunnel',
      method: req.method ?? 'GET',
      url: target.href,
      userAgent: req.headers['user-agent'],
      refused: mapped === undefined,
    });
    if (mapped === undefined) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`unknown host ${target.host}`);
      return;
    }
    forward(req, res, mapped, target);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const [hostname, port] = splitHostPort(target);
    const mapped = hosts[hostname];
    const tunnel: ProxiedTunnel = {
      target,
      userAgent: req.headers['user-agent'],
      refused: mapped === undefined,
      tls: false,
    };
    tunnels.push(tunnel);
    client.on('error', () => undefined);
    if (mapped === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const start = (first: Buffer): void => {
      client.pause();
      client.unshift(first);
      if (first[0] === TLS_HANDSHAKE) {
        tunnel.tls = true;
        const upstream = connect(Number(port), mapped, () => client.pipe(upstream).pipe(client));
        upstream.on('error', () => client.destroy());
      } else {
        tunnelTargets.set(client, target);
        server.emit('connection', client);
      }
      client.resume();
    };
    if (head.length > 0) start(head);
    else client.once('data', start);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function forward(req: IncomingMessage, res: ServerResponse, address: string, target: URL): void {
  const upstream = request(
    {
      host: address,
      port: target.port || 80,
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers: endToEnd(req.headers),
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`upstream: ${err.message}`);
  });
  req.pipe(upstream);
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}

function splitHostPort(target: string): [string, string] {
  const at = target.lastIndexOf(':');
  return at < 0
    ? [target, '443']
    : [target.slice(0, at).replace(/^\[|\]$/g, ''), target.slice(at + 1)];
}
