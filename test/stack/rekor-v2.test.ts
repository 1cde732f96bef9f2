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

  it('rejects a signature that does not verify with 400 and a message', async () => {
    const res = await createEntry(
      Buffer.from('real'),
      sign('sha256', Buffer.from('other'), signingKey),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(3);
    expect(body.message).toMatch(/does not verify/);
  });
});
