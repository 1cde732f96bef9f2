// Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) so that both run without
// node_modules: tsc compiles src/ to ESM in build/ (checking types), then ncc bundles each entry.
// dist/ is emptied first: a stale chunk left behind would be committed and shipped.
// Each bundle's licenses.txt names every package bundled in it, with its license text, from
// ncc's module statistics: ncc's own --license misses the packages of the entry chunk (for the
// CLI, all of them but p-map).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const entries = [
  { source: 'build/action/main.js', out: 'dist' },
  { source: 'build/cli/main.js', out: 'dist/cli' },
];

rmSync(path.join(root, 'build'), { recursive: true, force: true });
run([tsc, '-p', 'tsconfig.build.json']);
// The version every request names (User-Agent): package.json's, written over src/version.ts's.
const versionFile = path.join(root, 'build', 'version.js');
if (!existsSync(versionFile)) throw new Error(`${versionFile} missing: src/version.ts moved?`);
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
writeFileSync(versionFile, `export const VERSION = ${JSON.stringify(version)};\n`);
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
for (const { source, out } of entries) {
  const stats = path.join(root, 'build', 'ncc-stats.json');
  run([ncc, 'build', source, '-o', out, '--stats-out', stats, '--quiet']);
  writeFileSync(path.join(root, out, 'licenses.txt'), thirdPartyNotices(stats));
}
rmSync(path.join(root, 'build'), { recursive: true, force: true });

// The CLI is a `bin`: give it a shebang and make it executable.
const cli = path.join(root, 'dist', 'cli', 'index.js');
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);

/**
 * The packages whose files webpack put in a bundle (its stats' modules, concatenated ones
 * included), each with its version, license and license file, sorted.
 */
function thirdPartyNotices(statsPath) {
  const stats = JSON.parse(readFileSync(statsPath, 'utf8'));
  const directories = new Set();
  const visit = (module) => {
    const file = module.nameForCondition ?? '';
    const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    if (at >= 0) {
      const rest = file.slice(at + '/node_modules/'.length).split(path.sep);
      const name = rest[0].startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
      directories.add(path.join(file.slice(0, at), 'node_modules', name));
    }
    for (const inner of module.modules ?? []) visit(inner);
  };
  for (const module of stats.modules ?? []) visit(module);
  const notices = new Map();
  for (const directory of directories) {
    const pkg = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(directory).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = licenseFile
      ? readFileSync(path.join(directory, licenseFile), 'utf8').trim()
      : '(the package has no license file)';
    const license = typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license);
    notices.set(`${pkg.name}@${pkg.version}`, `${pkg.name}@${pkg.version}\n${license}\n${text}\n`);
  }
  return [...notices.keys()]
    .sort()
    .map((key) => notices.get(key))
    .join('\n');
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
