import { SigningConfig } from '@sigstore/protobuf-specs';
import { selectServices } from '../../../src/sigstore/services.js';

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
): ServiceJSON => ({
  url,
  majorApiVersion,
  validFor: { start, ...(end ? { end } : {}) },
  operator: 'test',
});

// The shape of the public-good signing config (v0.2).
const production = {
  mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
  caUrls: [service('https://fulcio.sigstore.dev', 1, '2022-04-13T20:06:15Z')],
  oidcUrls: [service('https://oauth2.sigstore.dev/auth', 1, '2022-04-13T20:06:15Z')],
  rekorTlogUrls: [service('https://rekor.sigstore.dev', 1, '2021-01-12T11:53:27Z')],
  tsaUrls: [service('https://timestamp.sigstore.dev/api/v1/timestamp', 1, '2025-07-04T00:00:00Z')],
  rekorTlogConfig: { selector: 'ANY' },
  tsaConfig: { selector: 'ANY' },
};

function config(overrides: Record<string, unknown>): SigningConfig {
  return SigningConfig.fromJSON({ ...production, ...overrides });
}

describe('selectServices', () => {
  it('reads the public-good signing config', () => {
    expect(selectServices(config({}))).toEqual({
      fulcioURL: 'https://fulcio.sigstore.dev',
      rekor: { url: 'https://rekor.sigstore.dev', majorApiVersion: 1 },
      tsaURL: 'https://timestamp.sigstore.dev/api/v1/timestamp',
    });
  });

  it('prefers the newest valid log of a supported version', () => {
    const services = selectServices(
      config({
        rekorTlogUrls: [
          service('https://old', 1, '2021-01-01T00:00:00Z'),
          service('https://v2', 2, '2025-01-01T00:00:00Z'),
          service('https://future-v3', 3, '2025-06-01T00:00:00Z'),
          service('https://ended', 2, '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'),
        ],
      }),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(services.rekor).toEqual({ url: 'https://v2', majorApiVersion: 2 });
  });

  it('refuses a config without a log, or Rekor v2 without a TSA', () => {
    expect(() => selectServices(config({ rekorTlogUrls: [] }))).toThrow(/no transparency log/);
    expect(() =>
      selectServices(
        config({ rekorTlogUrls: [service('https://v2', 2, '2025-01-01T00:00:00Z')], tsaUrls: [] }),
      ),
    ).toThrow(/Rekor v2 but lists no usable timestamp authority/);
  });

  it('refuses a config without a usable CA', () => {
    expect(() =>
      selectServices(config({ caUrls: [service('https://ca', 2, '2022-01-01T00:00:00Z')] })),
    ).toThrow(/no usable certificate authority/);
  });
});
