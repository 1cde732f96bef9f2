// Rekor v2: its own tree, Ed25519 signed-note checkpoints whose origin and key hint match the
// trusted root entry for `<url>/rekor2`, and signature checks.
import { createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PublicKeyDetails, TransparencyLogEntry } from '@sigstore/protobuf-specs';
import { CreateEntryRequest } from '@sigstore/protobuf-specs/rekor/v2';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { leafPem, requestCertificate, rootFromInclusionProof, sha256 } from './fixtures.js';

interface TrustedTlog {
  baseUrl: string;
  publicKey: { rawBytes: string; keyDetails: string };
  logId: { keyId: string };
}

describe('Rekor v2', () => {
  let stack: StackProcess;
  let tlog: TrustedTlog;
  let logKey: KeyObject;
  let signingKey: KeyObject;
  let certificateDer: Buffer;

  beforeAll(async () => {
    stack = await spawnStack();
    const trusted = JSON.parse(await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8')) as {
      tlogs: TrustedTlog[];
    };
    const found = trusted.tlogs.find((t) => t.baseUrl === `${stack.url}/rekor2`);
    if (!found) throw new Error('no Rekor v2 tlog in the trusted root');
    tlog = found;
    logKey = createPublicKey({
      key: Buffer.from(tlog.publicKey.rawBytes, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const result = await requestCertificate(stack, await stack.mintToken());
    signingKey = result.privateKey;
    certificateDer = new X509Certificate(leafPem(result)).raw;
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function createEntry(
    artifact: Buffer,
    signature = sign('sha256', artifact, signingKey),
  ): Promise<Response> {
    // The request @sigstore/sign builds for a message signature.
    const request = CreateEntryRequest.toJSON({
      spec: {
        $case: 'hashedRekordRequestV002',
        hashedRekordRequestV002: {
          digest: sha256(artifact),
          signature: {
            content: signature,
            verifier: {
              keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
              verifier: { $case: 'x509Certificate', x509Certificate: { rawBytes: certificateDer } },
            },
          },
        },
      },
    });
    return fetch(`${stack.url}/rekor2/api/v2/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  it('appends entries to a real tree with Ed25519 checkpoints matching the trusted root', async () => {
    const origin = `127.0.0.1:${new URL(stack.url).port}/rekor2`;
    expect(tlog.publicKey.keyDetails).toBe('PKIX_ED25519');
    const entries: TransparencyLogEntry[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await createEntry(Buffer.from(`v2 artifact ${i}`));
      expect(res.status).toBe(201);
      entries.push(TransparencyLogEntry.fromJSON(await res.json()));
    }
    expect(entries.map((e) => e.logIndex)).toEqual(['0', '1', '2']);
    for (const entry of entries) {
      expect(entry.kindVersion).toEqual({ kind: 'hashedrekord', version: '0.0.2' });
      expect(entry.inclusionPromise).toBeUndefined();
      expect(entry.logId?.keyId.toString('base64')).toBe(tlog.logId.keyId);
      const body = JSON.parse(entry.canonicalizedBody.toString()) as {
        kind: string;
        apiVersion: string;
        spec: Record<string, unknown>;
      };
      expect(body).toEqual(expect.objectContaining({ kind: 'hashedrekord', apiVersion: '0.0.2' }));
      expect(body.spec).toHaveProperty('hashedRekordV002');

      const proof = entry.inclusionProof;
      if (!proof?.checkpoint) throw new Error('no inclusion proof');
      const [note, signatureLine] = proof.checkpoint.envelope.split('\n\n');
      const [noteOrigin, size, rootB64] = note.split('\n');
      expect(noteOrigin).toBe(origin);
      expect(`${stack.url}/rekor2`).toContain(noteOrigin); // what @sigstore/verify matches
      expect(size).toBe(proof.treeSize);
      const [, keyName, sigB64] = signatureLine.trim().split(' ');
      expect(keyName).toBe(origin);
      const sig = Buffer.from(sigB64, 'base64');
      expect(
        sig.subarray(0, 4).equals(Buffer.from(tlog.logId.keyId, 'base64').subarray(0, 4)),
      ).toBe(true);
      expect(verify(null, Buffer.from(`${note}\n`), logKey, sig.subarray(4))).toBe(true);
      const root = rootFromInclusionProof(
        Number(proof.logIndex),
        Number(proof.treeSize),
        entry.canonicalizedBody,
        proof.hashes,
      );
      expect(root.equals(Buffer.from(rootB64, 'base64'))).toBe(true);
      expect(root.equals(proof.rootHash)).toBe(true);
    }
    expect(entries[2].inclusionProof?.hashes.length).toBeGreaterThan(0);
  });

  // The rules below follow sigstore/rekor-tiles at 74e3eb0e9b4203ee30912eb35c3467c551ef37c9.

  /** A hashedrekord request body, with parts replaced. */
  function hashedRekord(
    artifact: Buffer,
    verifier: Record<string, unknown> = {
      x509Certificate: { rawBytes: certificateDer.toString('base64') },
      keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    },
    signature = sign('sha256', artifact, signingKey),
  ): Record<string, unknown> {
    return {
      hashedRekordRequestV002: {
        digest: sha256(artifact).toString('base64'),
        signature: { content: signature.toString('base64'), verifier },
      },
    };
  }

  async function post(body: unknown): Promise<{ status: number; headers: Headers; json: unknown }> {
    const res = await fetch(`${stack.url}/rekor2/api/v2/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, json: await res.json() };
  }

  // pkg/types/hashedrekord/hashedrekord.go verifySignature; service.go: one generic message.
  it('refuses a signature that does not verify: 400 "invalid hashedrekord request"', async () => {
    const res = await createEntry(
      Buffer.from('real'),
      sign('sha256', Buffer.from('other'), signingKey),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 3,
      message: 'invalid hashedrekord request',
      details: [],
    });
  });

  // internal/server/service.go CreateEntry: `default: "invalid type, must be hashedrekord"` (v2.3.0).
  it('refuses a DSSE entry (dsseRequestV002): 400 "invalid type, must be hashedrekord"', async () => {
    const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
    const res = await post({
      dsseRequestV002: {
        envelope: {
          payload: payload.toString('base64'),
          payloadType: 'application/vnd.in-toto+json',
          signatures: [{ sig: sign('sha256', payload, signingKey).toString('base64'), keyid: '' }],
        },
        verifiers: [
          {
            x509Certificate: { rawBytes: certificateDer.toString('base64') },
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: 3,
      message: 'invalid type, must be hashedrekord',
      details: [],
    });
  });

  // internal/server/service.go: tessera.DuplicateError -> codes.AlreadyExists + x-log-index;
  // internal/tessera/tessera.go DuplicateError.Error() is the message.
  it('de-duplicates: the same entry again is 409 with the first index in x-log-index', async () => {
    const body = hashedRekord(Buffer.from('logged twice'));
    const first = await post(body);
    expect(first.status).toBe(201);
    const index = (first.json as { logIndex: string }).logIndex;
    const again = await post(body);
    expect(again.status).toBe(409);
    expect(again.headers.get('x-log-index')).toBe(index);
    expect(again.json).toEqual({
      code: 6,
      message: `an equivalent entry already exists in the transparency log with index ${index}`,
      details: [],
    });
  });

  // hashedrekord.go validate() / extractVerifier() / verifySupportedAlgorithm(): each failure is
  // the same generic 400.
  it.each<[string, Record<string, unknown>]>([
    [
      'a PEM certificate where DER is required (x509.ParseCertificate)',
      {
        x509Certificate: {
          rawBytes: Buffer.from(
            `-----BEGIN CERTIFICATE-----\n${'x'.repeat(8)}\n-----END CERTIFICATE-----\n`,
          ).toString('base64'),
        },
        keyDetails: 'PKIX_ECDSA_P256_SHA_256',
      },
    ],
    [
      'no keyDetails (PUBLIC_KEY_DETAILS_UNSPECIFIED: GetAlgorithmDetails fails)',
      { x509Certificate: { rawBytes: 'placeholder' } },
    ],
    [
      'keyDetails that do not match the key (P-384 details, P-256 key)',
      { x509Certificate: { rawBytes: 'placeholder' }, keyDetails: 'PKIX_ECDSA_P384_SHA_384' },
    ],
    [
      'pure Ed25519 (no digest algorithm: removed upstream)',
      { x509Certificate: { rawBytes: 'placeholder' }, keyDetails: 'PKIX_ED25519' },
    ],
    ['no certificate or public key', { keyDetails: 'PKIX_ECDSA_P256_SHA_256' }],
  ])('refuses %s: 400 "invalid hashedrekord request"', async (_, verifier) => {
    const filled = JSON.parse(
      JSON.stringify(verifier).replace(
        '"placeholder"',
        JSON.stringify(certificateDer.toString('base64')),
      ),
    ) as Record<string, unknown>;
    const res = await post(hashedRekord(Buffer.from('refused'), filled));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 3, message: 'invalid hashedrekord request', details: [] });
  });

  it('refuses a digest of the wrong length for the key details', async () => {
    const body = hashedRekord(Buffer.from('short digest'));
    const spec = body.hashedRekordRequestV002 as { digest: string };
    spec.digest = Buffer.alloc(20, 1).toString('base64');
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 3, message: 'invalid hashedrekord request', details: [] });
  });
});
