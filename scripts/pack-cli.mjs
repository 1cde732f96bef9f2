// Packs the command line as a package of its own: the ncc bundle dist/cli/ (already built by
// `npm run package`: one file with its chunks and licenses.txt), a package.json with the `bin`
// and no dependencies, and a README. No node_modules, no Node binary, none of the sources: it is
// what `npm install --global` or `npx` of the tarball installs, and what the release workflow
// attaches to the project's own releases.
//
// Usage: node scripts/pack-cli.mjs [--destination DIR]
//   Writes DIR/sigstore-action-cli-<version>.tgz (DIR: default build/), and prints the
//   tarball's path on the last line. The package's directory is staged in a temporary folder,
//   removed afterwards: no copy of the bundle is left in the repository for the linters to read.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const CLI_PACKAGE_NAME = 'sigstore-action-cli';

function main() {
  const { values } = parseArgs({ options: { destination: { type: 'string' } } });
  const destination = path.resolve(values.destination ?? path.join(root, 'build'));
  const bundle = path.join(root, 'dist', 'cli');
  if (!existsSync(path.join(bundle, 'index.js'))) {
    fail('dist/cli/index.js is missing: run `npm run package` first.');
  }
  const project = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const staging = mkdtempSync(path.join(tmpdir(), 'sigstore-action-cli-'));
  try {
    pack(project, bundle, path.join(staging, 'package'), destination);
  } catch (err) {
    console.error(`pack-cli: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1; // not exit(): the staging folder is removed first
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function pack(project, bundle, directory, destination) {
  mkdirSync(directory);
  cpSync(bundle, path.join(directory, 'dist'), { recursive: true });
  writeFileSync(
    path.join(directory, 'package.json'),
    `${JSON.stringify(cliPackageJSON(project), null, 2)}\n`,
  );
  writeFileSync(path.join(directory, 'README.md'), cliReadme(project.version));

  mkdirSync(destination, { recursive: true });
  const npm = spawnSync(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    { cwd: directory, encoding: 'utf8' },
  );
  if (npm.status !== 0) throw new Error(`npm pack failed:\n${npm.stderr}`);
  const [packed] = JSON.parse(npm.stdout);
  const tarball = path.join(destination, packed.filename);
  console.log(
    `${packed.filename}: ${packed.entryCount} files, ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked`,
  );
  console.log(tarball);
}

/**
 * The CLI package's package.json. `engines` is the project's own: the bundle holds sigstore-js,
 * whose packages need it (a unit test compares them); no `dependencies`: everything is bundled.
 * `private` keeps it off the npm registry, where the name is not this project's: the package is
 * distributed as a release asset.
 */
export function cliPackageJSON(project) {
  return {
    name: CLI_PACKAGE_NAME,
    version: project.version,
    description:
      'The command line of sigstore-action: sign and verify files with Sigstore (one bundled file, no dependencies).',
    license: project.license,
    private: true,
    type: 'module',
    bin: { 'sigstore-action': 'dist/index.js' },
    engines: project.engines,
    files: ['dist'],
  };
}

function cliReadme(version) {
  return `# sigstore-action-cli ${version}

The command line of [sigstore-action](https://github.com/sigstore-action/sigstore-action): sign
files with Sigstore keyless signing, and verify them, with the engine the GitHub Action uses.
One bundled JavaScript file: no dependencies, no install scripts. It runs on the \`node\` found on
your PATH (see \`engines\`).

\`\`\`sh
npm install --global ./sigstore-action-cli-${version}.tgz     # or: npx --yes <URL of the tarball> verify ...
sigstore-action verify --cert-identity "$ID" 'dist/*'      # exit 1 if any file fails
sigstore-action sign --identity-token "$TOKEN" file.bin     # in a GitHub Actions job: the job's token
sigstore-action --help
\`\`\`

\`dist/licenses.txt\` lists the bundled packages and their licenses.
`;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function fail(message) {
  console.error(`pack-cli: ${message}`);
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
