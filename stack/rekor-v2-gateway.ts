// Rekor v2's HTTP front: rekor-tiles' grpc-gateway (sigstore/rekor-tiles
// 74e3eb0e9b4203ee30912eb35c3467c551ef37c9 internal/server/http.go, newHTTPProxy), between the
// client and the service (stack/rekor-v2.ts). What it does, and so what this module does:
// - routes the four Rekor methods (api/proto/rekor/v2/rekor_service.proto); anything else is the
//   mux's 404 "Not Found", another method on a known path its 501 "Method Not Allowed";
// - parses the body as a CreateEntryRequest with the "strictMarshaler":
//   UnmarshalOptions{DiscardUnknown: false}, so an unknown field, a duplicate field, both oneof
//   members, bad base64, an unknown enum name or a JSON value of the wrong type is a 400
//   `{"code":3,"message":"proto: ...","details":[]}` before the service sees the request;
// - takes any Content-Type: the marshaler is registered for runtime.MIMEWildcard only, and
//   MarshalerForRequest (grpc-gateway v2.29.0 runtime/marshaler_registry.go) falls back to it
//   for every Content-Type, unknown, missing or unparsable. Nothing is refused for its type;
// - marshals the TransparencyLogEntry with MarshalOptions{EmitUnpopulated: true}: logIndex "0",
//   integratedTime "0" and inclusionPromise null are in the answer, as sigstore-python's strict
//   bundle parser needs them.
// The tile and checkpoint methods are Unimplemented in the gRPC service (internal/server/
// service.go: "method GetTile not implemented"); rekor-tiles serves tiles from storage instead.
import type { TransparencyLogEntry } from '@sigstore/protobuf-specs';
import type { CreateEntryRequest } from '@sigstore/protobuf-specs/rekor/v2';
import {
  Code,
  parseRequestBody,
  protoResponse,
  routingError,
  statusError,
  type GatewayRoute,
} from './grpc-gateway.js';
import type { StackRequest, StackResponse } from './http.js';
import {
  CreateEntryRequest as CreateEntryRequestMessage,
  TransparencyLogEntry as TransparencyLogEntryMessage,
} from './proto-messages.js';
import type { ProtoObject } from './protojson.js';

const ROUTES: (GatewayRoute & { unimplemented?: string })[] = [
  { method: 'POST', path: '/api/v2/log/entries' },
  { method: 'GET', path: /^\/api\/v2\/tile\/entries\/.+$/, unimplemented: 'GetEntryBundle' },
  { method: 'GET', path: /^\/api\/v2\/tile\/[^/]+\/.+$/, unimplemented: 'GetTile' },
  { method: 'GET', path: '/api/v2/checkpoint', unimplemented: 'GetCheckpoint' },
];

/** The CreateEntryRequest the gateway hands the service, or the gateway's own answer. */
export function readCreateEntryRequest(
  req: StackRequest,
): { request: CreateEntryRequest } | { answer: StackResponse } {
  const unrouted = routingError(ROUTES, req.method, req.path);
  if (unrouted) return { answer: unrouted };
  const route = ROUTES.find((r) =>
    typeof r.path === 'string' ? r.path === req.path : r.path.test(req.path),
  );
  if (route?.unimplemented) {
    return {
      answer: statusError(Code.Unimplemented, `method ${route.unimplemented} not implemented`),
    };
  }
  const parsed = parseRequestBody(req.body, CreateEntryRequestMessage, { discardUnknown: false });
  if ('refused' in parsed) return { answer: parsed.refused };
  // protojson.ts decodes into @sigstore/protobuf-specs' shapes, defaults filled in.
  return { request: parsed.message as unknown as CreateEntryRequest };
}

/** The service's TransparencyLogEntry as the gateway writes it (EmitUnpopulated). */
export function transparencyLogEntryAnswer(
  status: number,
  entry: TransparencyLogEntry,
  headers: Record<string, string> = {},
): StackResponse {
  return protoResponse(
    status,
    entry as unknown as ProtoObject,
    TransparencyLogEntryMessage,
    headers,
  );
}
