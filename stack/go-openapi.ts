// The go-swagger server front of Rekor v1 and the TSA, as go-openapi/runtime (v0.32.5 for
// sigstore/rekor, v0.33.0 for sigstore/timestamp-authority) and go-openapi/errors v0.22.8 answer
// before any handler runs:
// - middleware/router.go NewRouter: an unknown path is 404 `path <p> was not found`; a known path
//   with another method is 405 `method GET is not allowed, but [POST] are` with an Allow header.
// - middleware/context.go BindValidRequest: a body (runtime.HasBody) needs a Content-Type among
//   the operation's `consumes`, a missing one counting as application/octet-stream
//   (runtime.ContentType, DefaultMime): else 415 `unsupported media type "<t>", only [<a> <b>]
//   are allowed` (errors/headers.go); an unparsable one is a 400 ParseError. Then the Accept
//   header must allow one of `produces` (server-middleware/negotiate): else 406 `unsupported
//   media type requested, only [<p>] are available` for a request without a body (one with a
//   body falls back to its own Content-Type). No Accept header takes the first.
// - errors/api.go ServeError: `{"code":<code>,"message":"<text>"}` as application/json, the
//   HTTP status being the code, or 422 for the validation codes of 600 and up (asHTTPCode); a
//   CompositeError is served as its first error; any other error is a 500 with its text.
import type { StackRequest, StackResponse } from './http.js';

export interface SwaggerRoute {
  method: string;
  /** A path, or a pattern for templated ones. */
  path: string | RegExp;
  consumes?: string[];
  produces: string[];
}

/** go-openapi/errors codes of validation failures (errors/schema.go). */
export const ValidationCode = {
  InvalidType: 601,
  Required: 602,
  Pattern: 605,
  Enum: 606,
} as const;

/** errors.ServeError of an errors.Error with `code` and `message`. */
export function serveError(
  code: number,
  message: string,
  headers: Record<string, string> = {},
): StackResponse {
  return {
    status: code >= 600 ? 422 : code,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code, message }),
  };
}

/** A handler's own error payload (models.Error), written by the negotiated producer. */
export function responderError(
  status: number,
  message: string,
  format = 'application/json',
  headers: Record<string, string> = {},
): StackResponse {
  return {
    status,
    headers: { 'content-type': format, ...headers },
    body: JSON.stringify({ code: status, message }),
  };
}

/**
 * What the router and the binding middleware answer before a handler, or the route and the
 * negotiated response format when the request gets through to it.
 */
export function frontDoor(
  routes: SwaggerRoute[],
  req: StackRequest,
): { route: SwaggerRoute; format: string } | { answer: StackResponse } {
  const onPath = routes.filter((r) =>
    typeof r.path === 'string' ? r.path === req.path : r.path.test(req.path),
  );
  const route = onPath.find((r) => r.method === req.method);
  if (!route) {
    if (onPath.length > 0) {
      const allowed = onPath.map((r) => r.method);
      return {
        answer: serveError(
          405,
          `method ${req.method} is not allowed, but [${allowed.join(',')}] are`,
          { allow: allowed.join(',') },
        ),
      };
    }
    return { answer: serveError(404, `path ${req.path} was not found`) };
  }
  if (req.body.length > 0 && route.consumes) {
    const header = req.headers['content-type'];
    const raw = header === undefined || header === '' ? 'application/octet-stream' : header;
    const type = /^\s*([\w.+-]+\/[\w.+-]+)\s*(;.*)?$/.exec(raw)?.[1]?.toLowerCase();
    if (type === undefined) {
      return {
        answer: serveError(
          400,
          `parsing Content-Type header from ${JSON.stringify(header ?? '')} failed, because mime: expected slash after first token`,
        ),
      };
    }
    if (!route.consumes.includes(type)) {
      return {
        answer: serveError(
          415,
          `unsupported media type ${JSON.stringify(type)}, only [${route.consumes.join(' ')}] are allowed`,
        ),
      };
    }
  }
  // BindValidRequest negotiates with the request's own Content-Type as the default offer, so
  // only a request without a body can be refused for its Accept header; a request with one is
  // answered in the format ResponseFormat picks, or with an empty Content-Type.
  const format = negotiate(req.headers.accept, route.produces);
  if (format === undefined && req.body.length > 0) return { route, format: '' };
  if (format === undefined) {
    return {
      answer: serveError(
        406,
        `unsupported media type requested, only [${route.produces.join(' ')}] are available`,
      ),
    };
  }
  return { route, format };
}

/** negotiate.ContentType: the first offer the Accept header allows (no header: the first). */
function negotiate(accept: string | undefined, offers: string[]): string | undefined {
  if (accept === undefined) return offers[0];
  const ranges = accept
    .split(',')
    .map((part) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((r) => r.range !== '' && r.q > 0);
  if (ranges.length === 0) return undefined;
  const allows = (range: string, offer: string): boolean => {
    if (range === '*/*' || range === offer) return true;
    return range.endsWith('/*') && offer.startsWith(range.slice(0, -1));
  };
  return offers.find((offer) => ranges.some((r) => allows(r.range, offer)));
}
