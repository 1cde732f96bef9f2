// Rekor v1's API contract, transcribed (our code, not a copy) from
//   sigstore/rekor eee7d8d644f5713e3c1ace419425aa3ceadc46d7 openapi.yaml
// with its `#/responses/...` written out; descriptions left out. Two departures, both where
// Rekor's own server departs from the file:
// - Each kind's `spec` refers to pkg/types/<kind>/<kind>_schema.json, but the API model
//   (pkg/generated/models/hashedrekord.go & co) keeps spec as `interface{}`; the type's schema is
//   checked later, by kind and version (pkg/types/<kind>/<version>/entry.go Unmarshal), and the
//   transcriptions of those live in rekor-types.ts. Here spec is any object.
// - The patches below: what pkg/api really answers.
// scripts/check-contracts.mjs compares this with upstream's file.
import type { Contract } from '../swagger-contract.js';

const ref = (name: string): { $ref: string } => ({ $ref: `#/definitions/${name}` });
const error = { schema: ref('Error') };
const badContent = error;
const notFound = {};
const internalServerError = error;
const uuidPattern = '^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$';
const hexHash = { type: 'string', pattern: '^[0-9a-fA-F]{64}$' };
const treeId = { type: 'string', pattern: '^[0-9]+$' };
export const API_VERSION_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';

/** The ProposedEntry kinds of openapi.yaml; helm alone lacks `additionalProperties: false`. */
export const ENTRY_KINDS = [
  'rekord',
  'hashedrekord',
  'rpm',
  'tuf',
  'alpine',
  'helm',
  'intoto',
  'cose',
  'jar',
  'rfc3161',
  'dsse',
];

const kind = (name: string): Record<string, unknown> => ({
  type: 'object',
  allOf: [
    ref('ProposedEntry'),
    {
      properties: {
        apiVersion: { type: 'string', pattern: API_VERSION_PATTERN },
        spec: { type: 'object' },
      },
      required: ['apiVersion', 'spec'],
      ...(name === 'helm' ? {} : { additionalProperties: false }),
    },
  ],
});

const shardInfo = {
  type: 'object',
  properties: {
    rootHash: hexHash,
    treeSize: { type: 'integer', minimum: 1 },
    signedTreeHead: { type: 'string', format: 'signedCheckpoint' },
    treeID: treeId,
  },
  required: ['rootHash', 'treeSize', 'signedTreeHead', 'treeID'],
};

export const rekorV1Contract: Contract = {
  source: 'sigstore/rekor openapi.yaml @ eee7d8d644f5713e3c1ace419425aa3ceadc46d7',
  flavour: 'go-swagger',
  consumes: ['application/json'],
  produces: ['application/json'],
  paths: {
    '/api/v1/index/retrieve': {
      post: {
        deprecated: true,
        operationId: 'searchIndex',
        parameters: [{ in: 'body', name: 'query', required: true, schema: ref('SearchIndex') }],
        responses: {
          200: { schema: { type: 'array', items: { type: 'string', pattern: uuidPattern } } },
          400: badContent,
          default: internalServerError,
        },
      },
    },
    '/api/v1/log': {
      get: {
        operationId: 'getLogInfo',
        responses: { 200: { schema: ref('LogInfo') }, default: internalServerError },
      },
    },
    '/api/v1/log/publicKey': {
      get: {
        operationId: 'getPublicKey',
        parameters: [{ in: 'query', name: 'treeID', ...treeId }],
        produces: ['application/x-pem-file'],
        responses: { 200: { schema: { type: 'string' } }, default: internalServerError },
      },
    },
    '/api/v1/log/proof': {
      get: {
        operationId: 'getLogProof',
        parameters: [
          { in: 'query', name: 'firstSize', type: 'integer', default: 1, minimum: 1 },
          { in: 'query', name: 'lastSize', type: 'integer', required: true, minimum: 1 },
          { in: 'query', name: 'treeID', ...treeId },
        ],
        responses: {
          200: { schema: ref('ConsistencyProof') },
          400: badContent,
          default: internalServerError,
        },
      },
    },
    '/api/v1/log/entries': {
      post: {
        operationId: 'createLogEntry',
        parameters: [
          { in: 'body', name: 'proposedEntry', schema: ref('ProposedEntry'), required: true },
        ],
        responses: {
          201: {
            headers: {
              ETag: { type: 'string' },
              Location: { type: 'string', format: 'uri' },
            },
            schema: ref('LogEntry'),
          },
          400: badContent,
          409: { schema: ref('Error'), headers: { Location: { type: 'string', format: 'uri' } } },
          default: internalServerError,
        },
      },
      get: {
        operationId: 'getLogEntryByIndex',
        parameters: [
          { in: 'query', name: 'logIndex', type: 'integer', required: true, minimum: 0 },
        ],
        responses: {
          200: { schema: ref('LogEntry') },
          404: notFound,
          default: internalServerError,
        },
      },
    },
    '/api/v1/log/entries/{entryUUID}': {
      get: {
        operationId: 'getLogEntryByUUID',
        parameters: [
          { in: 'path', name: 'entryUUID', type: 'string', required: true, pattern: uuidPattern },
        ],
        responses: {
          200: { schema: ref('LogEntry') },
          404: notFound,
          default: internalServerError,
        },
      },
    },
    '/api/v1/log/entries/retrieve': {
      post: {
        operationId: 'searchLogQuery',
        parameters: [{ in: 'body', name: 'entry', required: true, schema: ref('SearchLogQuery') }],
        responses: {
          200: { schema: { type: 'array', items: ref('LogEntry') } },
          400: badContent,
          422: error,
          default: internalServerError,
        },
      },
    },
  },
  definitions: {
    ProposedEntry: {
      type: 'object',
      discriminator: 'kind',
      properties: { kind: { type: 'string' } },
      required: ['kind'],
    },
    ...Object.fromEntries(ENTRY_KINDS.map((name) => [name, kind(name)])),
    LogEntry: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          logID: hexHash,
          logIndex: { type: 'integer', minimum: 0 },
          body: { type: 'object', additionalProperties: true },
          integratedTime: { type: 'integer' },
          attestation: { type: 'object', properties: { data: { format: 'byte' } }, format: 'byte' },
          verification: {
            type: 'object',
            properties: {
              inclusionProof: ref('InclusionProof'),
              signedEntryTimestamp: { type: 'string', format: 'byte' },
            },
          },
        },
        required: ['logID', 'logIndex', 'body', 'integratedTime'],
      },
    },
    SearchIndex: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        subject: { type: 'string', minLength: 1, maxLength: 512 },
        publicKey: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: ['pgp', 'x509', 'minisign', 'ssh', 'tuf'] },
            content: { type: 'string', format: 'byte' },
          },
          required: ['format'],
        },
        hash: {
          type: 'string',
          pattern:
            '^(sha512:)?[0-9a-fA-F]{128}$|^(sha256:)?[0-9a-fA-F]{64}$|^(sha1:)?[0-9a-fA-F]{40}$',
        },
        operator: { type: 'string', enum: ['and', 'or'] },
      },
    },
    SearchLogQuery: {
      type: 'object',
      properties: {
        entryUUIDs: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: { type: 'string', pattern: uuidPattern },
        },
        logIndexes: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: { type: 'integer', minimum: 0 },
        },
        entries: { type: 'array', minItems: 1, maxItems: 10, items: ref('ProposedEntry') },
      },
    },
    LogInfo: {
      ...shardInfo,
      properties: {
        ...shardInfo.properties,
        inactiveShards: { type: 'array', items: ref('InactiveShardLogInfo') },
      },
    },
    InactiveShardLogInfo: shardInfo,
    ConsistencyProof: {
      type: 'object',
      properties: { rootHash: hexHash, hashes: { type: 'array', items: hexHash } },
      required: ['rootHash', 'hashes'],
    },
    InclusionProof: {
      type: 'object',
      properties: {
        logIndex: { type: 'integer', minimum: 0 },
        rootHash: hexHash,
        treeSize: { type: 'integer', minimum: 1 },
        hashes: { type: 'array', items: hexHash },
        checkpoint: { type: 'string', format: 'signedCheckpoint' },
      },
      required: ['logIndex', 'rootHash', 'treeSize', 'hashes', 'checkpoint'],
    },
    Error: {
      type: 'object',
      properties: { code: { type: 'integer' }, message: { type: 'string' } },
    },
  },
  patches: [
    {
      pointer: '/LogEntry/additionalProperties/properties/body',
      schema: { type: 'string', format: 'byte' },
      why:
        'openapi.yaml declares `body` an object, but pkg/api/entries.go fills the interface{} ' +
        'with the leaf bytes, which go-swagger writes as base64: every real answer has a string',
    },
    {
      pointer: '/LogInfo/properties/treeSize',
      schema: { type: 'integer', minimum: 0 },
      why: 'an empty log (pkg/api/tlog.go GetLogInfoHandler) answers its size, 0',
    },
  ],
};
