import crypto from 'node:crypto';
import { pem } from '@sigstore/core';
import { dsse } from '@sigstore/core';
import { PublicKeyDetails } from '@sigstore/protobuf-specs';
import type { CreateEntryRequest } from '@sigstore/protobuf-specs/rekor/v2';
import type { SignatureBundle } from '@sigstore/sign';
import { ActionError } from '../errors.js';

/**
 * The body of a Rekor v2 `POST /api/v2/log/entries`: always a `hashedRekordRequestV002`.
 *
 * Rekor v2 (rekor-tiles) accepts nothing else since v2.3.0 ("invalid type, must be
 * hashedrekord", internal/server/service.go). Its CLIENTS.md says how a DSSE envelope is logged:
 * as a hashedrekord of the envelope's signed bytes, i.e. the digest of the DSSE
 * pre-authentication encoding, with the envelope's signature; sigstore-go
 * (pkg/sign/transparency.go) and sigstore-python (_internal/rekor/client_v2.py) do so, and
 * @sigstore/verify checks such an entry against a DSSE bundle (compareSignedDigest). sigstore-js
 * 5.1's own toCreateEntryRequest still sends `dsseRequestV002`, which the real log refuses, and
 * hard-codes the key details; here they come from the certificate's key.
 */
export function rekorV2Request(
  content: SignatureBundle,
  certificatePEM: string,
): CreateEntryRequest {
  const key = keyAlgorithm(certificatePEM);
  let digest: Buffer;
  let signature: Buffer;
  if (content.$case === 'messageSignature') {
    digest = content.messageSignature.messageDigest.digest;
    signature = content.messageSignature.signature;
    if (digest.length !== key.digestLength) {
      throw new ActionError(
        'INTERNAL',
        `the message digest is ${digest.length} bytes; the signing key (${key.name}) signs ${key.hash} digests.`,
      );
    }
  } else {
    const envelope = content.dsseEnvelope;
    const first = envelope.signatures[0];
    if (!first) throw new ActionError('SIGNING_FAILED', 'the DSSE envelope has no signature.');
    signature = first.sig;
    digest = crypto
      .createHash(key.hash)
      .update(dsse.preAuthEncoding(envelope.payloadType, envelope.payload))
      .digest();
  }
  return {
    spec: {
      $case: 'hashedRekordRequestV002',
      hashedRekordRequestV002: {
        digest,
        signature: {
          content: signature,
          verifier: {
            keyDetails: key.details,
            verifier: {
              $case: 'x509Certificate',
              // DER: rekor-tiles' certificate verifier is x509.ParseCertificate of the raw bytes.
              x509Certificate: { rawBytes: pem.toDER(certificatePEM) },
            },
          },
        },
      },
    },
  };
}

interface KeyAlgorithm {
  readonly name: string;
  readonly details: PublicKeyDetails;
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  readonly digestLength: number;
}

/**
 * The ECDSA curves Fulcio certifies and rekor-tiles accepts (internal/algorithmregistry:
 * AllowedClientSigningAlgorithms), each with the hash its key details name.
 */
const EC_ALGORITHMS: Record<string, KeyAlgorithm> = {
  prime256v1: {
    name: 'ECDSA P-256',
    details: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
    hash: 'sha256',
    digestLength: 32,
  },
  secp384r1: {
    name: 'ECDSA P-384',
    details: PublicKeyDetails.PKIX_ECDSA_P384_SHA_384,
    hash: 'sha384',
    digestLength: 48,
  },
  secp521r1: {
    name: 'ECDSA P-521',
    details: PublicKeyDetails.PKIX_ECDSA_P521_SHA_512,
    hash: 'sha512',
    digestLength: 64,
  },
};

function keyAlgorithm(certificatePEM: string): KeyAlgorithm {
  const key = crypto.createPublicKey(certificatePEM);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const algorithm = key.asymmetricKeyType === 'ec' && curve ? EC_ALGORITHMS[curve] : undefined;
  if (!algorithm) {
    throw new ActionError(
      'INTERNAL',
      `the signing certificate's key (${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}) is not one this action logs to Rekor v2.`,
    );
  }
  return algorithm;
}
