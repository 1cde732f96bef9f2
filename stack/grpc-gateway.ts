// The grpc-gateway layer in front of the Fulcio and Rekor v2 stand-ins, as upstream runs it
// (grpc-ecosystem/grpc-gateway v2.29.0, the version both pin):
// - Bodies: encoding/json reads the first JSON value (stack/go-json.ts), protojson parses it
//   (stack/protojson.ts). A failure is InvalidArgument with the error's text
//   (protoc-gen-grpc-gateway's generated `request_..._0`: `status.Errorf(codes.InvalidArgument,
//   "%v", err)`). An empty body is an empty message (`!errors.Is(err, io.EOF)`).
//   rekor-tiles (internal/server/http.go) sets UnmarshalOptions{DiscardUnknown: false}: unknown
//   fields are refused. Fulcio (cmd/app/http.go) keeps the default marshaler
//   (runtime/marshaler_registry.go): DiscardUnknown true, unknown fields and enum names dropped.
// - Content types: both register their marshaler for MIMEWildcard ("*") only, and
//   MarshalerForRequest falls back to "*" for any Content-Type, missing or unparsable: no
//   content type is refused, and every answer is application/json.
// - Errors: DefaultHTTPErrorHandler (runtime/errors.go) writes the google.rpc.Status,
//   `{"code":3,"message":"...","details":[]}` (EmitUnpopulated), with HTTPStatusFromCode's status;
//   Unauthenticated also gets a WWW-Authenticate header.
// - Routing (runtime/mux.go, DefaultRoutingErrorHandler): an unknown path is 404 NotFound "Not
//   Found"; a known path with another method is Unimplemented "Method Not Allowed", HTTP 501.
import { readFirstValue } from './go-json.js';
import type { StackResponse } from './http.js';
import { RpcStatus } from './proto-messages.js';
import {
  decodeMessage,
  encodeMessage,
  ProtojsonError,
  type MessageDescriptor,
  type ProtoObject,
} from './protojson.js';

/** gRPC codes used here, with grpc-gateway's HTTPStatusFromCode. */
export const Code = {
  InvalidArgument: { code: 3, http: 400 },
  NotFound: { code: 5, http: 404 },
  AlreadyExists: { code: 6, http: 409 },
  PermissionDenied: { code: 7, http: 403 },
  Unimplemented: { code: 12, http: 501 },
  Internal: { code: 13, http: 500 },
  Unavailable: { code: 14, http: 503 },
  Unauthenticated: { code: 16, http: 401 },
} as const;
export type GrpcCode = (typeof Code)[keyof typeof Code];

/** An error answer as DefaultHTTPErrorHandler writes it. */
export function statusError(
  status: GrpcCode,
  message: string,
  headers: Record<string, string> = {},
): StackResponse {
  const extra: Record<string, string> =
    status.code === Code.Unauthenticated.code ? { 'www-authenticate': message } : {};
  return protoResponse(status.http, { code: status.code, message, details: [] }, RpcStatus, {
    ...extra,
    ...headers,
  });
}

/** A message as the gateway marshals it: protojson with EmitUnpopulated. */
export function protoResponse(
  status: number,
  value: ProtoObject,
  desc: MessageDescriptor,
  headers: Record<string, string> = {},
): StackResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(encodeMessage(value, desc)),
  };
}

export type Parsed = { message: ProtoObject } | { refused: StackResponse };

/** A request body as the gateway decodes it, or the gateway's refusal. */
export function parseRequestBody(
  body: Buffer,
  desc: MessageDescriptor,
  opts: { discardUnknown: boolean },
): Parsed {
  const first = readFirstValue(body);
  if ('error' in first) return { refused: statusError(Code.InvalidArgument, first.error) };
  const raw = 'eof' in first ? Buffer.from('{}') : first.value;
  try {
    return { message: decodeMessage(raw, desc, opts) };
  } catch (err) {
    if (err instanceof ProtojsonError) {
      return { refused: statusError(Code.InvalidArgument, err.message) };
    }
    throw err;
  }
}

export interface GatewayRoute {
  method: string;
  /** A path, or a pattern for templated ones (`/api/v2/tile/{L}/{N=**}`). */
  path: string | RegExp;
}

/** The mux's answer when no route takes the request, or undefined when one does. */
export function routingError(
  routes: GatewayRoute[],
  method: string,
  path: string,
): StackResponse | undefined {
  const onPath = routes.filter((r) =>
    typeof r.path === 'string' ? r.path === path : r.path.test(path),
  );
  if (onPath.some((r) => r.method === method)) return undefined;
  if (onPath.length > 0) return statusError(Code.Unimplemented, 'Method Not Allowed');
  return statusError(Code.NotFound, 'Not Found');
}
