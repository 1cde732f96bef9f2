// The timestamp authority's API contract, transcribed (our code, not a copy) from
//   sigstore/timestamp-authority 027bd03ae621feff8b88c01f1f05c5369f4e7bcf openapi.yaml
// with its `#/responses/...` written out; descriptions left out. The JSON form of a request has
// no schema there (the body is `format: binary`): its rules are pkg/api/timestamp.go's, applied
// by stack/tsa.ts. scripts/check-contracts.mjs compares this with upstream's file.
import type { Contract } from '../swagger-contract.js';

const error = { schema: { $ref: '#/definitions/Error' } };
const binary = { schema: { type: 'string', format: 'binary' } };

export const tsaContract: Contract = {
  source: 'sigstore/timestamp-authority openapi.yaml @ 027bd03ae621feff8b88c01f1f05c5369f4e7bcf',
  flavour: 'go-swagger',
  paths: {
    '/api/v1/timestamp': {
      post: {
        operationId: 'getTimestampResponse',
        consumes: ['application/timestamp-query', 'application/json'],
        produces: ['application/timestamp-reply'],
        parameters: [
          {
            in: 'body',
            name: 'request',
            required: true,
            schema: { type: 'string', format: 'binary' },
          },
        ],
        // BadContent, NotImplemented (no body), InternalServerError.
        responses: { 200: binary, 201: binary, 400: error, 501: {}, default: error },
      },
    },
    '/api/v1/timestamp/certchain': {
      get: {
        operationId: 'getTimestampCertChain',
        consumes: ['application/json'],
        produces: ['application/pem-certificate-chain'],
        responses: { 200: { schema: { type: 'string' } }, 404: {}, default: error },
      },
    },
  },
  definitions: {
    Error: {
      type: 'object',
      properties: { code: { type: 'integer' }, message: { type: 'string' } },
    },
  },
};
