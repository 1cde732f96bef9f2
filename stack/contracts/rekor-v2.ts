// Rekor v2's API contract, transcribed (our code, not a copy) from
//   sigstore/rekor-tiles 74e3eb0e9b4203ee30912eb35c3467c551ef37c9
//   docs/openapi/rekor/v2/rekor_service.swagger.json
// (protoc-gen-openapiv2 output of api/proto/rekor/v2/rekor_service.proto, every definition it
// reaches inlined, so the per-proto swagger files next to it add nothing): the four operations
// and their definitions; descriptions left out. scripts/check-contracts.mjs compares it with
// upstream's file.
import type { Contract } from '../swagger-contract.js';
import { rpcStatus } from './grpc-status.js';

const ref = (name: string): { $ref: string } => ({ $ref: `#/definitions/${name}` });
const answers = (success: string): Record<string, unknown> => ({
  200: { schema: ref(success) },
  default: { schema: ref('rpcStatus') },
});
const tileIndex = { name: 'N', in: 'path', required: true, type: 'string', pattern: '.+' };
const bytes = { type: 'string', format: 'byte' };
const int64 = { type: 'string', format: 'int64' };

export const rekorV2Contract: Contract = {
  source:
    'sigstore/rekor-tiles docs/openapi/rekor/v2/rekor_service.swagger.json @ 74e3eb0e9b4203ee30912eb35c3467c551ef37c9',
  flavour: 'grpc-gateway',
  consumes: ['application/json'],
  produces: ['application/json'],
  paths: {
    '/api/v2/checkpoint': {
      get: { operationId: 'Rekor_GetCheckpoint', responses: answers('apiHttpBody') },
    },
    '/api/v2/log/entries': {
      post: {
        operationId: 'Rekor_CreateEntry',
        parameters: [
          { name: 'body', in: 'body', required: true, schema: ref('v2CreateEntryRequest') },
        ],
        responses: answers('v1TransparencyLogEntry'),
      },
    },
    '/api/v2/tile/entries/{N}': {
      get: {
        operationId: 'Rekor_GetEntryBundle',
        parameters: [tileIndex],
        responses: answers('apiHttpBody'),
      },
    },
    '/api/v2/tile/{L}/{N}': {
      get: {
        operationId: 'Rekor_GetTile',
        parameters: [
          { name: 'L', in: 'path', required: true, type: 'integer', format: 'int64' },
          tileIndex,
        ],
        responses: answers('apiHttpBody'),
      },
    },
  },
  definitions: {
    apiHttpBody: {
      type: 'object',
      properties: {
        contentType: { type: 'string' },
        data: bytes,
        extensions: { type: 'array', items: { type: 'object', ...ref('protobufAny') } },
      },
    },
    intotoEnvelope: {
      type: 'object',
      properties: {
        payload: bytes,
        payloadType: { type: 'string' },
        signatures: { type: 'array', items: { type: 'object', ...ref('iointotoSignature') } },
      },
    },
    iointotoSignature: {
      type: 'object',
      properties: { sig: bytes, keyid: { type: 'string' } },
    },
    rekorv2PublicKey: {
      type: 'object',
      properties: { rawBytes: bytes },
      required: ['rawBytes'],
    },
    rekorv2Signature: {
      type: 'object',
      properties: { content: bytes, verifier: ref('v2Verifier') },
      required: ['content', 'verifier'],
    },
    v1Checkpoint: {
      type: 'object',
      properties: { envelope: { type: 'string' } },
      required: ['envelope'],
    },
    v1InclusionPromise: {
      type: 'object',
      properties: { signedEntryTimestamp: bytes },
      required: ['signedEntryTimestamp'],
    },
    v1InclusionProof: {
      type: 'object',
      properties: {
        logIndex: int64,
        rootHash: bytes,
        treeSize: int64,
        hashes: { type: 'array', items: bytes },
        checkpoint: ref('v1Checkpoint'),
      },
      required: ['logIndex', 'rootHash', 'treeSize', 'hashes', 'checkpoint'],
    },
    v1KindVersion: {
      type: 'object',
      properties: { kind: { type: 'string' }, version: { type: 'string' } },
      required: ['kind', 'version'],
    },
    v1LogId: { type: 'object', properties: { keyId: bytes }, required: ['keyId'] },
    v1PublicKeyDetails: {
      type: 'string',
      enum: [
        'PUBLIC_KEY_DETAILS_UNSPECIFIED',
        'PKCS1_RSA_PKCS1V5',
        'PKCS1_RSA_PSS',
        'PKIX_RSA_PKCS1V5',
        'PKIX_RSA_PSS',
        'PKIX_RSA_PKCS1V15_2048_SHA256',
        'PKIX_RSA_PKCS1V15_3072_SHA256',
        'PKIX_RSA_PKCS1V15_4096_SHA256',
        'PKIX_RSA_PSS_2048_SHA256',
        'PKIX_RSA_PSS_3072_SHA256',
        'PKIX_RSA_PSS_4096_SHA256',
        'PKIX_ECDSA_P256_HMAC_SHA_256',
        'PKIX_ECDSA_P256_SHA_256',
        'PKIX_ECDSA_P384_SHA_384',
        'PKIX_ECDSA_P521_SHA_512',
        'PKIX_ED25519',
        'PKIX_ED25519_PH',
        'PKIX_ECDSA_P384_SHA_256',
        'PKIX_ECDSA_P521_SHA_256',
        'LMS_SHA256',
        'LMOTS_SHA256',
        'ML_DSA_44',
        'ML_DSA_65',
        'ML_DSA_87',
      ],
      default: 'PUBLIC_KEY_DETAILS_UNSPECIFIED',
    },
    v1TransparencyLogEntry: {
      type: 'object',
      properties: {
        logIndex: int64,
        logId: ref('v1LogId'),
        kindVersion: ref('v1KindVersion'),
        integratedTime: int64,
        inclusionPromise: ref('v1InclusionPromise'),
        inclusionProof: ref('v1InclusionProof'),
        canonicalizedBody: bytes,
      },
      required: ['logIndex', 'logId', 'kindVersion', 'integratedTime', 'inclusionProof'],
    },
    v1X509Certificate: {
      type: 'object',
      properties: { rawBytes: bytes },
      required: ['rawBytes'],
    },
    v2CreateEntryRequest: {
      type: 'object',
      properties: {
        hashedRekordRequestV002: ref('v2HashedRekordRequestV002'),
        dsseRequestV002: ref('v2DSSERequestV002'),
      },
      required: ['hashedRekordRequestV002'],
    },
    v2DSSERequestV002: {
      type: 'object',
      properties: {
        envelope: ref('intotoEnvelope'),
        verifiers: { type: 'array', items: { type: 'object', ...ref('v2Verifier') } },
      },
    },
    v2HashedRekordRequestV002: {
      type: 'object',
      properties: { digest: bytes, signature: ref('rekorv2Signature') },
      required: ['digest', 'signature'],
    },
    v2Verifier: {
      type: 'object',
      properties: {
        publicKey: ref('rekorv2PublicKey'),
        x509Certificate: ref('v1X509Certificate'),
        keyDetails: ref('v1PublicKeyDetails'),
      },
      required: ['publicKey', 'x509Certificate', 'keyDetails'],
    },
    ...rpcStatus,
  },
};
