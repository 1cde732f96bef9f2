// The in-process alternative: a loop over @sigstore/verify, one Verifier for all bundles (the
// fastest way to use the library). Usage: node verify-loop.mjs TRUSTED_ROOT IDENTITY ISSUER FILE...
import { readFile } from 'node:fs/promises';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const [trustedRootPath, identity, issuer, ...files] = process.argv.slice(2);
const root = TrustedRoot.fromJSON(JSON.parse(await readFile(trustedRootPath, 'utf8')));
const verifier = new Verifier(toTrustMaterial(root));
const san = new RegExp(`^${identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
for (const file of files) {
  const bundle = bundleFromJSON(JSON.parse(await readFile(`${file}.sigstore.json`, 'utf8')));
  verifier.verify(toSignedEntity(bundle, await readFile(file)), {
    subjectAlternativeName: san,
    extensions: { issuer },
  });
}
console.log(`verified ${files.length}`);
