import { parseTrustedRoot } from '../../../src/sigstore/instance.js';

const key = {
  rawBytes: Buffer.from('key').toString('base64'),
  keyDetails: 'PKIX_ECDSA_P256_SHA_256',
};

function root(tlogValidFor: Record<string, string> | undefined): Record<string, unknown> {
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: 'https://rekor.example',
        hashAlgorithm: 'SHA2_256',
        publicKey: { ...key, ...(tlogValidFor ? { validFor: tlogValidFor } : {}) },
        logId: { keyId: Buffer.from('id').toString('base64') },
      },
    ],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
}

describe('parseTrustedRoot', () => {
  it('accepts a root whose every key says from when it is trusted', () => {
    expect(parseTrustedRoot(root({ start: '2024-01-01T00:00:00Z' }), 'test').tlogs).toHaveLength(1);
  });

  // sigstore-conformance case trust-root-tlog-missing-validity-start_fail: a tlog key without
  // validFor.start makes the root malformed. @sigstore/verify 4.1.3 reads the missing start as
  // "the beginning of time" and accepts the bundle; we reject the root.
  it('rejects a root with a tlog key lacking validFor.start (conformance: trust-root-tlog-missing-validity-start_fail)', () => {
    expect(() => parseTrustedRoot(root(undefined), 'trusted-root (x.json)')).toThrow(
      'trusted-root (x.json): tlogs[0] (https://rekor.example) has no validFor.start',
    );
    expect(() => parseTrustedRoot(root({ end: '2030-01-01T00:00:00Z' }), 'r')).toThrow(
      /no validFor\.start/,
    );
  });

  it('rejects JSON that is not a trusted root', () => {
    expect(() => parseTrustedRoot({ hello: 1 }, 'r')).toThrow(/not a Sigstore trusted root/);
    expect(() => parseTrustedRoot([], 'r')).toThrow(/not a Sigstore trusted root/);
  });

  it('does not require validFor.start of certificate and timestamp authorities (as sigstore-go)', () => {
    const json = {
      ...root({ start: '2024-01-01T00:00:00Z' }),
      certificateAuthorities: [
        { subject: {}, uri: 'https://fulcio.example', certChain: { certificates: [] } },
      ],
      timestampAuthorities: [
        { subject: {}, uri: 'https://tsa.example', certChain: { certificates: [] }, validFor: {} },
      ],
    };
    const parsed = parseTrustedRoot(json, 'r');
    expect(parsed.certificateAuthorities).toHaveLength(1);
    expect(parsed.timestampAuthorities).toHaveLength(1);
  });

  it('requires validFor.start of CT log keys', () => {
    const json = {
      ...root({ start: '2024-01-01T00:00:00Z' }),
      ctlogs: [
        {
          baseUrl: 'https://ctfe.example',
          hashAlgorithm: 'SHA2_256',
          publicKey: key,
          logId: { keyId: Buffer.from('ct').toString('base64') },
        },
      ],
    };
    expect(() => parseTrustedRoot(json, 'r')).toThrow(
      'r: ctlogs[0] (https://ctfe.example) has no validFor.start',
    );
  });

  // GitHub's instance (fulcio.githubapp.com, timestamp.githubapp.com) has no transparency log.
  it('accepts a root without transparency logs, "tlogs" absent or empty', () => {
    const withoutTlogs = root({ start: '2024-01-01T00:00:00Z' });
    delete withoutTlogs.tlogs;
    expect(parseTrustedRoot(withoutTlogs, 'r').tlogs).toEqual([]);
    expect(parseTrustedRoot({ ...withoutTlogs, tlogs: [] }, 'r').tlogs).toEqual([]);
  });

  it('says so when given a signing config instead', () => {
    expect(() =>
      parseTrustedRoot(
        { mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json', caUrls: [] },
        'trusted-root (sc.json)',
      ),
    ).toThrow('trusted-root (sc.json): this is a signing config, not a trusted root');
  });
});
