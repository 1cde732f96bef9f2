/**
 * The bundle's JSON shape, checked before @sigstore/bundle reads it leniently (bundle-json.ts).
 * Each case here is a hostile bundle the fuzz test (__tests__/fuzz) found getting past, or through,
 * the lenient reader.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkBundleShape } from '../../../src/verify/bundle-json.js';
import { parseBundle } from '../../../src/verify/bundle-verifier.js';

const SUITE = ['../shared/conformance', '/work/shared/conformance']
  .map((p) => path.resolve(p))
  .find((p) => existsSync(path.join(p, 'bundle-verify')));

type Json = Record<string, unknown>;

/** A v0.3 message-signature bundle, small and well-formed. */
function bundle(): Json {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      certificate: { rawBytes: 'MIIB' },
      tlogEntries: [
        {
          logIndex: '735',
          logId: { keyId: '8w1amZ2S5mJIQkQmPxdMuOrL/oJkvFg9MnQXmeOCXck=' },
          kindVersion: { kind: 'hashedrekord', version: '0.0.2' },
          inclusionProof: {
            logIndex: '735',
            rootHash: 'rs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI=',
            treeSize: '736',
            hashes: ['JW27adKabAL7le2rFDSEUhPM94lzNjlhqi1BDFCFLCQ='],
            checkpoint: { envelope: 'log\n736\nrs1Y\n\n\u2014 log abcd\n' },
          },
          canonicalizedBody: 'eyJ9',
        },
      ],
      timestampVerificationData: { rfc3161Timestamps: [{ signedTimestamp: 'MIIE' }] },
    },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: 'oM/HEnHW4njlfNMy/5V8P3BD/do1TEy7GQow1W76Ab8=',
      },
      signature: 'MEYCIQ==',
    },
  };
}

function problem(mutate: (b: Json & { verificationMaterial: Json }) => void): string | undefined {
  const b = bundle() as Json & { verificationMaterial: Json };
  mutate(b);
  const found = checkBundleShape(JSON.parse(JSON.stringify(b)));
  return found && `${found.path}: ${found.problem}`;
}

const entry = (b: Json): Json => ((b.verificationMaterial as Json).tlogEntries as Json[])[0];
const proof = (b: Json): Json => entry(b).inclusionProof as Json;

describe('checkBundleShape', () => {
  it('accepts a well-formed bundle, with int64 as numbers and base64url too', () => {
    expect(problem(() => undefined)).toBeUndefined();
    expect(
      problem((b) => {
        entry(b).logIndex = 735;
        (b.messageSignature as Json).signature = 'MEYCIQ';
        proof(b).hashes = ['JW27adKabAL7le2rFDSEUhPM94lzNjlhqi1BDFCFLCQ'];
        entry(b).inclusionPromise = null; // null is absent, in protobuf JSON
        b.unknownField = { deep: [[[[]]]] };
      }),
    ).toBeUndefined();
  });

  it('refuses an array-like object where bytes belong, before Buffer.from allocates gigabytes', () => {
    // Found by the fuzzer: @sigstore/protobuf-specs decodes bytes with Buffer.from(value), and
    // {"length": 4294967297} made the verifying process allocate until it was killed.
    const started = performance.now();
    expect(problem((b) => ((b.messageSignature as Json).signature = { length: 2 ** 32 + 1 }))).toBe(
      'messageSignature.signature: expected base64 data, found a JSON object',
    );
    expect(() =>
      parseBundle({ ...bundle(), messageSignature: { signature: { length: 1e9 } } }),
    ).toThrow(/malformed at messageSignature.signature: expected base64 data/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses characters outside base64 (a lenient decoder skips them) and bad padding', () => {
    expect(problem((b) => ((b.messageSignature as Json).signature = 'MEYC IQ=='))).toMatch(
      /^messageSignature.signature: expected base64 data, found the string "MEYC IQ=="$/,
    );
    expect(problem((b) => ((b.messageSignature as Json).signature = 'ME=YCIQ=='))).toBeDefined();
    expect(problem((b) => ((b.messageSignature as Json).signature = 'MEYCI=='))).toBeDefined();
    expect(problem((b) => ((b.messageSignature as Json).signature = 'ME+C-Q=='))).toBeDefined();
  });

  it('refuses a log index, size or time that is not a plain non-negative int64', () => {
    for (const value of [
      '-1',
      '0x10',
      '007',
      ' 1',
      '1e3',
      '1.5',
      'NaN',
      '',
      '9223372036854775808',
      -1,
      1.5,
      2 ** 64,
      [735],
      { a: 1 },
      true,
    ]) {
      expect([value, problem((b) => (entry(b).logIndex = value))]).toEqual([
        value,
        expect.stringMatching(
          /^verificationMaterial\.tlogEntries\[0\]\.logIndex: expected a non-negative integer/,
        ),
      ]);
    }
    expect(problem((b) => (proof(b).treeSize = '9223372036854775807'))).toBeUndefined();
  });

  it('refuses a string field given as another JSON type (String() would turn it into text)', () => {
    expect(
      problem((b) => (entry(b).kindVersion = { kind: ['hashedrekord'], version: '0.0.2' })),
    ).toBe('verificationMaterial.tlogEntries[0].kindVersion.kind: expected a string, found a list');
    expect(
      problem((b) => {
        delete b.verificationMaterial.certificate;
        b.verificationMaterial.publicKey = [{ hint: 'x' }];
      }),
    ).toBe('verificationMaterial.publicKey: expected a JSON object, found a list');
  });

  it('refuses a media type it does not know, instead of reading it as the latest version', () => {
    for (const mediaType of [
      'application/vnd.dev.sigstore.bundle.v0.4+json',
      'application/vnd.dev.sigstore.bundle.v0.3+jsonx',
      'application/vnd.dev.sigstore.bundle+json;version=99.9',
      undefined,
      5,
    ]) {
      expect(problem((b) => (b.mediaType = mediaType))).toMatch(/^mediaType: /);
    }
  });

  it('refuses two members of one oneof (one would be silently ignored)', () => {
    expect(
      problem((b) => (b.dsseEnvelope = { payload: 'e30=', payloadType: 'x', signatures: [] })),
    ).toBe(
      '(top level): has both messageSignature and dsseEnvelope; a bundle has only one of messageSignature, dsseEnvelope',
    );
    expect(problem((b) => (b.verificationMaterial.publicKey = { hint: 'x' }))).toMatch(
      /^verificationMaterial: has both publicKey and certificate/,
    );
  });

  it('refuses more list entries than any bundle has, so the work stays bounded', () => {
    const ts = { signedTimestamp: 'MIIE' };
    expect(
      problem(
        (b) =>
          ((b.verificationMaterial.timestampVerificationData as Json).rfc3161Timestamps =
            Array<unknown>(1000).fill(ts)),
      ),
    ).toBe(
      'verificationMaterial.timestampVerificationData.rfc3161Timestamps: has 1000 entries; no bundle has more than 32',
    );
    expect(problem((b) => (proof(b).hashes = Array<string>(65).fill('AAAA')))).toMatch(
      /has 65 entries/,
    );
  });

  it('does not descend into a 100,000-deep value (no stack overflow), nor echo it', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    const b = bundle();
    entry(b).logIndex = deep;
    expect(checkBundleShape(b)).toEqual({
      path: 'verificationMaterial.tlogEntries[0].logIndex',
      problem: 'expected a non-negative integer (a decimal string), found a list',
    });
    expect(checkBundleShape({ ...bundle(), extra: deep })).toBeUndefined();
  });

  (SUITE ? it : it.skip)('accepts every conformance bundle that must verify', () => {
    const base = path.join(SUITE!, 'bundle-verify');
    const passing = readdirSync(base).filter(
      (d) => !d.endsWith('fail') && existsSync(path.join(base, d, 'bundle.sigstore.json')),
    );
    expect(passing.length).toBeGreaterThanOrEqual(20);
    for (const d of passing) {
      const json = JSON.parse(
        readFileSync(path.join(base, d, 'bundle.sigstore.json'), 'utf8'),
      ) as unknown;
      expect([d, checkBundleShape(json)]).toEqual([d, undefined]);
    }
  });
});
