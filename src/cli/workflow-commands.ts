/**
 * @actions/core (and the toolkit packages that log through it, like @actions/glob) writes
 * workflow commands to stdout: `::debug::...`, `::warning::...`, `::add-mask::...`. A runner
 * interprets them; a terminal would just print them. Outside a runner the CLI renders them the
 * way a person expects: debug only with --verbose, warnings and errors on stderr, masks dropped.
 */
export function renderWorkflowCommands(options: { verbose: boolean }): void {
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const passThrough = (chunk: string | Uint8Array): boolean => write(chunk);
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.startsWith('::')) return passThrough(chunk);
    const match = /^::([a-z-]+)(?: [^:]*)?::(.*)$/s.exec(text.trimEnd());
    if (!match) return passThrough(chunk);
    const [, command, message] = match;
    const decoded = unescapeData(message);
    switch (command) {
      case 'debug':
        return options.verbose ? writeErr(`debug: ${decoded}\n`) : true;
      case 'warning':
        return writeErr(`warning: ${decoded}\n`);
      case 'error':
        return writeErr(`error: ${decoded}\n`);
      case 'notice':
        return writeErr(`notice: ${decoded}\n`);
      case 'group':
        return write(`${decoded}\n`);
      case 'endgroup':
      case 'add-mask':
      case 'set-output':
      case 'save-state':
        return true;
      default:
        return passThrough(chunk);
    }
  };
}

/** The inverse of @actions/core's escapeData. */
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
