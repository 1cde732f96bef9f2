/**
 * Jest setup (jest.config.js `setupFiles`): what the action's own modules write as the runner's
 * log, while unit tests run them in the test process, stays out of the test output.
 *
 * @actions/core writes every log line and workflow command (`::debug::`, `::warning::`,
 * `::add-mask::`) to process.stdout, for the runner to read; a runner shows `::debug::` lines
 * only when step debug logging is on. Run in-process, nothing reads them, and they land in
 * `npm test`'s output: @actions/glob alone writes six `::debug::` lines per pattern it expands,
 * over two hundred in the unit tests. End-to-end tests run the built action as a child process
 * and capture its output (helpers/action.ts), so they print nothing of it either.
 *
 * So a write whose call stack passes through @actions/core is dropped; anything else (Jest's
 * own console, a test's deliberate output) goes through. SIGSTORE_ACTION_TEST_LOG=1 shows the
 * action's log, as RUNNER_DEBUG=1 shows a step's debug lines on a runner.
 */
const TOOLKIT_FRAME = /[/\\]@actions[/\\]core[/\\]/;

if (process.env.SIGSTORE_ACTION_TEST_LOG !== '1') {
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (...args: unknown[]) => boolean;
  stdout.write = (...args: unknown[]): boolean => {
    if (TOOLKIT_FRAME.test(new Error().stack ?? '')) {
      // Called back as a stream would, so a caller waiting for the write goes on.
      const callback = args.find((a): a is () => void => typeof a === 'function');
      if (callback) process.nextTick(callback);
      return true;
    }
    return write(...args);
  };
}
