// Bundles the action (dist/index.js) and the CLI (dist/cli/index.js) so that both run without
// node_modules: tsc compiles src/ to ESM in build/ (checking types), then ncc bundles each entry.
// dist/ is emptied first: a stale chunk left behind would be committed and shipped.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  run([ncc, 'build', source, '-o', out, '--license', 'licenses.txt', '--quiet']);
}
rmSync(path.join(root, 'build'), { recursive: true, force: true });

// The CLI is a `bin`: give it a shebang and make it executable.
const cli = path.join(root, 'dist', 'cli', 'index.js');
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
