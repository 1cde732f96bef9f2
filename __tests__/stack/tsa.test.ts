// Every timestamp must verify (@sigstore/mock's TSA fails 7-10% of them on genTime fractions).
// Each of 300 fresh timestamps is put into a Rekor v2 bundle, where it is the only timestamp,
// and the whole bundle is verified by @sigstore/verify.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { bundleFromJSON, bundleToJSON } from '@sigstore/bundle';
import { RFC3161Timestamp } from '@sigstore/core';
import { SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs';
import { bundleBuilderFromSigningConfig, CIContextProvider } from '@sigstore/sign';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { spawnStack, type StackProcess } from '../helpers/stack.js';

const ROUNDS = 300;

describe('the timestamp authority', () => {
  let stack: StackProcess;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    stack = await spawnStack();
    for (const name of [
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'NO_PROXY',
    ]) {
      process.env[name] = stack.env[name];
    }
  });
  afterAll(async () => {
    process.env = savedEnv;
    await stack.stop();
  });

  it(`issues ${ROUNDS} timestamps in a row that all verify`, async () => {
    const artifact = Buffer.from('timestamped artifact\n');
    const builder = bundleBuilderFromSigningConfig({
      signingConfig: SigningConfig.fromJSON(
        JSON.parse(await readFile(stack.env.STACK_SIGNING_CONFIG_REKOR_V2, 'utf8')),
      ),
      identityProvider: new CIContextProvider('sigstore'),
      bundleType: 'messageSignature',
    });
    const json = bundleToJSON(await builder.create({ data: artifact }));
    const trustedRoot = TrustedRoot.fromJSON(
      JSON.parse(await readFile(stack.env.STACK_TRUSTED_ROOT, 'utf8')),
    );
    const verifier = new Verifier(toTrustMaterial(trustedRoot));
    const signature = Buffer.from(
      (json as { messageSignature: { signature: string } }).messageSignature.signature,
      'base64',
    );
    const timestamps = json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
    expect(timestamps).toHaveLength(1);
    expect(json.verificationMaterial.tlogEntries[0].inclusionPromise).toBeUndefined();

    let failures = 0;
    for (let i = 0; i < ROUNDS; i++) {
      // What @sigstore/sign's TSAWitness sends: the SHA-256 of the signature.
      const res = await fetch(`${stack.url}/tsa/api/v1/timestamp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          artifactHash: createHash('sha256').update(signature).digest('base64'),
          hashAlgorithm: 'sha256',
        }),
      });
      // The server's default (--use-http-201=false): 200 OK.
      expect(res.status).toBe(200);
      const response = Buffer.from(await res.arrayBuffer());
      expect(RFC3161Timestamp.parse(response).signingTime.getMilliseconds()).toBe(0);
      timestamps[0].signedTimestamp = response.toString('base64');
      try {
        verifier.verify(toSignedEntity(bundleFromJSON(json), artifact));
      } catch {
        failures++;
      }
    }
    expect(failures).toBe(0);
  });

  it('rejects a request whose hash does not fit the algorithm', async () => {
    const res = await fetch(`${stack.url}/tsa/api/v1/timestamp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        artifactHash: Buffer.alloc(20).toString('base64'),
        hashAlgorithm: 'sha256',
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 400,
      message: 'Message digest has incorrect length for specified algorithm',
    });
  });
});
