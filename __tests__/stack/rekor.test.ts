// Rekor v1: duplicate detection, signature checks, and inclusion proofs in one real Merkle tree,
// checked here with an independent RFC 9162 verifier and the log key from trusted_root.json.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { json as canonicalJson } from '@sigstore/core';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { leafPem, requestCertificate, rootFromInclusionProof, sha256 } from './fixtures.js';

interface LogEntry {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: {
    inclusionProof: {
      checkpoint: string;
      hashes: string[];
      logIndex: number;
      rootHash: string;
      treeSize: number;
    };
    signedEntryTimestamp: string;
  };
}

describe('Rekor v1', () => {
  let stack: StackProcess;
  let logKey: KeyObject;
  let signingKey: KeyObject;
  let certificate: string;

  beforeAll(async () => {
    stack = await spawnStack();
    const trusted = JSON.parse(await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8')) as {
      tlogs: { baseUrl: string; publicKey: { rawBytes: string } }[];
    };
    const tlog = trusted.tlogs.find((t) => t.baseUrl === `${stack.url}/rekor`);
    logKey = createPublicKey({
      key: Buffer.from(tlog?.publicKey.rawBytes ?? '', 'base64'),
      format: 'der',
      type: 'spki',
    });
    const result = await requestCertificate(stack, await stack.mintToken());
    signingKey = result.privateKey;
    certificate = leafPem(result);
  });
  afterAll(async () => {
    await stack.stop();
  });

  function hashedRekord(artifact: string, signature?: Buffer): Record<string, unknown> {
    const data = Buffer.from(artifact);
    return {
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm: 'sha256', value: sha256(data).toString('hex') } },
        signature: {
          content: (signature ?? sign('sha256', data, signingKey)).toString('base64'),
          publicKey: { content: Buffer.from(certificate).toString('base64') },
        },
      },
    };
  }

  async function post(entry: unknown): Promise<Response> {
    return fetch(`${stack.url}/rekor/api/v1/log/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
  }

  async function entryOf(res: Response): Promise<[string, LogEntry]> {
    const [[uuid, entry]] = Object.entries((await res.json()) as Record<string, LogEntry>);
    return [uuid, entry];
  }

  function verifyInclusion(entry: LogEntry): void {
    const proof = entry.verification.inclusionProof;
    // The checkpoint is a signed note by the key in trusted_root.json, naming the root hash.
    const [note, signatureLine] = proof.checkpoint.split('\n\n');
    const [origin, size, rootB64] = note.split('\n');
    expect(origin).toMatch(new RegExp(`^127\\.0\\.0\\.1:${new URL(stack.url).port} - \\d+$`));
    expect(Number(size)).toBe(proof.treeSize);
    const sig = Buffer.from(signatureLine.split(' ')[2], 'base64');
    expect(sig.subarray(0, 4).toString('hex')).toBe(entry.logID.slice(0, 8));
    expect(verify('sha256', Buffer.from(`${note}\n`), logKey, sig.subarray(4))).toBe(true);
    expect(Buffer.from(rootB64, 'base64').toString('hex')).toBe(proof.rootHash);

    const root = rootFromInclusionProof(
      proof.logIndex,
      proof.treeSize,
      Buffer.from(entry.body, 'base64'),
      proof.hashes.map((h) => Buffer.from(h, 'hex')),
    );
    expect(root.toString('hex')).toBe(proof.rootHash);

    // The SET: the log's signature over the canonical entry metadata.
    const set = canonicalJson.canonicalize({
      body: entry.body,
      integratedTime: entry.integratedTime,
      logIndex: entry.logIndex,
      logID: entry.logID,
    });
    expect(
      verify(
        'sha256',
        Buffer.from(set),
        logKey,
        Buffer.from(entry.verification.signedEntryTimestamp, 'base64'),
      ),
    ).toBe(true);
  }

  it('logs entries in one tree whose inclusion proofs verify, for the 1st and the 5th entry', async () => {
    const created: [string, LogEntry][] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await post(hashedRekord(`artifact number ${i}`));
      expect(res.status).toBe(201);
      created.push(await entryOf(res));
    }
    const indexes = created.map(([, e]) => e.logIndex);
    expect(indexes).toEqual(indexes.map((_, i) => indexes[0] + i)); // consecutive
    for (const [, entry] of created) verifyInclusion(entry);

    // The first entry, fetched again, is proven against the grown tree (non-trivial path).
    const [firstUuid, first] = created[0];
    const res = await fetch(`${stack.url}/rekor/api/v1/log/entries/${firstUuid}`);
    expect(res.status).toBe(200);
    const [, refetched] = await entryOf(res);
    expect(refetched.body).toBe(first.body);
    expect(refetched.verification.inclusionProof.treeSize).toBeGreaterThanOrEqual(5);
    expect(refetched.verification.inclusionProof.hashes.length).toBeGreaterThanOrEqual(3);
    verifyInclusion(refetched);
    const fifth = created[4][1];
    expect(fifth.verification.inclusionProof.hashes.length).toBeGreaterThan(0);
    expect(fifth.verification.inclusionProof.rootHash).toBe(
      refetched.verification.inclusionProof.rootHash,
    );
  });

  it('answers 409 with a Location for an identical entry, and the Location can be fetched', async () => {
    const entry = hashedRekord('logged twice');
    const first = await post(entry);
    expect(first.status).toBe(201);
    const [uuid, created] = await entryOf(first);

    const again = await post(entry);
    expect(again.status).toBe(409);
    // sigstore/rekor eee7d8d pkg/api/entries.go getEntryURL: a bare path, as real Rekor sends
    // it; the stack serves Rekor v1 at its root too, where a client resolves that path.
    const location = again.headers.get('location');
    expect(location).toBe(`/api/v1/log/entries/${uuid}`);
    expect(await again.json()).toEqual({
      code: 409,
      message: `an equivalent entry already exists in the transparency log with UUID ${uuid}`,
    });

    const fetched = await fetch(new URL(location ?? '', stack.url));
    expect(fetched.status).toBe(200);
    const [fetchedUuid, fetchedEntry] = await entryOf(fetched);
    expect(fetchedUuid).toBe(uuid);
    expect(fetchedEntry.logIndex).toBe(created.logIndex);
    expect(fetchedEntry.body).toBe(created.body);
    // The 64-hex form (without the tree id) finds it too.
    expect((await fetch(`${stack.url}/rekor/api/v1/log/entries/${uuid.slice(-64)}`)).status).toBe(
      200,
    );
  });

  it('rejects a signature that does not verify with 400 and a message', async () => {
    const wrong = sign('sha256', Buffer.from('some other artifact'), signingKey);
    const res = await post(hashedRekord('the real artifact', wrong));
    expect(res.status).toBe(400);
    // pkg/api/entries.go validationError wrapping hashedrekord v0.0.1's "verifying signature".
    expect(await res.json()).toEqual({
      code: 400,
      message:
        'error processing entry: verifying signature: invalid signature when validating ASN.1 encoded signature',
    });
  });

  it('answers 404 without a body for an unknown UUID, and 422 for an unknown kind', async () => {
    const missing = await fetch(`${stack.url}/rekor/api/v1/log/entries/${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');
    const res = await post({ apiVersion: '0.0.1', kind: 'no-such-kind', spec: {} });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ code: 422, message: 'invalid kind value: "no-such-kind"' });
  });
});
