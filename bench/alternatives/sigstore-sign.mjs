// The alternative a straightforward JavaScript action would be: `sigstore.sign()` from the
// `sigstore` package for each file, with the job's ambient OIDC token, sequentially or all at
// once. Usage: node sigstore-sign.mjs sequential|parallel SIGNING_CONFIG FILE...
import { readFile, writeFile } from 'node:fs/promises';
import { sign } from 'sigstore';

const [mode, signingConfigPath, ...files] = process.argv.slice(2);
const config = JSON.parse(await readFile(signingConfigPath, 'utf8'));
const options = {
  fulcioURL: config.caUrls[0].url,
  rekorURL: config.rekorTlogUrls[0].url,
  tsaServerURL: config.tsaUrls?.[0]?.url,
};

async function signFile(file) {
  const bundle = await sign(await readFile(file), options);
  await writeFile(`${file}.sigstore.json`, JSON.stringify(bundle));
}

if (mode === 'parallel') {
  await Promise.all(files.map(signFile));
} else {
  for (const file of files) await signFile(file);
}
