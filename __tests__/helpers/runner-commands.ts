// What a GitHub runner would take as workflow commands in a step's output, parsed the way
// actions/runner does (src/Runner.Common/ActionCommand.cs, TryParseV2 then TryParse, as
// src/Runner.Worker/ActionCommandManager.cs tries them): a line is split at LF, CR or CRLF
// (.NET's ReadLine); `::name props::data` counts after leading white space, and the legacy
// `##[name props]data` counts ANYWHERE in a line. Only registered command names count.

/** The runner's command extensions, plus stop-commands (ActionCommandManager). */
const REGISTERED = new Set([
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
]);

export interface RunnerCommand {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly data: string;
  /** `::` (the current syntax) or `##[` (the legacy one). */
  readonly syntax: '::' | '##[';
  readonly line: string;
}

export function runnerCommands(output: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    const command = parseV2(line) ?? parseV1(line);
    if (command) commands.push(command);
  }
  return commands;
}

function parseV2(line: string): RunnerCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!REGISTERED.has(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
  }
  return { command, properties, data: unescape(message.slice(end + 2)), syntax: '::', line };
}

function parseV1(line: string): RunnerCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const bracket = line.indexOf(']', prefix);
  if (bracket < 0) return undefined;
  const info = line.slice(prefix + 3, bracket);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!REGISTERED.has(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return { command, properties, data: line.slice(bracket + 1), syntax: '##[', line };
}

function unescape(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}
