/**
 * BundleVerifier keeps results between bundles (certificate chains checked once per leaf over
 * a validity interval, trusted certificates' signature checks memoized). The conformance suite
 * runs one bundle per process, where nothing is reused; here every case of the suite goes
 * through ONE verifier per trusted root, forwards and then backwards, so that a case that
 * passes first cannot lend its cached checks to a case that must fail, and the other way round.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrustedRoot } from '../../../src/sigstore/instance.js';
import { BundleVerifier, type SignerRequirement } from '../../../src/verify/bundle-verifier.js';
import { buildPolicy } from '../../../src/verify/policy.js';
import { verifyArtifact } from '../../../src/verify/verify-file.js';

const SUITE = ['../shared/conformance', '/work/shared/conformance']
  .map((p) => path.resolve(p))
  .find((p) => existsSync(path.join(p, 'bundle-verify')));
const DEFAULT_ID =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

interface Case {
  name: string;
  dir: string;
  root: string;
}

function cases(suite: string): Case[] {
  const base = path.join(suite, 'bundle-verify');
  return readdirSync(base)
    .filter((d) => existsSync(path.join(base, d, 'bundle.sigstore.json')))
    .map((d) => ({
      name: d,
      dir: path.join(base, d),
      root: existsSync(path.join(base, d, 'trusted_root.json'))
        ? path.join(base, d, 'trusted_root.json')
        : path.join(suite, 'trusted-roots', 'production.trusted_root.json'),
    }));
}

async function outcome(verifier: BundleVerifier | undefined, c: Case): Promise<boolean> {
  if (!verifier) return false; // a root that does not load fails every case under it
  const read = (f: string): string | undefined =>
    existsSync(path.join(c.dir, f)) ? readFileSync(path.join(c.dir, f), 'utf8').trim() : undefined;
  const keyFile = path.join(c.dir, 'key.pub');
  const signer: SignerRequirement = existsSync(keyFile)
    ? { kind: 'key' }
    : {
        kind: 'identity',
        policy: buildPolicy(
          {
            certIdentity: read('identity') ?? DEFAULT_ID,
            certOidcIssuer: read('issuer') ?? DEFAULT_ISSUER,
            claims: {},
            // verify-bundle's semantics: the identity and the issuer only (some cases' hand-made
            // GitHub certificates name no source repository).
            pinSourceRepository: false,
          },
          (i) => i,
        ),
      };
  const artifact = existsSync(path.join(c.dir, 'artifact'))
    ? path.join(c.dir, 'artifact')
    : path.join(c.dir, '..', 'a.txt');
  try {
    let bundle: unknown;
    try {
      bundle = JSON.parse(readFileSync(path.join(c.dir, 'bundle.sigstore.json'), 'utf8'));
    } catch {
      return false;
    }
    await verifyArtifact(
      verifier,
      { kind: 'file', path: artifact, displayPath: c.name },
      bundle,
      signer,
    );
    return true;
  } catch {
    return false;
  }
}

(SUITE ? describe : describe.skip)(
  'one BundleVerifier for many bundles (conformance cases)',
  () => {
    it('gives every case its expected result, forwards and backwards', async () => {
      const all = cases(SUITE!);
      const verifiers = new Map<string, BundleVerifier | undefined>();
      const verifierFor = (c: Case): BundleVerifier | undefined => {
        const keyFile = path.join(c.dir, 'key.pub');
        const key = `${c.root}|${existsSync(keyFile) ? keyFile : ''}`;
        if (!verifiers.has(key)) {
          try {
            const root = parseTrustedRoot(JSON.parse(readFileSync(c.root, 'utf8')), c.root);
            verifiers.set(
              key,
              new BundleVerifier(
                root,
                existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : undefined,
              ),
            );
          } catch {
            verifiers.set(key, undefined);
          }
        }
        return verifiers.get(key);
      };
      const wrong: string[] = [];
      for (const order of [all, [...all].reverse()]) {
        for (const c of order) {
          const passed = await outcome(verifierFor(c), c);
          if (passed === c.name.endsWith('fail'))
            wrong.push(`${c.name}: ${passed ? 'passed' : 'failed'}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(all.length).toBeGreaterThanOrEqual(70);
    });
  },
);
