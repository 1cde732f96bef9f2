// Runs Jest under Node.js 24, the runtime GitHub runners give this action, in Jest's ESM mode.
// Usage: node scripts/jest.mjs [jest args...]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { node24Binary } from './node24.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const node = node24Binary();
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(
  node,
  ['--experimental-vm-modules', '--no-warnings', jest, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, SIGSTORE_ACTION_NODE: node },
  },
);
process.exit(result.status ?? 1);
