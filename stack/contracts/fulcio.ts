// Fulcio's v2 API contract, transcribed (our code, not a copy) from
//   sigstore/fulcio eb10c98e186f1d8e78dd60a257d8897f66d5147a fulcio.swagger.json
// (protoc-gen-openapiv2 output of fulcio.proto): the three v2 operations and the definitions they
// reach; descriptions left out. scripts/check-contracts.mjs compares it with upstream's file.
import type { Contract } from '../swagger-contract.js';
import { rpcStatus } from './grpc-status.js';

const ref = (name: string): { $ref: string } => ({ $ref: `#/definitions/${name}` });
const answers = (success: string): Record<string, unknown> => ({
  200: { schema: ref(success) },
  default: { schema: ref('rpcStatus') },
});

export const fulcioContract: Contract = {
  source: 'sigstore/fulcio fulcio.swagger.json @ eb10c98e186f1d8e78dd60a257d8897f66d5147a',
  flavour: 'grpc-gateway',
  consumes: ['application/json'],
  produces: ['application/json'],
  paths: {
    '/api/v2/configuration': {
      get: { operationId: 'CA_GetConfiguration', responses: answers('v2Configuration') },
    },
    '/api/v2/signingCert': {
      post: {
        operationId: 'CA_CreateSigningCertificate',
        parameters: [
          {
            name: 'body',
            in: 'body',
            required: true,
            schema: ref('fulciov2CreateSigningCertificateRequest'),
          },
        ],
        responses: answers('v2SigningCertificate'),
      },
    },
    '/api/v2/trustBundle': {
      get: { operationId: 'CA_GetTrustBundle', responses: answers('v2TrustBundle') },
    },
  },
  definitions: {
    fulciov2CreateSigningCertificateRequest: {
      type: 'object',
      properties: {
        credentials: ref('v2Credentials'),
        publicKeyRequest: ref('v2PublicKeyRequest'),
        certificateSigningRequest: { type: 'string', format: 'byte' },
      },
      required: ['credentials', 'publicKeyRequest', 'certificateSigningRequest'],
    },
    fulciov2PublicKey: {
      type: 'object',
      properties: { algorithm: ref('v2PublicKeyAlgorithm'), content: { type: 'string' } },
      required: ['content'],
    },
    v2CertificateChain: {
      type: 'object',
      properties: { certificates: { type: 'array', items: { type: 'string' } } },
    },
    v2Configuration: {
      type: 'object',
      properties: { issuers: { type: 'array', items: { type: 'object', ...ref('v2OIDCIssuer') } } },
    },
    v2Credentials: { type: 'object', properties: { oidcIdentityToken: { type: 'string' } } },
    v2OIDCIssuer: {
      type: 'object',
      properties: {
        issuerUrl: { type: 'string' },
        wildcardIssuerUrl: { type: 'string' },
        audience: { type: 'string' },
        challengeClaim: { type: 'string' },
        spiffeTrustDomain: { type: 'string' },
        issuerType: { type: 'string' },
        subjectDomain: { type: 'string' },
        skipEmailVerification: { type: 'boolean' },
      },
    },
    v2PublicKeyAlgorithm: {
      type: 'string',
      enum: ['PUBLIC_KEY_ALGORITHM_UNSPECIFIED', 'RSA_PSS', 'ECDSA', 'ED25519'],
      default: 'PUBLIC_KEY_ALGORITHM_UNSPECIFIED',
    },
    v2PublicKeyRequest: {
      type: 'object',
      properties: {
        publicKey: ref('fulciov2PublicKey'),
        proofOfPossession: { type: 'string', format: 'byte' },
      },
      required: ['publicKey', 'proofOfPossession'],
    },
    v2SigningCertificate: {
      type: 'object',
      properties: {
        signedCertificateDetachedSct: ref('v2SigningCertificateDetachedSCT'),
        signedCertificateEmbeddedSct: ref('v2SigningCertificateEmbeddedSCT'),
      },
    },
    v2SigningCertificateDetachedSCT: {
      type: 'object',
      properties: {
        chain: ref('v2CertificateChain'),
        signedCertificateTimestamp: { type: 'string', format: 'byte' },
      },
    },
    v2SigningCertificateEmbeddedSCT: {
      type: 'object',
      properties: { chain: ref('v2CertificateChain') },
    },
    v2TrustBundle: {
      type: 'object',
      properties: {
        chains: { type: 'array', items: { type: 'object', ...ref('v2CertificateChain') } },
      },
    },
    ...rpcStatus,
  },
};
