import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SigningConfig } from '@sigstore/protobuf-specs';
import type { SignatureBundle } from '@sigstore/sign';
import { NetworkStats } from '../../../src/net/service-client.js';
import { DEFAULT_RETRY_POLICY, NO_DEADLINE } from '../../../src/net/retry.js';
import {
  createWitnesses,
  MIN_REKOR_V2_TIMEOUT_MS,
  selectServices,
} from '../../../src/sigstore/services.js';
import { selfSignedCertificate } from '../../helpers/certificates.js';
import {
  RekorV1Witness,
  RekorV2Witness,
  TimestampWitness,
} from '../../../src/sigstore/witnesses.js';

interface ServiceJSON {
  url: string;
  majorApiVersion: number;
  validFor: { start: string; end?: string };
  operator: string;
}

const service = (
  url: string,
  majorApiVersion: number,
  start: string,
  end?: string,
  operator = 'sigstore.dev',
): ServiceJSON => ({
  url,
  majorApiVersion,
  validFor: { start, ...(end ? { end } : {}) },
  operator,
});

const NOW = new Date('2026-06-01T00:00:00Z');
const TSA = 'https://timestamp.sigstore.dev/api/v1/timestamp';

// sigstore/root-signing targets/signing_config.v0.2.json (public-good's default).
const production = {
  mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
  caUrls: [service('https://fulcio.sigstore.dev', 1, '2022-04-13T20:06:15.000Z')],
  oidcUrls: [service('https://oauth2.sigstore.dev/auth', 1, '2022-04-13T20:06:15.000Z')],
  rekorTlogUrls: [service('https://rekor.sigstore.dev', 1, '2021-01-12T11:53:27.000Z')],
  tsaUrls: [service(TSA, 1, '2025-07-04T00:00:00Z')],
  rekorTlogConfig: { selector: 'ANY' },
  tsaConfig: { selector: 'ANY' },
};

// sigstore/root-signing targets/signing_config_rekor_v2.v0.2.json (the opt-in one).
const productionRekorV2 = {
  ...production,
  rekorTlogUrls: [
    service('https://log2025-1.rekor.sigstore.dev', 2, '2026-01-01T00:00:00Z'),
    service('https://rekor.sigstore.dev', 1, '2021-01-12T11:53:27.000Z'),
  ],
};

function config(overrides: Record<string, unknown>, base = production): SigningConfig {
  return SigningConfig.fromJSON({ ...base, ...overrides });
}

const v1 = { majorApiVersion: 1, input: 'rekor-version' } as const;
const v2 = { majorApiVersion: 2, input: 'rekor-version' } as const;

describe('selectServices', () => {
  it("reads public-good's default signing config: Rekor v1 and the TSA", () => {
    expect(selectServices(config({}), { now: NOW })).toEqual({
      fulcioURL: 'https://fulcio.sigstore.dev',
      logs: [{ url: 'https://rekor.sigstore.dev', majorApiVersion: 1 }],
      tsaURLs: [TSA],
    });
  });

  it("reads public-good's opt-in Rekor v2 config: the highest API version first", () => {
    expect(selectServices(config({}, productionRekorV2), { now: NOW }).logs).toEqual([
      { url: 'https://log2025-1.rekor.sigstore.dev', majorApiVersion: 2 },
    ]);
  });

  it('prefers the highest supported version over a newer start, then the newest start', () => {
    const services = selectServices(
      config({
        rekorTlogUrls: [
          service('https://v1-newest', 1, '2026-05-01T00:00:00Z'),
          service('https://v2-old', 2, '2025-01-01T00:00:00Z'),
          service('https://v2-new', 2, '2025-02-01T00:00:00Z'),
          service('https://future-v3', 3, '2025-06-01T00:00:00Z'),
          service('https://ended', 2, '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'),
          service('https://not-yet', 2, '2027-01-01T00:00:00Z'),
        ],
      }),
      { now: NOW },
    );
    expect(services.logs).toEqual([{ url: 'https://v2-new', majorApiVersion: 2 }]);
  });

  it('treats validity windows as inclusive of both ends', () => {
    const services = selectServices(
      config({
        rekorTlogUrls: [
          service('https://ends-now', 1, '2021-01-01T00:00:00Z', NOW.toISOString()),
          service('https://starts-now', 1, NOW.toISOString(), undefined, 'other.dev'),
        ],
        rekorTlogConfig: { selector: 'ALL' },
      }),
      { now: NOW },
    );
    expect(services.logs.map((l) => l.url)).toEqual(['https://starts-now', 'https://ends-now']);
  });

  describe('selectors', () => {
    const threeOperators = [
      service('https://a-old', 1, '2021-01-01T00:00:00Z', undefined, 'a.dev'),
      service('https://a-new', 1, '2024-01-01T00:00:00Z', undefined, 'a.dev'),
      service('https://b', 1, '2023-01-01T00:00:00Z', undefined, 'b.dev'),
      service('https://c', 1, '2022-01-01T00:00:00Z', undefined, 'c.dev'),
      service('https://v2-other', 2, '2025-01-01T00:00:00Z', undefined, 'd.dev'),
    ];

    it('ALL: every usable log of the highest version, one (the newest) per operator', () => {
      const logs = selectServices(
        config({
          rekorTlogUrls: threeOperators.slice(0, 4),
          rekorTlogConfig: { selector: 'ALL' },
        }),
        { now: NOW },
      ).logs;
      expect(logs.map((l) => l.url)).toEqual(['https://a-new', 'https://b', 'https://c']);
    });

    it('ALL never mixes API versions (protobuf-specs: "only the highest supported API version")', () => {
      const logs = selectServices(
        config({
          rekorTlogUrls: threeOperators,
          rekorTlogConfig: { selector: 'ALL' },
        }),
        { now: NOW },
      ).logs;
      expect(logs).toEqual([{ url: 'https://v2-other', majorApiVersion: 2 }]);
    });

    it('EXACT n: the n newest, one per operator', () => {
      const logs = selectServices(
        config({
          rekorTlogUrls: threeOperators.slice(0, 4),
          rekorTlogConfig: { selector: 'EXACT', count: 2 },
        }),
        { now: NOW },
      ).logs;
      expect(logs.map((l) => l.url)).toEqual(['https://a-new', 'https://b']);
    });

    it('EXACT n with fewer usable services (two of one operator count once) is an error', () => {
      expect(() =>
        selectServices(
          config({
            rekorTlogUrls: threeOperators.slice(0, 2),
            rekorTlogConfig: { selector: 'EXACT', count: 2 },
          }),
          { now: NOW, configName: 'signing-config (x.json)' },
        ),
      ).toThrow(
        'signing-config (x.json): rekorTlogConfig asks for EXACT 2 services, but rekorTlogUrls has 1 usable',
      );
      expect(() =>
        selectServices(
          config({
            rekorTlogUrls: threeOperators.slice(0, 4),
            rekorTlogConfig: { selector: 'EXACT', count: 0 },
          }),
          { now: NOW },
        ),
      ).toThrow(/EXACT with count 0; the count must be at least 1/);
    });

    it('applies the TSA selector too', () => {
      const tsas = [
        service('https://tsa-a/api/v1/timestamp', 1, '2025-01-01T00:00:00Z', undefined, 'a.dev'),
        service('https://tsa-b/api/v1/timestamp', 1, '2025-02-01T00:00:00Z', undefined, 'b.dev'),
      ];
      const all = selectServices(config({ tsaUrls: tsas, tsaConfig: { selector: 'ALL' } }), {
        now: NOW,
      });
      expect(all.tsaURLs).toEqual([
        'https://tsa-b/api/v1/timestamp',
        'https://tsa-a/api/v1/timestamp',
      ]);
      const any = selectServices(config({ tsaUrls: tsas, tsaConfig: { selector: 'ANY' } }), {
        now: NOW,
      });
      expect(any.tsaURLs).toEqual(['https://tsa-b/api/v1/timestamp']);
      expect(() =>
        selectServices(config({ tsaUrls: tsas, tsaConfig: { selector: 'EXACT', count: 3 } }), {
          now: NOW,
        }),
      ).toThrow(/tsaConfig asks for EXACT 3 services, but tsaUrls has 2 usable/);
    });

    it('a missing config means ANY; SERVICE_SELECTOR_UNDEFINED is an error', () => {
      const withoutConfig: Record<string, unknown> = { ...production };
      delete withoutConfig.rekorTlogConfig;
      expect(selectServices(SigningConfig.fromJSON(withoutConfig), { now: NOW }).logs).toHaveLength(
        1,
      );
      expect(() => selectServices(config({ rekorTlogConfig: {} }), { now: NOW })).toThrow(
        /rekorTlogConfig\.selector is SERVICE_SELECTOR_UNDEFINED; a signing config must say ALL, ANY or EXACT/,
      );
    });
  });

  describe('rekor-version', () => {
    it('2 keeps only Rekor v2 logs; 1 only Rekor v1 logs', () => {
      const opted = config({}, productionRekorV2);
      expect(selectServices(opted, { now: NOW, rekorVersion: v2 }).logs).toEqual([
        { url: 'https://log2025-1.rekor.sigstore.dev', majorApiVersion: 2 },
      ]);
      expect(selectServices(opted, { now: NOW, rekorVersion: v1 }).logs).toEqual([
        { url: 'https://rekor.sigstore.dev', majorApiVersion: 1 },
      ]);
    });

    it('no log of the forced version: an error naming the input and the fix', () => {
      expect(() =>
        selectServices(config({}), {
          now: NOW,
          rekorVersion: v2,
          configName: 'the signing config of Sigstore public-good (signing_config.v0.2.json)',
        }),
      ).toThrow(
        'rekor-version is 2, but the signing config of Sigstore public-good (signing_config.v0.2.json) lists no Rekor v2 log valid now (rekorTlogUrls with majorApiVersion 2): this instance does not offer Rekor v2; remove rekor-version (or set it to 1).',
      );
      const v2Only = config({ rekorTlogUrls: [productionRekorV2.rekorTlogUrls[0]] });
      expect(() =>
        selectServices(v2Only, {
          now: NOW,
          rekorVersion: { majorApiVersion: 1, input: '--rekor-version' },
        }),
      ).toThrow(
        /^--rekor-version is 1, but .* remove --rekor-version to use the instance's own log\.$/,
      );
    });
  });

  it('refuses a config without a log, or Rekor v2 without a TSA', () => {
    expect(() => selectServices(config({ rekorTlogUrls: [] }), { now: NOW })).toThrow(
      /no transparency log/,
    );
    expect(() =>
      selectServices(
        config({ rekorTlogUrls: [service('https://v2', 2, '2025-01-01T00:00:00Z')], tsaUrls: [] }),
        { now: NOW },
      ),
    ).toThrow(/Rekor v2 but lists no usable timestamp authority/);
  });

  it('refuses a config without a usable CA', () => {
    expect(() =>
      selectServices(config({ caUrls: [service('https://ca', 2, '2022-01-01T00:00:00Z')] }), {
        now: NOW,
      }),
    ).toThrow(/no usable certificate authority/);
  });
});

describe('createWitnesses', () => {
  const network = {
    policy: DEFAULT_RETRY_POLICY,
    deadline: NO_DEADLINE,
    stats: new NetworkStats(),
  };

  it('makes one witness per selected log and TSA', () => {
    const witnesses = createWitnesses(
      {
        fulcioURL: 'https://fulcio',
        logs: [
          { url: 'https://rekor-a', majorApiVersion: 1 },
          { url: 'https://rekor-b', majorApiVersion: 1 },
        ],
        tsaURLs: ['https://tsa-a/api/v1/timestamp', 'https://tsa-b/api/v1/timestamp'],
      },
      network,
    );
    expect(witnesses.map((w) => w.constructor)).toEqual([
      RekorV1Witness,
      RekorV1Witness,
      TimestampWitness,
      TimestampWitness,
    ]);
    const v2Witnesses = createWitnesses(
      {
        fulcioURL: 'https://fulcio',
        logs: [{ url: 'https://v2', majorApiVersion: 2 }],
        tsaURLs: [],
      },
      network,
    );
    expect(v2Witnesses[0]).toBeInstanceOf(RekorV2Witness);
  });

  describe('per-attempt timeouts', () => {
    // A log that answers only after 400 ms (then with a 503, so no answer has to be parsed).
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        req.resume();
        setTimeout(() => {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end('{"code":14,"message":"slow log"}');
        }, 400);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const content: SignatureBundle = {
      $case: 'messageSignature',
      messageSignature: {
        messageDigest: { algorithm: 1, digest: Buffer.alloc(32, 1) },
        signature: Buffer.from('signature'),
      },
    };
    // A real certificate: the Rekor v2 request names its key's algorithm.
    const { pem } = selfSignedCertificate();

    it("Rekor v2 gets at least 30 s per attempt (rekor-tiles' client, sigstore-go); v1 the run's timeout", async () => {
      expect(MIN_REKOR_V2_TIMEOUT_MS).toBe(30_000);
      const short = {
        ...network,
        policy: { ...DEFAULT_RETRY_POLICY, retries: 0, timeoutMs: 100 },
      };
      const [rekorV1, rekorV2] = createWitnesses(
        {
          fulcioURL: 'https://fulcio',
          logs: [
            { url, majorApiVersion: 1 },
            { url, majorApiVersion: 2 },
          ],
          tsaURLs: [],
        },
        short,
      );
      // v1 gives up after 100 ms; v2 waits for the answer (and reports the 503 it got).
      await expect(rekorV1.testify(content, pem)).rejects.toThrow(
        /no complete answer within 0.1 s/,
      );
      await expect(rekorV2.testify(content, pem)).rejects.toThrow(/503/);
    });
  });
});
