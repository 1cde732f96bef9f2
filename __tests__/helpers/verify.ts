/**
 * An independent verifier: sigstore-js's own @sigstore/verify, used directly, with nothing of
 * this project's code. What it accepts, any sigstore-js based client accepts.
 */
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial, type Signer } from '@sigstore/verify';

export function verifierFor(trustedRootPath: string): Verifier {
  const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(trustedRootPath, 'utf8')));
  return new Verifier(toTrustMaterial(root), {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 1,
  });
}

export function verifyFileBundle(
  verifier: Verifier,
  bundlePath: string,
  artifact: Buffer,
  identity: string,
  issuer: string,
): Signer {
  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  const escaped = identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return verifier.verify(toSignedEntity(bundle, artifact), {
    subjectAlternativeName: new RegExp(`^${escaped}$`),
    extensions: { issuer },
  });
}
