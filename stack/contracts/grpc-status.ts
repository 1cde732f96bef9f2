// google.rpc.Status and google.protobuf.Any as protoc-gen-openapiv2 writes them into every
// grpc-gateway description (the `default` answer of each operation); the same in
// sigstore/fulcio fulcio.swagger.json and sigstore/rekor-tiles
// docs/openapi/rekor/v2/rekor_service.swagger.json (commits in fulcio.ts and rekor-v2.ts).
export const rpcStatus = {
  protobufAny: {
    type: 'object',
    properties: { '@type': { type: 'string' } },
    additionalProperties: {},
  },
  rpcStatus: {
    type: 'object',
    properties: {
      code: { type: 'integer', format: 'int32' },
      message: { type: 'string' },
      details: {
        type: 'array',
        items: { type: 'object', $ref: '#/definitions/protobufAny' },
      },
    },
  },
};
