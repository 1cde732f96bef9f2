import { X509Certificate } from '@sigstore/core';
import { spawnStack, type StackProcess } from '../helpers/stack.js';
import { leafPem, requestCertificate } from './fixtures.js';

describe('/__stats', () => {
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await spawnStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('counts every request per service, whatever its status, and not itself', async () => {
    expect(await stack.stats()).toEqual({
      oidc: 0,
      fulcio: 0,
      rekor: 0,
      rekorV2: 0,
      rekorV2Other: 0,
      tsa: 0,
      tuf: 0,
      token: 0,
      github: 0,
      uploads: 0,
      downloads: 0,
      results: 0,
      blob: 0,
      openapiViolations: 0,
      contractViolations: 0,
      faults: {},
    });
    const url = stack.url;
    const statuses = await Promise.all([
      fetch(`${url}/oidc/token?api-version=2.0`).then((r) => r.status), // 401: no bearer
      fetch(`${url}/oidc/.well-known/jwks`).then((r) => r.status),
      fetch(`${url}/fulcio/api/v2/signingCert`).then((r) => r.status), // 501: grpc-gateway's 405
      fetch(`${url}/rekor/api/v1/log`).then((r) => r.status),
      fetch(`${url}/rekor2/api/v2/log/entries`, { method: 'POST', body: '{}' }).then(
        (r) => r.status,
      ), // 400
      fetch(`${url}/tsa/api/v1/timestamp`, { method: 'POST', body: '{}' }).then((r) => r.status), // 415: text/plain
      fetch(`${url}/tuf/timestamp.json`).then((r) => r.status),
      fetch(`${url}/tuf/2.root.json`).then((r) => r.status), // 404
      fetch(`${url}/__token`, { method: 'POST', body: '{}' }).then((r) => r.status),
      fetch(`${url}/not-a-service`).then((r) => r.status), // 404, no service
      fetch(`${url}/api/repos/octo-org/octo-repo/releases`).then((r) => r.status),
      fetch(`${url}/api/repos/octo-org/octo-repo/releases/tags/none`).then((r) => r.status), // 404
      fetch(`${url}/uploads/repos/octo-org/octo-repo/releases/1/assets?name=a`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'a',
      }).then((r) => r.status), // 401: uploads need a token
      fetch(`${url}/download/octo-org/octo-repo/releases/download/v1/a`).then((r) => r.status), // 404
      fetch(`${url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status), // 401: no runtime token
      fetch(`${url}/__job`, { method: 'POST' }).then((r) => r.status), // admin, not counted
      fetch(`${url}/blob/devstoreaccount1/actions-results/none`).then((r) => r.status), // 403: no SAS
    ]);
    expect(statuses).toEqual([
      401, 200, 501, 200, 400, 415, 200, 404, 200, 404, 200, 404, 401, 404, 401, 200, 403,
    ]);
    await stack.stats();
    expect(await stack.stats()).toEqual({
      oidc: 2,
      fulcio: 1,
      rekor: 1,
      rekorV2: 1,
      rekorV2Other: 0,
      tsa: 1,
      tuf: 2,
      token: 1,
      github: 2,
      uploads: 1,
      downloads: 1,
      results: 1,
      blob: 1,
      openapiViolations: 0,
      contractViolations: 0,
      faults: {},
    });
  });
});

describe('--latency-ms and --cert-validity-seconds', () => {
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await spawnStack({ latencyMs: 200, certValiditySeconds: 30 });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('delays a service response by at least the latency', async () => {
    const t0 = performance.now();
    const res = await fetch(`${stack.url}/tuf/timestamp.json`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
  });

  it('issues certificates with the configured validity', async () => {
    const cert = X509Certificate.parse(
      leafPem(await requestCertificate(stack, await stack.mintToken())),
    );
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(30_000);
  });
});
