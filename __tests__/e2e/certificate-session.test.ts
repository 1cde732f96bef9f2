/**
 * The certificate session against the stack's real Fulcio: one certificate shared by concurrent
 * callers, renewed once 3/4 of its lifetime has passed. Time is injected; nothing is mocked.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from '@sigstore/core';
import { networkOptions } from '../../src/net/service-client.js';
import { CertificateSession } from '../../src/sigstore/certificate.js';
import { StaticIdentityProvider } from '../../src/sigstore/identity.js';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

let stack: StackProcess;
beforeAll(async () => {
  stack = await spawnStack({ certValiditySeconds: 600 });
});
afterAll(async () => {
  await stack?.stop();
});

function fulcioURL(): string {
  const config = JSON.parse(readFileSync(stack.env.STACK_SIGNING_CONFIG, 'utf8')) as {
    caUrls: { url: string }[];
  };
  return config.caUrls[0].url;
}

it('shares one certificate between concurrent callers and renews it before it expires', async () => {
  let now = Date.now();
  const session = new CertificateSession({
    fulcioURL: fulcioURL(),
    identityProvider: new StaticIdentityProvider(await stack.mintToken({ expiresInSeconds: 3600 })),
    network: networkOptions(),
    now: () => now,
  });
  const before = await stack.stats();
  const credentials = await Promise.all(Array.from({ length: 20 }, () => session.credential()));
  expect(new Set(credentials).size).toBe(1);
  expect((await stack.stats()).fulcio - before.fulcio).toBe(1);

  const first = credentials[0];
  const lifetime = first.notAfter.getTime() - first.notBefore.getTime();
  expect(lifetime).toBe(600_000);
  expect(first.identity).toBe(stack.env.STACK_IDENTITY);

  now = first.notBefore.getTime() + lifetime * 0.7;
  expect(await session.credential()).toBe(first);
  now = first.notBefore.getTime() + lifetime * 0.76;
  const renewed = await session.credential();
  expect(renewed).not.toBe(first);
  expect(renewed.certificatePEM).not.toBe(first.certificatePEM);
  expect(session.issued).toBe(2);
  expect((await stack.stats()).fulcio - before.fulcio).toBe(2);
  // A new key, certified for the same identity.
  expect(X509Certificate.parse(renewed.certificatePEM).publicKey).not.toEqual(
    X509Certificate.parse(first.certificatePEM).publicKey,
  );
});
