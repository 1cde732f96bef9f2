import * as core from '@actions/core';
import { ActionError } from '../errors.js';
import { printable } from '../report/log-text.js';
import type { IdentityProvider, TokenClaims } from './identity.js';

/**
 * Signing with the public-good (or staging) instance writes the certificate, and with it the
 * repository, workflow, ref and commit, into a public transparency log that can never be
 * edited. For a private or internal repository that is a disclosure, so it needs the user's
 * explicit yes (`allow-private-repository`). GitHub's tokens say the repository's visibility in
 * their `repository_visibility` claim. A token without it (not a GitHub Actions token, or one
 * from a GitHub that does not say) cannot show that the repository is public, so it is treated
 * as private: fail closed.
 */
export function checkPublicLogDisclosure(
  claims: TokenClaims,
  options: { instanceName: string; allowPrivateRepository: boolean },
): void {
  const visibility = claims.repository_visibility;
  if (visibility === 'public') return;
  const repository = typeof claims.repository === 'string' ? claims.repository : 'this repository';
  const known = typeof visibility === 'string';
  if (!options.allowPrivateRepository) {
    throw new ActionError(
      'PRIVATE_REPOSITORY',
      known
        ? `${repository} is ${visibility}, and signing with ${options.instanceName} records its name, workflow, ref and commit ` +
            'in a public transparency log, permanently. Set allow-private-repository: true if that is acceptable, ' +
            'or sign with a private Sigstore instance (signing-config and trusted-root).'
        : `the identity token does not say whether ${repository} is public (it has no repository_visibility claim), ` +
            `and signing with ${options.instanceName} records the token's identity in a public transparency log, permanently; ` +
            'so it is treated as private. Set allow-private-repository: true if that identity may be public, ' +
            'or sign with a private Sigstore instance (signing-config and trusted-root).',
    );
  }
  core.warning(
    known
      ? `${printable(repository)} is ${printable(visibility)}: its name, workflow, ref and commit will be public in ${options.instanceName}'s transparency log (allow-private-repository is true).`
      : `the identity token does not say whether ${printable(repository)} is public: its identity will be public in ${options.instanceName}'s transparency log (allow-private-repository is true).`,
  );
}

/**
 * Fetches the first token once for the checks made before any certificate (`peek`, as often as
 * needed), and hands that same token to the first certificate request, so the checks cost no
 * extra request to the runner. Later calls fetch fresh tokens.
 */
export class FirstTokenReuse implements IdentityProvider {
  private first?: Promise<string>;
  private used = false;

  constructor(private readonly inner: IdentityProvider) {}

  preflight(): void {
    this.inner.preflight?.();
  }

  /** The first token, for a check; it is still handed out by the next getToken. */
  peek(): Promise<string> {
    this.first ??= this.inner.getToken();
    return this.first;
  }

  getToken(): Promise<string> {
    if (this.used) return this.inner.getToken();
    this.used = true;
    return this.peek();
  }
}
