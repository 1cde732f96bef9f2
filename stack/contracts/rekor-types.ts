// The JSON schemas of the Rekor v1 entry kinds sigstore-js logs, transcribed (our code, not a
// copy) from sigstore/rekor eee7d8d644f5713e3c1ace419425aa3ceadc46d7:
//   pkg/types/hashedrekord/v0.0.1/hashedrekord_v0_0_1_schema.json
//   pkg/types/dsse/v0.0.1/dsse_v0_0_1_schema.json
//   pkg/types/intoto/v0.0.2/intoto_v0_0_2_schema.json
// Descriptions left out; readOnly and writeOnly kept (go-swagger's model Validate ignores them
// on these specs). intoto v0.0.1 is left out: the stand-in logs 0.0.2 only.
// scripts/check-contracts.mjs compares them with upstream's files.

const hash = (algorithms: string[], readOnly = false): Record<string, unknown> => ({
  type: 'object',
  properties: {
    algorithm: { type: 'string', enum: algorithms },
    value: { type: 'string' },
  },
  required: ['algorithm', 'value'],
  ...(readOnly ? { readOnly: true } : {}),
});
const byte = { type: 'string', format: 'byte' };

export const REKOR_TYPE_SCHEMAS: Record<string, Record<string, Record<string, unknown>>> = {
  hashedrekord: {
    '0.0.1': {
      type: 'object',
      properties: {
        signature: {
          type: 'object',
          properties: {
            content: byte,
            publicKey: { type: 'object', properties: { content: byte } },
          },
        },
        data: {
          type: 'object',
          properties: { hash: hash(['sha256', 'sha384', 'sha512']) },
        },
      },
      required: ['signature', 'data'],
    },
  },
  dsse: {
    '0.0.1': {
      type: 'object',
      properties: {
        proposedContent: {
          type: 'object',
          properties: {
            envelope: { type: 'string', writeOnly: true },
            verifiers: { type: 'array', minItems: 1, items: byte, writeOnly: true },
          },
          writeOnly: true,
          required: ['envelope', 'verifiers'],
        },
        signatures: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: {
              signature: {
                type: 'string',
                pattern:
                  '^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})$',
              },
              verifier: byte,
            },
            required: ['signature', 'verifier'],
          },
          readOnly: true,
        },
        envelopeHash: hash(['sha256'], true),
        payloadHash: hash(['sha256'], true),
      },
      oneOf: [
        { required: ['proposedContent'] },
        { required: ['signatures', 'envelopeHash', 'payloadHash'] },
      ],
    },
  },
  intoto: {
    '0.0.2': {
      type: 'object',
      properties: {
        content: {
          type: 'object',
          properties: {
            envelope: {
              type: 'object',
              properties: {
                payload: { ...byte, writeOnly: true },
                payloadType: { type: 'string' },
                signatures: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    properties: { keyid: { type: 'string' }, sig: byte, publicKey: byte },
                    required: ['sig', 'publicKey'],
                  },
                },
              },
              required: ['payloadType', 'signatures'],
            },
            hash: hash(['sha256'], true),
            payloadHash: hash(['sha256'], true),
          },
          required: ['envelope'],
        },
      },
      required: ['content'],
    },
  },
};
