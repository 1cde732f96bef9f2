// The entry kinds Rekor v1 accepts from sigstore-js (hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2):
// validation, signature verification, and the canonicalized body real Rekor stores. For dsse that
// body is NOT the proposed entry (@sigstore/mock logs the proposal, which verifiers reject with
// "signature count mismatch"); for intoto the payload is left out, as Rekor does.
import { createHash, type KeyObject } from 'node:crypto';
import { isRecord, stringField } from './http.js';
import { specProblem, supportedVersions } from './rekor-type-schemas.js';
import {
  preAuthEncoding,
  verifierKey,
  verifyDigestSignature,
  verifyMessageSignature,
} from './signatures.js';

export class RekorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string): RekorError => new RekorError(400, message);

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function base64Field(obj: unknown, key: string, what: string): Buffer {
  const value = stringField(obj, key);
  if (value === undefined) throw invalid(`${what} is required`);
  return Buffer.from(value, 'base64');
}

/**
 * Validates a proposed entry (kind, apiVersion and spec already checked by the API model: see
 * rekor-v1.ts), verifies its signature(s), and returns what Rekor stores. A RekorError's message
 * is what follows "error processing entry: " in Rekor's 400.
 */
export function canonicalEntry(proposed: Record<string, unknown>): Record<string, unknown> {
  const kind = String(proposed.kind);
  const version = String(proposed.apiVersion);
  // types.UnmarshalEntry / RekorType.VersionedUnmarshal (pkg/types/entries.go, types.go).
  if (kind === 'ProposedEntry') throw invalid(`could not unmarshal entry for kind '${kind}'`);
  const versions = supportedVersions(kind);
  if (!versions) {
    throw invalid(`the stand-in does not log ${kind} entries (it logs hashedrekord, dsse, intoto)`);
  }
  if (!versions.includes(version)) {
    throw invalid(
      `${kind} implementation for version '${version}' not found: unable to locate entry for version ${version}`,
    );
  }
  const spec = proposed.spec;
  if (!isRecord(spec)) {
    throw invalid(`json: cannot unmarshal ${typeof spec} into Go value of type ${kind} schema`);
  }
  const problem = specProblem(kind, version, spec);
  if (problem) throw invalid(problem);
  switch (`${kind}/${version}`) {
    case 'hashedrekord/0.0.1':
      return hashedRekord(spec);
    case 'dsse/0.0.1':
      return dsse(spec);
    case 'intoto/0.0.2':
      return intoto(spec);
    default:
      throw invalid(`the stand-in does not log ${kind} ${version} entries`);
  }
}

function hashedRekord(spec: Record<string, unknown>): Record<string, unknown> {
  const hash = isRecord(spec.data) ? spec.data.hash : undefined;
  const algorithm = stringField(hash, 'algorithm');
  const value = stringField(hash, 'value')?.toLowerCase();
  // V001Entry.validate: a hash of the algorithm's length, hex (sha256 when unspecified).
  const lengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
  if (!value || value.length !== lengths[algorithm ?? 'sha256']) {
    throw invalid('invalid value for hash');
  }
  if (!/^[0-9a-f]+$/.test(value)) throw invalid('encoding/hex: invalid byte');
  if (algorithm !== 'sha256') {
    throw invalid(`the stand-in verifies sha256 digests only, not ${algorithm ?? ''}`);
  }
  const signature = base64Field(spec.signature, 'content', 'spec.signature.content');
  const publicKeyB64 = isRecord(spec.signature)
    ? stringField(spec.signature.publicKey, 'content')
    : undefined;
  if (!publicKeyB64) throw invalid('spec.signature.publicKey.content is required');
  const key = parseKey(Buffer.from(publicKeyB64, 'base64'));
  if (!verifyDigestSignature(key, Buffer.from(value, 'hex'), signature)) {
    // sigstore/sigstore's ECDSA verifier's words, wrapped by V001Entry.validate.
    throw invalid('verifying signature: invalid signature when validating ASN.1 encoded signature');
  }
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm, value } },
      signature: { content: signature.toString('base64'), publicKey: { content: publicKeyB64 } },
    },
  };
}

interface ParsedEnvelope {
  payloadType: string;
  payload: Buffer;
  signatures: { sig: string; keyid?: string }[];
}

function parseEnvelope(value: unknown): ParsedEnvelope {
  const payloadType = stringField(value, 'payloadType');
  const payload = stringField(value, 'payload');
  const signatures = isRecord(value) ? value.signatures : undefined;
  if (
    payloadType === undefined ||
    payload === undefined ||
    !Array.isArray(signatures) ||
    signatures.length === 0
  ) {
    throw invalid('envelope must have payloadType, payload and at least one signature');
  }
  return {
    payloadType,
    payload: Buffer.from(payload, 'base64'),
    signatures: signatures.map((s) => {
      const sig = stringField(s, 'sig');
      if (sig === undefined) throw invalid('every envelope signature needs a sig');
      return { sig, keyid: stringField(s, 'keyid') };
    }),
  };
}

function dsse(spec: Record<string, unknown>): Record<string, unknown> {
  const proposed = spec.proposedContent;
  const envelopeText = stringField(proposed, 'envelope');
  const verifiers = isRecord(proposed) ? proposed.verifiers : undefined;
  if (envelopeText === undefined || !Array.isArray(verifiers) || verifiers.length === 0) {
    throw invalid('spec.proposedContent needs an envelope (JSON string) and verifiers');
  }
  let envelope: ParsedEnvelope;
  try {
    envelope = parseEnvelope(JSON.parse(envelopeText));
  } catch (err) {
    throw err instanceof RekorError ? err : invalid('spec.proposedContent.envelope is not JSON');
  }
  const keys = verifiers.map((v) => {
    if (typeof v !== 'string') throw invalid('verifiers must be base64 strings');
    return { b64: v, key: parseKey(Buffer.from(v, 'base64')) };
  });
  const pae = preAuthEncoding(envelope.payloadType, envelope.payload);
  const signatures = envelope.signatures.map(({ sig }) => {
    const verifier = keys.find(({ key }) =>
      verifyMessageSignature(key, pae, Buffer.from(sig, 'base64')),
    );
    if (!verifier)
      throw invalid('could not verify envelope: all signatures must have a key that verifies it');
    return { signature: sig, verifier: verifier.b64 };
  });
  signatures.sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256Hex(envelopeText) },
      payloadHash: { algorithm: 'sha256', value: sha256Hex(envelope.payload) },
      signatures,
    },
  };
}

function intoto(spec: Record<string, unknown>): Record<string, unknown> {
  const content = spec.content;
  if (!isRecord(content)) throw invalid('spec.content is required');
  // intoto 0.0.2 double-encodes: payload and sig are base64 of the base64 text.
  const envelope = parseEnvelope(content.envelope);
  const payload = Buffer.from(envelope.payload.toString('utf8'), 'base64');
  const rawSignatures =
    isRecord(content.envelope) && Array.isArray(content.envelope.signatures)
      ? content.envelope.signatures
      : [];
  const pae = preAuthEncoding(envelope.payloadType, payload);
  const signatures = rawSignatures.map((s: unknown) => {
    const sig = Buffer.from(
      Buffer.from(stringField(s, 'sig') ?? '', 'base64').toString('utf8'),
      'base64',
    );
    const publicKey = stringField(s, 'publicKey');
    if (!publicKey) throw invalid('every intoto signature needs a publicKey');
    if (!verifyMessageSignature(parseKey(Buffer.from(publicKey, 'base64')), pae, sig)) {
      throw invalid('could not verify envelope: a signature does not verify against its publicKey');
    }
    const keyid = stringField(s, 'keyid');
    return { sig: stringField(s, 'sig'), publicKey, ...(keyid ? { keyid } : {}) };
  });
  const payloadHash = sha256Hex(payload);
  const claimed = stringField(content.payloadHash, 'value');
  if (claimed !== undefined && claimed.toLowerCase() !== payloadHash) {
    throw invalid('spec.content.payloadHash does not match the envelope payload');
  }
  const hash = isRecord(content.hash) ? content.hash : undefined;
  // Rekor keeps the envelope's payload out of the log entry (it is stored as an attestation).
  return {
    apiVersion: '0.0.2',
    kind: 'intoto',
    spec: {
      content: {
        envelope: { payloadType: envelope.payloadType, signatures },
        ...(hash ? { hash } : {}),
        payloadHash: { algorithm: 'sha256', value: payloadHash },
      },
    },
  };
}

function parseKey(pem: Buffer): KeyObject {
  try {
    return verifierKey(pem.toString('utf8'));
  } catch {
    throw invalid('the public key or certificate could not be parsed (expected base64 of PEM)');
  }
}
