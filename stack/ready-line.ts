// Waiting for a child process (the stack, Azurite) to print the line that says it is ready.
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with the first capture group of `pattern` once the child's stdout matches it;
 * rejects when the child errors, exits first, or `timeoutMs` passes, with what it printed.
 */
export function waitForReadyLine(
  child: ChildProcess,
  options: {
    readonly name: string;
    readonly pattern: RegExp;
    readonly timeoutMs: number;
    /** Resolves when the child exits (with its exit code, when known). */
    readonly exited: Promise<number | null | void>;
    /** The child's stderr so far, for the error message. */
    readonly stderr: () => string;
  },
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`${options.name} ${why}\n${stdout}\n${options.stderr()}`));
    };
    const timer = setTimeout(
      () => fail(`was not ready after ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = options.pattern.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void options.exited.then((code) =>
      fail(`exited${code === undefined ? '' : ` with ${String(code)}`} before it was ready`),
    );
  });
}
