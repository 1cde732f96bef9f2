import * as core from '@actions/core';

/**
 * sigstore-js reports its HTTP attempts and retries through proc-log, which emits `log` events
 * on `process`. Route them to the debug log (shown with ACTIONS_STEP_DEBUG) and return a function
 * that removes the listener.
 */
export function routeSigstoreLogs(): () => void {
  const listener = (level: unknown, ...args: unknown[]): void => {
    if (level === 'http' || level === 'warn' || level === 'info' || level === 'verbose') {
      core.debug(`sigstore: ${args.map(String).join(' ')}`);
    }
  };
  process.on('log', listener);
  return () => process.off('log', listener);
}
