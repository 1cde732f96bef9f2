import type { X509Certificate } from '@sigstore/core';
import type { TrustMaterial } from '@sigstore/verify';

/**
 * The trusted root's CA and TSA certificates, wrapped so that the pure, costly checks on them
 * are computed once per verifier instead of once per bundle. @sigstore/verify rebuilds every
 * chain from scratch for each bundle, and @sigstore/core re-encodes a certificate to DER for
 * each signature check and each comparison; for a TSA timestamp the whole chain is made of these
 * trusted certificates, so after the first bundle its checks are lookups. Only results that do
 * not depend on time are kept (signature checks, equality, the public key): validity at the
 * signing time is still checked every time, by @sigstore/verify itself.
 */
export function withMemoizedCertificates(trust: TrustMaterial): TrustMaterial {
  const wrap = (chain: X509Certificate[]): X509Certificate[] => chain.map(memoized);
  return {
    ...trust,
    certificateAuthorities: trust.certificateAuthorities.map((ca) => ({
      ...ca,
      certChain: wrap(ca.certChain),
    })),
    timestampAuthorities: trust.timestampAuthorities.map((ca) => ({
      ...ca,
      certChain: wrap(ca.certChain),
    })),
  };
}

const SELF = {};

function memoized(cert: X509Certificate): X509Certificate {
  // Inherits every property and getter of the certificate; overrides the three pure, costly ones.
  const wrapper = Object.create(cert) as X509Certificate;
  const publicKey = cert.publicKey;
  const verified = new WeakMap<object, boolean>();
  const equal = new WeakMap<object, boolean>();
  Object.defineProperties(wrapper, {
    publicKey: { value: publicKey },
    verify: {
      value: (issuer?: X509Certificate): boolean => {
        const key = issuer ?? SELF;
        let result = verified.get(key);
        if (result === undefined) {
          result = cert.verify.call(wrapper, issuer);
          verified.set(key, result);
        }
        return result;
      },
    },
    equals: {
      value: (other: X509Certificate): boolean => {
        let result = equal.get(other);
        if (result === undefined) {
          result = other === wrapper || cert.equals(other);
          equal.set(other, result);
        }
        return result;
      },
    },
  });
  return wrapper;
}
