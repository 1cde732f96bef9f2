// Runs `node ARGS...` with the Node.js 24 binary (scripts/node24.mjs), whatever Node runs npm:
// what uses sigstore-js (the local stack, through @sigstore/* and Azurite) runs on the Node its
// packages support (package.json `engines`), also when the repository was installed with Node 20.
// Usage: node scripts/with-node24.mjs ARGS...   (exits with the child's status; forwards signals)
import { spawn } from 'node:child_process';
import { node24Binary } from './node24.mjs';

const child = spawn(node24Binary(), process.argv.slice(2), { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (!signal) process.exit(code ?? 1);
  // Die of the same signal, as a shell would report it.
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
});
