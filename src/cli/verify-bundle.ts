import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ActionError } from '../errors.js';
import { loadTrustedRoot } from '../sigstore/instance.js';
import { BundleVerifier, type SignerRequirement } from '../verify/bundle-verifier.js';
import { buildPolicy } from '../verify/policy.js';
import { readBundle, verifyArtifact, type Artifact } from '../verify/verify-file.js';
import { digestArgument, type VerifyBundleOptions } from './args.js';

/** sigstore-conformance `verify-bundle`: one bundle, one file or digest; throws when it fails. */
export async function verifyBundleCommand(options: VerifyBundleOptions): Promise<string> {
  const { trustedRoot } = await loadTrustedRoot(
    options.trustedRootPath
      ? { kind: 'file', trustedRootPath: options.trustedRootPath }
      : { kind: options.staging ? 'staging' : 'public-good' },
  );
  let managedKey: string | undefined;
  if (options.keyPath) {
    try {
      managedKey = readFileSync(options.keyPath, 'utf8');
    } catch (err) {
      throw new ActionError(
        'INPUT_INVALID',
        `--key: cannot read ${options.keyPath} (${(err as Error).message})`,
      );
    }
  }
  const verifier = new BundleVerifier(trustedRoot, managedKey);
  const signer: SignerRequirement = options.keyPath
    ? { kind: 'key' }
    : {
        kind: 'identity',
        // The conformance protocol's verify-bundle checks the identity and the issuer it is
        // given, nothing more (as sigstore-python's `verify identity`): the source repository is
        // not pinned here. `verify` pins it.
        policy: buildPolicy(
          {
            certIdentity: options.identity,
            certOidcIssuer: options.issuer,
            claims: {},
            pinSourceRepository: false,
          },
          (input) => `--${input.replace('cert-', 'certificate-')}`,
        ),
      };
  const digest = digestArgument(options.artifact);
  const artifact: Artifact = digest
    ? { kind: 'digest', sha256: digest, displayPath: options.artifact }
    : { kind: 'file', path: path.resolve(options.artifact), displayPath: options.artifact };
  const verified = await verifyArtifact(
    verifier,
    artifact,
    await readBundle(options.bundlePath, options.bundlePath),
    signer,
  );
  return verified.claims.identity ?? 'the given key';
}
