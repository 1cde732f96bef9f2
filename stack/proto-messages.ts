// The protobuf messages the Fulcio and Rekor v2 gateways parse and emit, as stack/protojson.ts
// needs them: proto and JSON names, numbers, kinds, oneofs. Transcribed from the .proto files
// below; __tests__/stack/contract-checker.test.ts checks every field against the transcribed swagger
// descriptions (stack/contracts/), which protoc-gen-openapiv2 generates from the same protos.
// What a swagger description cannot say, and these descriptors do: proto names (protojson
// accepts them too), oneofs, enum numbers.
//   sigstore/rekor-tiles 74e3eb0e9b4203ee30912eb35c3467c551ef37c9 api/proto/rekor/v2/*.proto
//   sigstore/protobuf-specs 104df670656f5b1995769260e62d9b0e04053561 protos/sigstore_common.proto,
//     protos/sigstore_rekor.proto, protos/envelope.proto
//   sigstore/fulcio eb10c98e186f1d8e78dd60a257d8897f66d5147a fulcio.proto
//   google.rpc.Status (googleapis google/rpc/status.proto): what grpc-gateway's error handler emits
import type { EnumDescriptor, FieldDescriptor, MessageDescriptor } from './protojson.js';

function field(
  name: string,
  number: number,
  kind: FieldDescriptor['kind'],
  extra: Partial<FieldDescriptor> = {},
): FieldDescriptor {
  const jsonName = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return { name, jsonName, number, kind, ...extra };
}

const message = (fullName: string, fields: FieldDescriptor[]): MessageDescriptor => ({
  fullName,
  fields,
});

// --- sigstore_common.proto ---------------------------------------------------------------

export const PublicKeyDetails: EnumDescriptor = {
  fullName: 'dev.sigstore.common.v1.PublicKeyDetails',
  values: {
    PUBLIC_KEY_DETAILS_UNSPECIFIED: 0,
    PKCS1_RSA_PKCS1V5: 1,
    PKCS1_RSA_PSS: 2,
    PKIX_RSA_PKCS1V5: 3,
    PKIX_RSA_PSS: 4,
    PKIX_RSA_PKCS1V15_2048_SHA256: 9,
    PKIX_RSA_PKCS1V15_3072_SHA256: 10,
    PKIX_RSA_PKCS1V15_4096_SHA256: 11,
    PKIX_RSA_PSS_2048_SHA256: 16,
    PKIX_RSA_PSS_3072_SHA256: 17,
    PKIX_RSA_PSS_4096_SHA256: 18,
    PKIX_ECDSA_P256_HMAC_SHA_256: 6,
    PKIX_ECDSA_P256_SHA_256: 5,
    PKIX_ECDSA_P384_SHA_384: 12,
    PKIX_ECDSA_P521_SHA_512: 13,
    PKIX_ED25519: 7,
    PKIX_ED25519_PH: 8,
    PKIX_ECDSA_P384_SHA_256: 19,
    PKIX_ECDSA_P521_SHA_256: 20,
    LMS_SHA256: 14,
    LMOTS_SHA256: 15,
    ML_DSA_44: 23,
    ML_DSA_65: 21,
    ML_DSA_87: 22,
  },
};

const X509Certificate = message('dev.sigstore.common.v1.X509Certificate', [
  field('raw_bytes', 1, 'bytes'),
]);
const LogId = message('dev.sigstore.common.v1.LogId', [field('key_id', 1, 'bytes')]);

// --- envelope.proto (package io.intoto: camelCase proto names) ------------------------------

const DsseSignature = message('io.intoto.Signature', [
  field('sig', 1, 'bytes'),
  field('keyid', 2, 'string'),
]);
const Envelope = message('io.intoto.Envelope', [
  field('payload', 1, 'bytes'),
  field('payloadType', 2, 'string'),
  field('signatures', 3, 'message', { repeated: true, message: () => DsseSignature }),
]);

// --- rekor-tiles api/proto/rekor/v2 -----------------------------------------------------------

const PublicKey = message('dev.sigstore.rekor.v2.PublicKey', [field('raw_bytes', 1, 'bytes')]);
const Verifier = message('dev.sigstore.rekor.v2.Verifier', [
  field('public_key', 1, 'message', { oneof: 'verifier', message: () => PublicKey }),
  field('x509_certificate', 2, 'message', { oneof: 'verifier', message: () => X509Certificate }),
  field('key_details', 3, 'enum', { enum: PublicKeyDetails }),
]);
const Signature = message('dev.sigstore.rekor.v2.Signature', [
  field('content', 1, 'bytes'),
  field('verifier', 2, 'message', { message: () => Verifier }),
]);
const HashedRekordRequestV002 = message('dev.sigstore.rekor.v2.HashedRekordRequestV002', [
  field('digest', 1, 'bytes'),
  field('signature', 2, 'message', { message: () => Signature }),
]);
const DSSERequestV002 = message('dev.sigstore.rekor.v2.DSSERequestV002', [
  field('envelope', 1, 'message', { message: () => Envelope }),
  field('verifiers', 2, 'message', { repeated: true, message: () => Verifier }),
]);

export const CreateEntryRequest = message('dev.sigstore.rekor.v2.CreateEntryRequest', [
  field('hashed_rekord_request_v002', 1, 'message', {
    oneof: 'spec',
    message: () => HashedRekordRequestV002,
  }),
  field('dsse_request_v002', 2, 'message', { oneof: 'spec', message: () => DSSERequestV002 }),
]);

// --- sigstore_rekor.proto: what CreateEntry returns -----------------------------------------

const KindVersion = message('dev.sigstore.rekor.v1.KindVersion', [
  field('kind', 1, 'string'),
  field('version', 2, 'string'),
]);
const Checkpoint = message('dev.sigstore.rekor.v1.Checkpoint', [field('envelope', 1, 'string')]);
const InclusionProof = message('dev.sigstore.rekor.v1.InclusionProof', [
  field('log_index', 1, 'int64'),
  field('root_hash', 2, 'bytes'),
  field('tree_size', 3, 'int64'),
  field('hashes', 4, 'bytes', { repeated: true }),
  field('checkpoint', 5, 'message', { message: () => Checkpoint }),
]);
const InclusionPromise = message('dev.sigstore.rekor.v1.InclusionPromise', [
  field('signed_entry_timestamp', 1, 'bytes'),
]);

export const TransparencyLogEntry = message('dev.sigstore.rekor.v1.TransparencyLogEntry', [
  field('log_index', 1, 'int64'),
  field('log_id', 2, 'message', { message: () => LogId }),
  field('kind_version', 3, 'message', { message: () => KindVersion }),
  field('integrated_time', 4, 'int64'),
  field('inclusion_promise', 5, 'message', { message: () => InclusionPromise }),
  field('inclusion_proof', 6, 'message', { message: () => InclusionProof }),
  field('canonicalized_body', 7, 'bytes'),
]);

// --- fulcio.proto (package dev.sigstore.fulcio.v2) ------------------------------------------

export const PublicKeyAlgorithm: EnumDescriptor = {
  fullName: 'dev.sigstore.fulcio.v2.PublicKeyAlgorithm',
  values: { PUBLIC_KEY_ALGORITHM_UNSPECIFIED: 0, RSA_PSS: 1, ECDSA: 2, ED25519: 3 },
};

const Credentials = message('dev.sigstore.fulcio.v2.Credentials', [
  field('oidc_identity_token', 1, 'string', { oneof: 'credentials' }),
]);
const FulcioPublicKey = message('dev.sigstore.fulcio.v2.PublicKey', [
  field('algorithm', 1, 'enum', { enum: PublicKeyAlgorithm }),
  field('content', 2, 'string'),
]);
const PublicKeyRequest = message('dev.sigstore.fulcio.v2.PublicKeyRequest', [
  field('public_key', 1, 'message', { message: () => FulcioPublicKey }),
  field('proof_of_possession', 2, 'bytes'),
]);

export const CreateSigningCertificateRequest = message(
  'dev.sigstore.fulcio.v2.CreateSigningCertificateRequest',
  [
    field('credentials', 1, 'message', { message: () => Credentials }),
    field('public_key_request', 2, 'message', { oneof: 'key', message: () => PublicKeyRequest }),
    field('certificate_signing_request', 3, 'bytes', { oneof: 'key' }),
  ],
);

const CertificateChain = message('dev.sigstore.fulcio.v2.CertificateChain', [
  field('certificates', 1, 'string', { repeated: true }),
]);
const SigningCertificateDetachedSCT = message(
  'dev.sigstore.fulcio.v2.SigningCertificateDetachedSCT',
  [
    field('chain', 1, 'message', { message: () => CertificateChain }),
    field('signed_certificate_timestamp', 2, 'bytes'),
  ],
);
const SigningCertificateEmbeddedSCT = message(
  'dev.sigstore.fulcio.v2.SigningCertificateEmbeddedSCT',
  [field('chain', 1, 'message', { message: () => CertificateChain })],
);

export const SigningCertificate = message('dev.sigstore.fulcio.v2.SigningCertificate', [
  field('signed_certificate_detached_sct', 1, 'message', {
    oneof: 'certificate',
    message: () => SigningCertificateDetachedSCT,
  }),
  field('signed_certificate_embedded_sct', 2, 'message', {
    oneof: 'certificate',
    message: () => SigningCertificateEmbeddedSCT,
  }),
]);

export const TrustBundle = message('dev.sigstore.fulcio.v2.TrustBundle', [
  field('chains', 1, 'message', { repeated: true, message: () => CertificateChain }),
]);

// --- google/rpc/status.proto -----------------------------------------------------------------

const Any = message('google.protobuf.Any', []);
export const RpcStatus = message('google.rpc.Status', [
  field('code', 1, 'int32'),
  field('message', 2, 'string'),
  field('details', 3, 'message', { repeated: true, message: () => Any }),
]);

/** Every message above with the swagger definition protoc-gen-openapiv2 named it by. */
export const SWAGGER_DEFINITIONS: {
  service: 'fulcio' | 'rekorV2';
  name: string;
  desc: MessageDescriptor;
}[] = [
  { service: 'rekorV2', name: 'v2CreateEntryRequest', desc: CreateEntryRequest },
  { service: 'rekorV2', name: 'v2HashedRekordRequestV002', desc: HashedRekordRequestV002 },
  { service: 'rekorV2', name: 'v2DSSERequestV002', desc: DSSERequestV002 },
  { service: 'rekorV2', name: 'rekorv2Signature', desc: Signature },
  { service: 'rekorV2', name: 'v2Verifier', desc: Verifier },
  { service: 'rekorV2', name: 'rekorv2PublicKey', desc: PublicKey },
  { service: 'rekorV2', name: 'v1X509Certificate', desc: X509Certificate },
  { service: 'rekorV2', name: 'intotoEnvelope', desc: Envelope },
  { service: 'rekorV2', name: 'iointotoSignature', desc: DsseSignature },
  { service: 'rekorV2', name: 'v1TransparencyLogEntry', desc: TransparencyLogEntry },
  { service: 'rekorV2', name: 'v1LogId', desc: LogId },
  { service: 'rekorV2', name: 'v1KindVersion', desc: KindVersion },
  { service: 'rekorV2', name: 'v1InclusionPromise', desc: InclusionPromise },
  { service: 'rekorV2', name: 'v1InclusionProof', desc: InclusionProof },
  { service: 'rekorV2', name: 'v1Checkpoint', desc: Checkpoint },
  { service: 'rekorV2', name: 'rpcStatus', desc: RpcStatus },
  { service: 'rekorV2', name: 'protobufAny', desc: Any },
  {
    service: 'fulcio',
    name: 'fulciov2CreateSigningCertificateRequest',
    desc: CreateSigningCertificateRequest,
  },
  { service: 'fulcio', name: 'v2Credentials', desc: Credentials },
  { service: 'fulcio', name: 'v2PublicKeyRequest', desc: PublicKeyRequest },
  { service: 'fulcio', name: 'fulciov2PublicKey', desc: FulcioPublicKey },
  { service: 'fulcio', name: 'v2SigningCertificate', desc: SigningCertificate },
  {
    service: 'fulcio',
    name: 'v2SigningCertificateDetachedSCT',
    desc: SigningCertificateDetachedSCT,
  },
  {
    service: 'fulcio',
    name: 'v2SigningCertificateEmbeddedSCT',
    desc: SigningCertificateEmbeddedSCT,
  },
  { service: 'fulcio', name: 'v2CertificateChain', desc: CertificateChain },
  { service: 'fulcio', name: 'v2TrustBundle', desc: TrustBundle },
  { service: 'fulcio', name: 'rpcStatus', desc: RpcStatus },
  { service: 'fulcio', name: 'protobufAny', desc: Any },
];

/** The enums, with the swagger definitions that list their names. */
export const SWAGGER_ENUMS: {
  service: 'fulcio' | 'rekorV2';
  name: string;
  desc: EnumDescriptor;
}[] = [
  { service: 'rekorV2', name: 'v1PublicKeyDetails', desc: PublicKeyDetails },
  { service: 'fulcio', name: 'v2PublicKeyAlgorithm', desc: PublicKeyAlgorithm },
];
