// The pieces behind __tests__/stack/contracts.test.ts, without a stack: the contract checker catches
// what it is there to catch, the protobuf descriptors agree with the transcribed descriptions
// (both written from upstream: one from the .proto files, one from the generated swagger), and
// the Go JSON scanner says what Go says.
import type { StackRequest, StackResponse } from '../../stack/http.js';
import { SigstoreContracts } from '../../stack/contracts.js';
import { fulcioContract } from '../../stack/contracts/fulcio.js';
import { rekorV2Contract } from '../../stack/contracts/rekor-v2.js';
import { readFirstValue } from '../../stack/go-json.js';
import { SWAGGER_DEFINITIONS, SWAGGER_ENUMS } from '../../stack/proto-messages.js';
import { goBase64, type FieldDescriptor } from '../../stack/protojson.js';

function request(method: string, path: string, body = '', headers = {}): StackRequest {
  return { method, path, query: new URLSearchParams(), headers, body: Buffer.from(body) };
}
const answer = (status: number, body: unknown, headers = {}): StackResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const ENTRY = {
  logIndex: '0',
  logId: { keyId: 'AAAA' },
  kindVersion: { kind: 'hashedrekord', version: '0.0.2' },
  integratedTime: '0',
  inclusionPromise: null,
  inclusionProof: {
    logIndex: '0',
    rootHash: 'AAAA',
    treeSize: '1',
    hashes: [],
    checkpoint: { envelope: 'origin\n1\nAAAA\n\n— origin AAAA\n' },
  },
  canonicalizedBody: 'e30=',
};

describe('SigstoreContracts', () => {
  const logged: string[] = [];
  const create = request('POST', '/api/v2/log/entries', '{"hashedRekordRequestV002":{}}');

  it('passes an answer that conforms, null for an unset optional message included', () => {
    const contracts = new SigstoreContracts((line) => logged.push(line));
    contracts.check('rekorV2', create, answer(201, ENTRY));
    contracts.check('rekorV2', create, answer(400, { code: 3, message: 'x', details: [] }));
    expect(contracts.violations).toEqual([]);
  });

  it.each([
    [
      'a required field left out (protojson omits zeros unless EmitUnpopulated)',
      { ...ENTRY, logIndex: undefined },
      /must have required property 'logIndex'/,
    ],
    ['a required message null', { ...ENTRY, inclusionProof: null }, /inclusionProof/],
    [
      'a field the contract does not list',
      { ...ENTRY, extra: 1 },
      /property "extra", which the contract does not list/,
    ],
    [
      'a number where protojson writes an int64 string',
      { ...ENTRY, logIndex: 0 },
      /logIndex must be string/,
    ],
  ])('records an answer with %s', (_what, body, message) => {
    const contracts = new SigstoreContracts((line) => logged.push(line));
    contracts.check('rekorV2', create, answer(201, body));
    expect(contracts.violations).toEqual([
      expect.objectContaining({
        service: 'rekorV2',
        operationId: 'Rekor_CreateEntry',
        message: expect.stringMatching(message) as unknown,
      }),
    ]);
  });

  it('records a 2xx to a request the contract refuses, and a 2xx on a path it does not have', () => {
    const contracts = new SigstoreContracts((line) => logged.push(line));
    contracts.check(
      'rekorV2',
      request('POST', '/api/v2/log/entries', '{"nope":1}'),
      answer(201, ENTRY),
    );
    contracts.check(
      'rekor',
      request('POST', '/api/v1/log/entries', '{}', { 'content-type': 'text/plain' }),
      answer(201, {}),
    );
    contracts.check('tsa', request('GET', '/api/v1/nowhere'), answer(200, {}));
    expect(contracts.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /^answered 201 to a request the contract refuses: protojson refuses the body/,
      ),
      expect.stringMatching(
        /^answered 201 to a request the contract refuses: Content-Type text\/plain/,
      ),
      'answered 200 on a path and method the contract does not have',
    ]);
    expect(logged.slice(-1)).toEqual([
      'sigstore stand-in contract violation: tsa GET /api/v1/nowhere: answered 200 on a path and method the contract does not have',
    ]);
  });

  it('records a body on a status declared without one, and an undeclared Content-Type', () => {
    const contracts = new SigstoreContracts((line) => logged.push(line));
    contracts.check(
      'rekor',
      request('GET', `/api/v1/log/entries/${'a'.repeat(64)}`),
      answer(404, { code: 404 }),
    );
    contracts.check('tsa', request('GET', '/api/v1/timestamp/certchain'), {
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'pem',
    });
    expect(contracts.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/declared without a body/),
      expect.stringMatching(
        /Content-Type text\/plain is not one of application\/pem-certificate-chain/,
      ),
    ]);
  });
});

describe('the protobuf descriptors and the transcribed swagger definitions agree', () => {
  const contracts = { fulcio: fulcioContract, rekorV2: rekorV2Contract };

  function expected(field: FieldDescriptor, service: 'fulcio' | 'rekorV2'): unknown {
    const scalar: Record<string, unknown> = {
      bytes: { type: 'string', format: 'byte' },
      int64: { type: 'string', format: 'int64' },
      uint64: { type: 'string', format: 'uint64' },
      int32: { type: 'integer', format: 'int32' },
      string: { type: 'string' },
      bool: { type: 'boolean' },
    };
    let one: unknown = scalar[field.kind];
    if (field.kind === 'message' || field.kind === 'enum') {
      const name =
        field.kind === 'enum'
          ? SWAGGER_ENUMS.find((e) => e.service === service && e.desc === field.enum)?.name
          : SWAGGER_DEFINITIONS.find((d) => d.service === service && d.desc === field.message?.())
              ?.name;
      one = { $ref: `#/definitions/${name ?? '(none)'}` };
    }
    if (!field.repeated) return one;
    return {
      type: 'array',
      items: field.kind === 'message' ? { type: 'object', ...(one as object) } : one,
    };
  }

  it.each(SWAGGER_DEFINITIONS.map((d) => [d.service, d.name, d] as const))(
    '%s %s',
    (service, name, { desc }) => {
      const definition = contracts[service].definitions[name] as {
        properties?: Record<string, unknown>;
      };
      const properties = definition.properties ?? {};
      // google.protobuf.Any's JSON has `@type` and the packed message's fields, not proto fields.
      if (name === 'protobufAny') return;
      expect(Object.keys(properties).sort()).toEqual(desc.fields.map((f) => f.jsonName).sort());
      for (const field of desc.fields)
        expect([field.jsonName, properties[field.jsonName]]).toEqual([
          field.jsonName,
          expected(field, service),
        ]);
    },
  );

  it.each(SWAGGER_ENUMS.map((e) => [e.service, e.name, e] as const))(
    '%s enum %s',
    (service, name, { desc }) => {
      const definition = contracts[service].definitions[name] as { enum: string[] };
      expect(definition.enum).toEqual(Object.keys(desc.values));
    },
  );
});

describe("Go's encoding/json Decoder, first value only (stack/go-json.ts)", () => {
  it.each([
    ['nope', "invalid character 'o' in literal null (expecting 'u')"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
    ['{,}', "invalid character ',' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['{"a":', 'unexpected EOF'],
    ['tru', 'unexpected EOF'],
  ])('%j: %s', (input, message) => {
    expect(readFirstValue(Buffer.from(input))).toEqual({ error: message });
  });

  it('stops after the first value and calls an all-space body EOF', () => {
    expect(readFirstValue(Buffer.from('  {"a":1} trailing'))).toEqual({
      value: Buffer.from('{"a":1}'),
    });
    expect(readFirstValue(Buffer.from(' \n\t'))).toEqual({ eof: true });
  });
});

describe("protojson's bytes (stack/protojson.ts goBase64)", () => {
  it.each([
    ['YWJj', 'abc'],
    ['YWI=', 'ab'],
    ['YWI', 'ab'], // length not a multiple of 4: unpadded
    ['-_8=', '\xfb\xff'], // URL-safe, padded
    ['YW\nJj', 'abc'], // newlines skipped
  ])('takes %j', (text, bytes) => {
    expect(goBase64(text)?.toString('latin1')).toBe(bytes);
  });

  it.each(['YWI==', 'YW=J', 'Y', 'not base64!', 'YW+_'])('refuses %j', (text) => {
    expect(goBase64(text)).toBeUndefined();
  });
});
