// The Sigstore stand-ins against their upstream contracts: for each rule of the real services,
// the request the real service refuses is refused with the real status and message, and what
// it accepts is accepted, with an answer that validates against the transcribed contract
// (stack/contracts/). Each rule names the upstream file; the commits are:
const REKOR_TILES = 'sigstore/rekor-tiles@74e3eb0e9b4203ee30912eb35c3467c551ef37c9';
const FULCIO = 'sigstore/fulcio@eb10c98e186f1d8e78dd60a257d8897f66d5147a';
const TSA = 'sigstore/timestamp-authority@027bd03ae621feff8b88c01f1f05c5369f4e7bcf';
const REKOR = 'sigstore/rekor@eee7d8d644f5713e3c1ace419425aa3ceadc46d7';
const GATEWAY = 'grpc-ecosystem/grpc-gateway@v2.29.0';
const PROTOBUF = 'protocolbuffers/protobuf-go@v1.36.11';
const GO_OPENAPI = 'go-openapi/runtime@v0.32.5 + go-openapi/errors@v0.22.8';
import { generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { ASN1Obj } from '@sigstore/core';
import { PublicKeyDetails } from '@sigstore/protobuf-specs';
import { CreateEntryRequest } from '@sigstore/protobuf-specs/rekor/v2';
import * as der from '../../stack/der.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { claimsOf, leafPem, requestCertificate, sha256 } from './fixtures.js';

/** protobuf-go prefixes its errors with "proto:" and a space that may be U+00A0 (detrand). */
const PROTO = '^proto:[ \\u00a0]';
const protoError = (rest: string): RegExp => new RegExp(`${PROTO}${rest}$`);

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

async function call(
  url: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.headers,
    body: init.body,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    text: bytes.toString('utf8'),
    json: () => JSON.parse(bytes.toString('utf8')) as unknown,
  };
}

describe('the Sigstore stand-ins follow their upstream contracts', () => {
  let stack: StackProcess;
  let signingKey: KeyObject;
  let certificatePem: string;

  beforeAll(async () => {
    stack = await spawnStack();
    const result = await requestCertificate(stack, await stack.mintToken());
    signingKey = result.privateKey;
    certificatePem = leafPem(result);
  });
  afterAll(async () => {
    await stack.stop(); // fails if any answer broke its contract
  });

  describe(`Rekor v2: the gateway (${REKOR_TILES} internal/server/http.go)`, () => {
    const entries = (): string => `${stack.url}/rekor2/api/v2/log/entries`;

    /** The CreateEntryRequest @sigstore/sign sends for a message signature, as JSON. */
    function hashedRekord(artifact: string): Record<string, unknown> {
      const data = Buffer.from(artifact);
      return CreateEntryRequest.toJSON({
        spec: {
          $case: 'hashedRekordRequestV002',
          hashedRekordRequestV002: {
            digest: sha256(data),
            signature: {
              content: sign('sha256', data, signingKey),
              verifier: {
                keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
                verifier: {
                  $case: 'x509Certificate',
                  x509Certificate: { rawBytes: new X509Certificate(certificatePem).raw },
                },
              },
            },
          },
        },
      }) as Record<string, unknown>;
    }

    // Runs first: the stack's Rekor v2 log is empty, so this entry gets index 0.
    it(`answers with unpopulated fields emitted (MarshalOptions{EmitUnpopulated: true}): logIndex "0", integratedTime "0", inclusionPromise null`, async () => {
      const res = await call(entries(), {
        body: JSON.stringify(hashedRekord('the first entry')),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json');
      const entry = res.json() as Record<string, unknown>;
      expect(entry).toMatchObject({ logIndex: '0', integratedTime: '0', inclusionPromise: null });
      expect(Object.keys(entry)).toEqual([
        'logIndex',
        'logId',
        'kindVersion',
        'integratedTime',
        'inclusionPromise',
        'inclusionProof',
        'canonicalizedBody',
      ]);
      expect((entry.inclusionProof as Record<string, unknown>).logIndex).toBe('0');
    });

    it(`takes any Content-Type, none and nonsense included: the marshaler is registered for MIMEWildcard only (${GATEWAY} runtime/marshaler_registry.go MarshalerForRequest)`, async () => {
      const types: Record<string, string>[] = [
        {}, // a Buffer body: fetch adds no Content-Type
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/x-www-form-urlencoded' },
        { 'content-type': 'not a media type' },
      ];
      for (const headers of types) {
        const res = await call(entries(), {
          body: Buffer.from(JSON.stringify(hashedRekord(`typed ${JSON.stringify(headers)}`))),
          headers,
        });
        expect(res.status).toBe(201);
      }
    });

    const refusals: [string, string, RegExp | string][] = [
      [
        'an unknown field',
        '{"hashedRekordRequestV002":{},"foo":1}',
        protoError('\\(line 1:31\\): unknown field "foo"'),
      ],
      [
        'an unknown field deep down',
        '{"hashedRekordRequestV002":{"signature":{"verifier":{"publicKey":{"rawBytes":"","pem":"x"}}}}}',
        protoError('\\(line 1:\\d+\\): unknown field "pem"'),
      ],
      [
        'bad base64',
        '{"hashedRekordRequestV002":{"digest":"not base64!"}}',
        protoError('\\(line 1:38\\): invalid value for bytes field digest: "not base64!"'),
      ],
      [
        'a JSON number where bytes go',
        '{"hashedRekordRequestV002":{"digest":5}}',
        protoError('\\(line 1:38\\): invalid value for bytes field digest: 5'),
      ],
      [
        'an enum name the enum does not have',
        '{"hashedRekordRequestV002":{"signature":{"verifier":{"keyDetails":"ECDSA_P256"}}}}',
        protoError('\\(line 1:\\d+\\): invalid value for enum field keyDetails: "ECDSA_P256"'),
      ],
      [
        'a string where a message goes',
        '{"hashedRekordRequestV002":"x"}',
        protoError('syntax error \\(line 1:28\\): unexpected token "x"'),
      ],
      [
        'a field twice',
        '{"hashedRekordRequestV002":{},"hashed_rekord_request_v002":{}}',
        protoError('\\(line 1:31\\): duplicate field "hashed_rekord_request_v002"'),
      ],
      [
        'both members of the spec oneof',
        '{"hashedRekordRequestV002":{},"dsseRequestV002":{}}',
        protoError(
          '\\(line 1:31\\): error parsing "dsseRequestV002", oneof dev.sigstore.rekor.v2.CreateEntryRequest.spec is already set',
        ),
      ],
      ['a body that is not JSON', 'nope', "invalid character 'o' in literal null (expecting 'u')"],
      ['a truncated body', '{"hashedRekordRequestV002":', 'unexpected EOF'],
      ['a JSON array', '[]', protoError('syntax error \\(line 1:1\\): unexpected token \\[')],
    ];
    it.each(refusals)(
      `refuses %s before the service sees it: 400 {code: 3 (InvalidArgument), message, details: []} (${PROTOBUF} encoding/protojson/decode.go; UnmarshalOptions{DiscardUnknown: false})`,
      async (_what, body, message) => {
        const res = await call(entries(), {
          body,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/json');
        const answer = res.json() as { code: number; message: string; details: unknown[] };
        expect(Object.keys(answer)).toEqual(['code', 'message', 'details']);
        expect([answer.code, answer.details]).toEqual([3, []]);
        if (typeof message === 'string') expect(answer.message).toBe(message);
        else expect(answer.message).toMatch(message);
      },
    );

    it(`accepts proto field names and URL-safe unpadded base64, as protojson does`, async () => {
      const request = hashedRekord('proto names') as {
        hashedRekordRequestV002: { digest: string; signature: unknown };
      };
      const digest = Buffer.from(request.hashedRekordRequestV002.digest, 'base64');
      const res = await call(entries(), {
        body: JSON.stringify({
          hashed_rekord_request_v002: {
            digest: digest.toString('base64url'),
            signature: request.hashedRekordRequestV002.signature,
          },
        }),
      });
      expect(res.status).toBe(201);
    });

    it(`answers routing errors as the mux does (${GATEWAY} runtime/mux.go): 501 "Method Not Allowed", 404 "Not Found"`, async () => {
      const get = await call(entries());
      expect(get.status).toBe(501);
      expect(get.json()).toEqual({ code: 12, message: 'Method Not Allowed', details: [] });
      const nowhere = await call(`${stack.url}/rekor2/api/v2/nowhere`);
      expect(nowhere.status).toBe(404);
      expect(nowhere.json()).toEqual({ code: 5, message: 'Not Found', details: [] });
      const tile = await call(`${stack.url}/rekor2/api/v2/checkpoint`);
      expect(tile.status).toBe(501);
      expect(tile.json()).toEqual({
        code: 12,
        message: 'method GetCheckpoint not implemented',
        details: [],
      });
    });
  });

  describe(`Fulcio (${FULCIO} pkg/server/grpc_server.go, cmd/app/http.go)`, () => {
    const signingCert = (): string => `${stack.url}/fulcio/api/v2/signingCert`;

    function certificateRequest(
      token: string,
      extra: Record<string, unknown> = {},
      key = generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    ): Record<string, unknown> {
      const subject = String(claimsOf(token).sub);
      return {
        credentials: { oidcIdentityToken: token },
        publicKeyRequest: {
          publicKey: {
            algorithm: 'ECDSA',
            content: key.publicKey.export({ type: 'spki', format: 'pem' }),
          },
          proofOfPossession: sign(null, Buffer.from(subject), key.privateKey).toString('base64'),
        },
        ...extra,
      };
    }

    it('drops unknown fields and unknown enum names, as the default marshaler does (DiscardUnknown: true)', async () => {
      const request = certificateRequest(await stack.mintToken(), { foo: 'bar' });
      (request.publicKeyRequest as { publicKey: { algorithm: string } }).publicKey.algorithm =
        'NO_SUCH_ALGORITHM';
      const res = await call(signingCert(), { body: JSON.stringify(request) });
      expect(res.status).toBe(200);
      const body = res.json() as {
        signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
      };
      expect(Object.keys(body)).toEqual(['signedCertificateEmbeddedSct']);
      expect(body.signedCertificateEmbeddedSct.chain.certificates).toHaveLength(3);
    });

    it('takes the token from Authorization when the body has none (extractOIDCTokenFromAuthHeader)', async () => {
      const token = await stack.mintToken();
      const request = certificateRequest(token);
      delete request.credentials;
      const res = await call(signingCert(), {
        body: JSON.stringify(request),
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    });

    it('issues for a PKCS#10 CSR, the other member of the `key` oneof', async () => {
      const token = await stack.mintToken();
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const info = der.sequence(
        der.integer(0),
        der.sequence(),
        publicKey.export({ type: 'spki', format: 'der' }),
        Buffer.from([0xa0, 0x00]),
      );
      const csr = der.sequence(
        info,
        der.sequence(der.oid('1.2.840.10045.4.3.2')),
        der.bitString(sign('sha256', info, privateKey)),
      );
      const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      const res = await call(signingCert(), {
        body: JSON.stringify({
          credentials: { oidcIdentityToken: token },
          certificateSigningRequest: Buffer.from(pem).toString('base64'),
        }),
      });
      expect(res.status).toBe(200);
      const [leaf] = (
        res.json() as { signedCertificateEmbeddedSct: { chain: { certificates: string[] } } }
      ).signedCertificateEmbeddedSct.chain.certificates;
      expect(new X509Certificate(leaf).publicKey.export({ type: 'spki', format: 'der' })).toEqual(
        publicKey.export({ type: 'spki', format: 'der' }),
      );
    });

    const generic = (message: string): unknown => ({ code: 3, message, details: [] });
    it.each([
      [
        'no token at all',
        async () => {
          const request = certificateRequest(await stack.mintToken());
          delete request.credentials;
          return request;
        },
        'There was an error processing the identity token',
      ],
      [
        'a public key that does not parse (invalidPublicKey)',
        async () => {
          const request = certificateRequest(await stack.mintToken());
          (request.publicKeyRequest as { publicKey: { content: string } }).publicKey.content =
            '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
          return request;
        },
        'The public key supplied in the request could not be parsed',
      ],
      [
        'a key on a curve Fulcio does not certify (goodkey: insecurePublicKey)',
        async () =>
          certificateRequest(
            await stack.mintToken(),
            {},
            generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
          ),
        'The public key supplied in the request is insecure',
      ],
      [
        'no proof of possession (invalidSignature)',
        async () => {
          const request = certificateRequest(await stack.mintToken());
          delete (request.publicKeyRequest as Record<string, unknown>).proofOfPossession;
          return request;
        },
        'The signature supplied in the request could not be verified',
      ],
    ] as const)(
      'refuses %s: 400 with the generic message of pkg/server/error.go',
      async (_what, build, message) => {
        const res = await call(signingCert(), { body: JSON.stringify(await build()) });
        expect(res.status).toBe(400);
        expect(res.json()).toEqual(generic(message));
      },
    );

    it("refuses a proof of possession that is not base64 in the gateway, with protojson's words", async () => {
      const request = certificateRequest(await stack.mintToken());
      (request.publicKeyRequest as { proofOfPossession: string }).proofOfPossession = '%%%';
      const res = await call(signingCert(), { body: JSON.stringify(request) });
      expect(res.status).toBe(400);
      expect((res.json() as { message: string }).message).toMatch(
        protoError('\\(line 1:\\d+\\): invalid value for bytes field proofOfPossession: "%%%"'),
      );
    });

    it('serves the trust bundle as TrustBundle', async () => {
      const res = await call(`${stack.url}/fulcio/api/v2/trustBundle`);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({
        chains: [{ certificates: [expect.any(String), expect.any(String)] }],
      });
    });
  });

  describe(`the TSA (${TSA} pkg/api/timestamp.go, pkg/api/error.go; ${GO_OPENAPI})`, () => {
    const timestamp = (): string => `${stack.url}/tsa/api/v1/timestamp`;
    const digest = (bytes = 32): string => Buffer.alloc(bytes, 7).toString('base64');
    const asJson = (body: unknown): { body: string; headers: Record<string, string> } => ({
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

    it('grants a JSON request 200 OK (the server default, --use-http-201=false), as application/timestamp-reply', async () => {
      const res = await call(
        timestamp(),
        asJson({ artifactHash: digest(), hashAlgorithm: 'sha256' }),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
    });

    it('matches JSON field names case-insensitively and drops unknown ones, as encoding/json does', async () => {
      const res = await call(
        timestamp(),
        asJson({ ArtifactHash: digest(48), HASHALGORITHM: 'SHA384', unknown: true }),
      );
      expect(res.status).toBe(200);
    });

    it('echoes the nonce and adds only the signing certificate for certificates: true (include-chain-in-response off)', async () => {
      const res = await fetch(timestamp(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"artifactHash":"${digest()}","hashAlgorithm":"sha256","nonce":123456789012345678901234567890,"certificates":true}`,
      });
      expect(res.status).toBe(200);
      const response = ASN1Obj.parseBuffer(Buffer.from(await res.arrayBuffer()));
      const signedData = response.subs[1].subs[1].subs[0];
      const certificates = signedData.subs.find((s) => s.tag.isContextSpecific(0));
      expect(certificates?.subs).toHaveLength(1);
      const tstInfo = ASN1Obj.parseBuffer(Buffer.from(signedData.subs[2].subs[1].subs[0].value));
      expect(tstInfo.subs.filter((s) => s.tag.isInteger()).map((s) => s.toInteger())).toContain(
        123456789012345678901234567890n,
      );
    });

    it('grants a DER TimeStampReq (application/timestamp-query)', async () => {
      const request = der.sequence(
        der.integer(1),
        der.sequence(
          der.sequence(der.oid('2.16.840.1.101.3.4.2.1'), der.nullValue()),
          der.octetString(sha256(Buffer.from('der'))),
        ),
        der.integer(42),
        der.boolean(false),
      );
      const res = await call(timestamp(), {
        body: request,
        headers: { 'content-type': 'application/timestamp-query' },
      });
      expect(res.status).toBe(200);
    });

    const failed = 'Error generating timestamp response';
    it.each([
      ['no hashAlgorithm (there is no default)', { artifactHash: digest() }, failed],
      ['a misspelled hashAlgorithm', { artifactHash: digest(), hashAlgorithm: 'sha-256' }, failed],
      [
        'sha1',
        { artifactHash: digest(20), hashAlgorithm: 'sha1' },
        'Weak hash algorithm in timestamp request',
      ],
      [
        'a digest of the wrong length',
        { artifactHash: digest(20), hashAlgorithm: 'sha256' },
        'Message digest has incorrect length for specified algorithm',
      ],
      [
        'unpadded base64',
        { artifactHash: digest().replace(/=+$/, ''), hashAlgorithm: 'sha256' },
        failed,
      ],
      [
        'a nonce that is a string',
        { artifactHash: digest(), hashAlgorithm: 'sha256', nonce: '5' },
        failed,
      ],
      [
        'certificates that is not a bool',
        { artifactHash: digest(), hashAlgorithm: 'sha256', certificates: 'yes' },
        failed,
      ],
      [
        'a policy the TSA does not accept',
        { artifactHash: digest(), hashAlgorithm: 'sha256', tsaPolicyOID: '1.2.3' },
        'unaccepted policy: requested TSA policy is not supported by the TSA',
      ],
      [
        'a request over 1 KiB',
        { artifactHash: digest(), hashAlgorithm: 'sha256', pad: 'x'.repeat(1100) },
        'timestamp request is too large',
      ],
    ])(
      'refuses %s: 400 {code: 400, message}, written as application/timestamp-reply by the Responder',
      async (_what, body, message) => {
        const res = await call(timestamp(), asJson(body));
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
        expect(res.json()).toEqual({ code: 400, message });
      },
    );

    it.each([
      ['no Content-Type (application/octet-stream)', undefined, 'application/octet-stream'],
      ['text/plain', 'text/plain', 'text/plain'],
      ['application/xml', 'application/xml', 'application/xml'],
    ])(
      'refuses %s with 415 before the handler (middleware/context.go BindValidRequest)',
      async (_what, type, shown) => {
        const res = await call(timestamp(), {
          body: Buffer.from(JSON.stringify({ artifactHash: digest(), hashAlgorithm: 'sha256' })),
          headers: type ? { 'content-type': type } : {},
        });
        expect(res.status).toBe(415);
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(res.json()).toEqual({
          code: 415,
          message: `unsupported media type "${shown}", only [application/timestamp-query application/json] are allowed`,
        });
      },
    );

    it('takes application/json with parameters', async () => {
      const res = await call(timestamp(), {
        body: JSON.stringify({ artifactHash: digest(), hashAlgorithm: 'sha256' }),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(res.status).toBe(200);
    });

    it('answers no body with 422 602, another method with 405 and Allow, as go-openapi does', async () => {
      const empty = await call(timestamp(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect(empty.status).toBe(422);
      expect(empty.json()).toEqual({ code: 602, message: 'request in body is required' });
      const get = await call(timestamp());
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect(get.json()).toEqual({
        code: 405,
        message: 'method GET is not allowed, but [POST] are',
      });
      const chain = await call(`${stack.url}/tsa/api/v1/timestamp/certchain`);
      expect(chain.status).toBe(200);
      expect(chain.headers.get('content-type')).toBe('application/pem-certificate-chain');
    });
  });

  describe(`Rekor v1 (${REKOR} openapi.yaml, pkg/api/entries.go, pkg/generated/models; ${GO_OPENAPI})`, () => {
    const entries = (): string => `${stack.url}/rekor/api/v1/log/entries`;
    const asJson = (body: unknown): { body: string; headers: Record<string, string> } => ({
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    function hashedRekord(
      artifact: string,
      spec: Record<string, unknown> = {},
    ): Record<string, unknown> {
      const data = Buffer.from(artifact);
      return {
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: { hash: { algorithm: 'sha256', value: sha256(data).toString('hex') } },
          signature: {
            content: sign('sha256', data, signingKey).toString('base64'),
            publicKey: { content: Buffer.from(certificatePem).toString('base64') },
          },
          ...spec,
        },
      };
    }

    it('answers 201 with a bare-path Location and the UUID as ETag (getEntryURL); the path resolves on the stack', async () => {
      const res = await call(entries(), asJson(hashedRekord('located')));
      expect(res.status).toBe(201);
      const [uuid] = Object.keys(res.json() as object);
      expect(res.headers.get('etag')).toBe(uuid);
      expect(res.headers.get('location')).toBe(`/api/v1/log/entries/${uuid}`);
      const fetched = await call(new URL(res.headers.get('location') ?? '', stack.url).href);
      expect(fetched.status).toBe(200);
      expect(Object.keys(fetched.json() as object)).toEqual([uuid]);
    });

    it('drops unknown fields of the spec, as the generated models do', async () => {
      const res = await call(entries(), asJson(hashedRekord('extra', { extra: true })));
      expect(res.status).toBe(201);
    });

    const required = (name: string): unknown => ({
      code: 602,
      message: `${name} in body is required`,
    });
    it.each([
      ['no kind', { apiVersion: '0.0.1', spec: {} }, 422, required('kind')],
      [
        'an unknown kind',
        { kind: 'nope', apiVersion: '0.0.1', spec: {} },
        422,
        { code: 422, message: 'invalid kind value: "nope"' },
      ],
      ['no apiVersion', { kind: 'hashedrekord', spec: {} }, 422, required('apiVersion')],
      [
        'an apiVersion that is not a semantic version',
        { kind: 'hashedrekord', apiVersion: 'v1', spec: {} },
        422,
        {
          code: 605,
          message: expect.stringMatching(/^apiVersion in body should match '\^\(0\|/) as unknown,
        },
      ],
      ['no spec', { kind: 'hashedrekord', apiVersion: '0.0.1' }, 422, required('spec')],
      [
        'a version the kind does not have',
        { kind: 'hashedrekord', apiVersion: '0.0.2', spec: {} },
        400,
        {
          code: 400,
          message:
            "error processing entry: hashedrekord implementation for version '0.0.2' not found: unable to locate entry for version 0.0.2",
        },
      ],
      [
        'a spec its schema refuses',
        { kind: 'hashedrekord', apiVersion: '0.0.1', spec: { data: {} } },
        400,
        {
          code: 400,
          message:
            'error processing entry: validation failure list:\nsignature in body is required',
        },
      ],
      [
        "a body that is not JSON (served as a 500 with Go's error)",
        'nope',
        500,
        { code: 500, message: "invalid character 'o' in literal null (expecting 'u')" },
      ],
    ])('refuses %s', async (_what, body, status, answer) => {
      const res = await call(entries(), asJson(body));
      expect(res.status).toBe(status);
      expect(res.json()).toEqual(answer);
    });

    it('refuses a body without a JSON Content-Type: 415', async () => {
      const res = await call(entries(), { body: JSON.stringify(hashedRekord('untyped')) });
      expect(res.status).toBe(415);
      expect(res.json()).toEqual({
        code: 415,
        message: 'unsupported media type "text/plain", only [application/json] are allowed',
      });
    });

    it('reads entries by UUID and index as getLogEntryByUUID/ByIndex do: 422 605 for a malformed UUID, an empty 404', async () => {
      const bad = await call(`${entries()}/not-a-uuid`);
      expect(bad.status).toBe(422);
      expect(bad.json()).toEqual({
        code: 605,
        message: "entryUUID in path should match '^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$'",
      });
      const missing = await call(`${entries()}/${'a'.repeat(64)}`);
      expect([missing.status, missing.text, missing.headers.get('content-type')]).toEqual([
        404,
        '',
        null,
      ]);
      const noIndex = await call(entries());
      expect(noIndex.status).toBe(422);
      expect(noIndex.json()).toEqual({ code: 602, message: 'logIndex in query is required' });
      const first = await call(`${entries()}?logIndex=0`);
      expect(first.status).toBe(200);
    });

    it('answers APIs the stand-in does not serve as Rekor answers disabled ones (501), and unknown paths with 404', async () => {
      const search = await call(`${entries()}/retrieve`, asJson({ logIndexes: [0] }));
      expect(search.status).toBe(501);
      expect(search.json()).toEqual({
        code: 501,
        message: 'Search Log Query API not enabled in this Rekor instance',
      });
      const nowhere = await call(`${stack.url}/rekor/api/v1/nowhere`);
      expect(nowhere.status).toBe(404);
      expect(nowhere.json()).toEqual({ code: 404, message: 'path /api/v1/nowhere was not found' });
    });
  });

  it('recorded no contract violation for any of the answers above', async () => {
    expect(await stack.contractViolations()).toEqual([]);
    expect((await stack.stats()).contractViolations).toBe(0);
  });
});
