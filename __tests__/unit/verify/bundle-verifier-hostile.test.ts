/**
 * Hostile bundles the fuzz test (__tests__/fuzz/hostile-bundles.test.ts) found accepted, crashing
 * the verifier, or rejected with an unreadable message, each made from a conformance bundle
 * that verifies, and checked through the CLI's code path (parseBundleText, verifyArtifact).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ActionError } from '../../../src/errors.js';
import { parseTrustedRoot } from '../../../src/sigstore/instance.js';
import { BundleVerifier, type VerifiedBundle } from '../../../src/verify/bundle-verifier.js';
import { buildPolicy } from '../../../src/verify/policy.js';
import { parseBundleText, verifyArtifact } from '../../../src/verify/verify-file.js';

const SUITE = ['../shared/conformance', '/work/shared/conformance']
  .map((p) => path.resolve(p))
  .find((p) => existsSync(path.join(p, 'bundle-verify')));
const ID =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';

type Json = { [key: string]: unknown };
const ENTRY = 'verificationMaterial.tlogEntries.0';

/** The value at a dotted path ("a.0.b"). */
function get(json: unknown, at: string): unknown {
  return at.split('.').reduce<unknown>((node, key) => (node as Json)[key], json);
}

/** Sets (or, with undefined, deletes) the value at a dotted path. */
function set(json: Json, at: string, value: unknown): void {
  const keys = at.split('.');
  const parent = (keys.length > 1 ? get(json, keys.slice(0, -1).join('.')) : json) as Json;
  if (value === undefined) delete parent[keys[keys.length - 1]];
  else parent[keys[keys.length - 1]] = value;
}

function seed(name: string): Json {
  return JSON.parse(
    readFileSync(path.join(SUITE!, 'bundle-verify', name, 'bundle.sigstore.json'), 'utf8'),
  ) as Json;
}

/** Verifies bundle text as `verify-bundle` does, by the artifact's digest. */
async function verifyText(name: string, text: string): Promise<VerifiedBundle> {
  const dir = path.join(SUITE!, 'bundle-verify', name);
  const rootPath = existsSync(path.join(dir, 'trusted_root.json'))
    ? path.join(dir, 'trusted_root.json')
    : path.join(SUITE!, 'trusted-roots', 'production.trusted_root.json');
  const root = parseTrustedRoot(JSON.parse(readFileSync(rootPath, 'utf8')), rootPath);
  const artifact = existsSync(path.join(dir, 'artifact'))
    ? path.join(dir, 'artifact')
    : path.join(SUITE!, 'bundle-verify', 'a.txt');
  const sha256 = createHash('sha256').update(readFileSync(artifact)).digest();
  return verifyArtifact(
    new BundleVerifier(root),
    { kind: 'digest', sha256, displayPath: 'sha256:…' },
    parseBundleText(text, 'bundle.json'),
    {
      kind: 'identity',
      policy: buildPolicy(
        {
          certIdentity: ID,
          certOidcIssuer: 'https://token.actions.githubusercontent.com',
          claims: {},
        },
        (i) => i,
      ),
    },
  );
}

async function rejection(name: string, bundle: Json | string): Promise<ActionError> {
  const text = typeof bundle === 'string' ? bundle : JSON.stringify(bundle);
  const err = await verifyText(name, text).then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  if (!(err instanceof ActionError)) throw err;
  // Every rejection is one printable line of reasonable length.
  // eslint-disable-next-line no-control-regex
  expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  expect(err.message.length).toBeLessThan(1_000);
  return err;
}

(SUITE ? describe : describe.skip)('BundleVerifier against hostile bundles', () => {
  it('the seeds verify unmodified', async () => {
    await expect(
      verifyText('rekor2-happy-path', JSON.stringify(seed('rekor2-happy-path'))),
    ).resolves.toEqual(expect.objectContaining({ logIndex: '735' }));
    await expect(
      verifyText('happy-path-v0.3', JSON.stringify(seed('happy-path-v0.3'))),
    ).resolves.toEqual(expect.objectContaining({ logIndex: '79571823' }));
  });

  it('rejects an inclusion proof whose root hash or tree size contradicts its signed checkpoint (@sigstore/verify reads neither)', async () => {
    for (const name of ['rekor2-happy-path', 'happy-path-v0.3']) {
      const b = seed(name);
      set(b, `${ENTRY}.inclusionProof.rootHash`, Buffer.alloc(32, 7).toString('base64'));
      const err = await rejection(name, b);
      expect([err.code, err.message]).toEqual([
        'TLOG_INVALID',
        expect.stringMatching(
          /^transparency log entry 0 contradicts itself: its inclusion proof gives tree size \d+ and root hash 0707/,
        ),
      ]);
      const c = seed(name);
      const size = BigInt(get(c, `${ENTRY}.inclusionProof.treeSize`) as string);
      set(c, `${ENTRY}.inclusionProof.treeSize`, String(size + 5n));
      expect((await rejection(name, c)).code).toBe('TLOG_INVALID');
    }
  });

  it('rejects a Rekor v2 entry whose log index is not the one its inclusion proof proves (nothing signs it)', async () => {
    const b = seed('rekor2-happy-path');
    set(b, `${ENTRY}.logIndex`, '1');
    const err = await rejection('rekor2-happy-path', b);
    expect([err.code, err.message]).toEqual([
      'TLOG_INVALID',
      'transparency log entry 0 claims log index 1, but its inclusion proof is for index 735',
    ]);
  });

  it('reports no log index for a Rekor v1 entry whose signed entry timestamp was dropped', async () => {
    // v0.3 with an inclusion proof and a TSA timestamp verifies without the promise; then the
    // global index (27246492 vs the shard's 23083061) is signed by nothing.
    const b = seed('managed-key-happy-path');
    set(b, `${ENTRY}.inclusionPromise`, undefined);
    const dir = path.join(SUITE!, 'bundle-verify', 'managed-key-happy-path');
    const root = parseTrustedRoot(
      JSON.parse(
        readFileSync(path.join(SUITE!, 'trusted-roots', 'production.trusted_root.json'), 'utf8'),
      ),
      'root',
    );
    const sha256 = createHash('sha256')
      .update(readFileSync(path.join(SUITE!, 'bundle-verify', 'a.txt')))
      .digest();
    const verifier = new BundleVerifier(root, readFileSync(path.join(dir, 'key.pub'), 'utf8'));
    const run = (json: Json): Promise<VerifiedBundle> =>
      verifyArtifact(verifier, { kind: 'digest', sha256, displayPath: 'x' }, json, { kind: 'key' });
    await expect(run(seed('managed-key-happy-path'))).resolves.toEqual(
      expect.objectContaining({ logIndex: '771488337' }),
    );
    const thinned = await run(b);
    expect(thinned.logIndex).toBeUndefined();
  });

  it('rejects an unknown media type that @sigstore/bundle would read as the latest version', async () => {
    const b = seed('rekor2-happy-path');
    b.mediaType = 'application/vnd.dev.sigstore.bundle.v0.4+json';
    const err = await rejection('rekor2-happy-path', b);
    expect([err.code, err.message]).toEqual([
      'BUNDLE_MALFORMED',
      expect.stringMatching(
        /^the bundle is malformed at mediaType: the string "application\/vnd.dev.sigstore.bundle.v0.4\+json" is not a Sigstore bundle media type/,
      ),
    ]);
  });

  it('rejects a bundle with both a message signature and a DSSE envelope (one was ignored)', async () => {
    const b = seed('rekor2-happy-path');
    set(b, 'dsseEnvelope', seed('rekor2-dsse-happy-path').dsseEnvelope);
    expect((await rejection('rekor2-happy-path', b)).message).toMatch(
      /has both messageSignature and dsseEnvelope/,
    );
  });

  it('rejects an in-toto payload that is not an object, or whose subjects are not, without a TypeError', async () => {
    // Found by the fuzzer: `null` as the payload crashed with "Cannot read properties of null
    // (reading 'subject') [INTERNAL]": the statement is read before its signature is checked.
    for (const statement of [
      'null',
      '5',
      '{"subject": [null, 1, {"digest": null}, {"digest": []}]}',
      '{"subject": [{"name": "a", "digest": {"sha256": null}}]}',
    ]) {
      const b = seed('rekor2-dsse-happy-path');
      set(b, 'dsseEnvelope.payload', Buffer.from(statement).toString('base64'));
      const err = await rejection('rekor2-dsse-happy-path', b);
      expect([statement, err.code]).toEqual([
        statement,
        expect.stringMatching(/^BUNDLE_(MALFORMED|MISMATCH)$/),
      ]);
    }
  });

  it('names at most five in-toto subjects in a mismatch, and escapes them', async () => {
    const b = seed('rekor2-dsse-happy-path');
    const subject = Array.from({ length: 20_000 }, (_, i) => ({
      name: `f${i}\n`,
      digest: { sha256: '00' },
    }));
    set(b, 'dsseEnvelope.payload', Buffer.from(JSON.stringify({ subject })).toString('base64'));
    const err = await rejection('rekor2-dsse-happy-path', b);
    expect(err.message).toBe(
      'the bundle is for a different file: the file is not a subject of its in-toto statement (subjects: f0\\u000a, f1\\u000a, f2\\u000a, f3\\u000a, f4\\u000a, and 19995 more)',
    );
  });

  it('rejects a message digest of the wrong length before quoting it', async () => {
    const b = seed('rekor2-happy-path');
    set(b, 'messageSignature.messageDigest.digest', 'A'.repeat(1_000_000));
    const err = await rejection('rekor2-happy-path', b);
    expect([err.code, err.message]).toEqual([
      'BUNDLE_MALFORMED',
      "the bundle's message digest is 750000 bytes long; a sha256 digest is 32",
    ]);
  });

  it('escapes and cuts what @sigstore/verify quotes from the bundle (here a 100,000-character kind)', async () => {
    const b = seed('happy-path-v0.3');
    set(b, `${ENTRY}.kindVersion.kind`, `\u001b[2J${'é'.repeat(100_000)}`);
    const err = await rejection('happy-path-v0.3', b);
    expect(err.message).toMatch(
      /^the transparency log entry is for a different signature: kind\/version mismatch - expected: \\u001b\[2Jéé/,
    );
  });

  it('says where the JSON breaks, never quoting it (V8 quotes the text around the error)', async () => {
    const text = JSON.stringify(seed('rekor2-happy-path'), null, 2).replace(
      '"application/vnd.dev.sigstore.bundle.v0.3+json"',
      'SECRET_VALUE',
    );
    const err = await rejection('rekor2-happy-path', text);
    expect(err.message).toMatch(
      /^the bundle bundle.json is not valid JSON( \(at character \d+\))?; it may be truncated/,
    );
    expect(err.message).not.toContain('SECRET');
  });

  it('never quotes a file that is not JSON at all (a link to the environment, a key file)', async () => {
    const err = await rejection('rekor2-happy-path', 'GITHUB_TOKEN=ghs_SECRET\nPATH=/usr/bin\n');
    expect([err.code, err.message]).toEqual([
      'BUNDLE_MALFORMED',
      'bundle.json is not a Sigstore bundle: it is not a JSON object; check that it is the bundle of the file, not another file',
    ]);
  });

  it('says which part is broken when the certificate or a timestamp is not well-formed DER', async () => {
    const b = seed('rekor2-happy-path');
    set(b, 'verificationMaterial.certificate.rawBytes', 'AAAA');
    expect((await rejection('rekor2-happy-path', b)).message).toMatch(
      /^the bundle's signing certificate is not a well-formed X.509 certificate \(/,
    );
    const c = seed('rekor2-happy-path');
    const at = 'verificationMaterial.timestampVerificationData.rfc3161Timestamps.0.signedTimestamp';
    const der = Buffer.from(get(c, at) as string, 'base64');
    set(c, at, der.subarray(0, 40).toString('base64'));
    expect((await rejection('rekor2-happy-path', c)).message).toMatch(
      /^the bundle's RFC 3161 timestamp 0 is not well-formed \(/,
    );
  });

  it('says so when a v0.1 inclusion proof has no checkpoint (was a TypeError message)', async () => {
    const b = seed('happy-path-v0.1');
    set(b, `${ENTRY}.inclusionProof.checkpoint`, undefined);
    const err = await rejection('happy-path-v0.1', b);
    expect([err.code, err.message]).toEqual([
      'BUNDLE_MALFORMED',
      'transparency log entry 0 has an inclusion proof without its checkpoint',
    ]);
  });

  it('rejects a bundle over the size limit given as text, as it does a file', async () => {
    const text = JSON.stringify(seed('rekor2-happy-path')) + ' '.repeat(17 * 1024 * 1024);
    expect((await rejection('rekor2-happy-path', text)).message).toMatch(
      /far too large for a Sigstore bundle$/,
    );
  });
});
