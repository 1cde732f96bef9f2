/**
 * The README's Inputs and Outputs tables must say what action.yml says: every input and output,
 * nothing else, in action.yml's order, each input with action.yml's default (`''` for empty, the
 * value in backticks otherwise) and the right Mode.
 *
 * Mode rule: an input is `sign` if the action refuses it in verify mode (the misplaced-input
 * check of readActionInputs) or its action.yml description starts with "Sign mode"; `verify`
 * likewise ("Verify mode"); `both` otherwise. The refusal is observed by calling
 * readActionInputs, not by reading its lists, so it follows the code as it is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYAML } from 'yaml';
import { readActionInputs, type RunContext } from '../../../src/action/inputs.js';
import { ActionError } from '../../../src/errors.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const ACTION_YML = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

type Mode = 'sign' | 'verify' | 'both';

interface ActionInput {
  readonly name: string;
  readonly default: string;
  readonly description: string;
}

interface ActionFacts {
  readonly inputs: readonly ActionInput[];
  readonly outputs: readonly string[];
}

/** What mode an input belongs to, or a contradiction to report. */
type ModeOf = (input: ActionInput) => Mode | { readonly problem: string };

function actionFacts(yamlText: string): ActionFacts {
  const action = parseYAML(yamlText) as {
    inputs?: Record<string, { default?: unknown; description?: unknown }>;
    outputs?: Record<string, unknown>;
  };
  return {
    inputs: Object.entries(action.inputs ?? {}).map(([name, spec]) => ({
      name,
      // No default and an empty one mean the same to the runner: the input is ''.
      default: defaultText(spec.default),
      description: typeof spec.description === 'string' ? spec.description.trim() : '',
    })),
    outputs: Object.keys(action.outputs ?? {}),
  };
}

function defaultText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/** The body rows (cells trimmed) of the first table under the `## heading` of a markdown text. */
function markdownTable(markdown: string, heading: string): { header: string[]; rows: string[][] } {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) throw new Error(`the README has no "## ${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && /^#{1,2} /.test(line));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const first = section.findIndex((line) => line.trimStart().startsWith('|'));
  if (first < 0) throw new Error(`the README's "## ${heading}" section has no table`);
  const table: string[] = [];
  for (const line of section.slice(first)) {
    if (!line.trimStart().startsWith('|')) break;
    table.push(line);
  }
  const [header, separator, ...rows] = table.map(cells);
  if (!header || !separator?.every((cell) => /^:?-+:?$/.test(cell))) {
    throw new Error(`the README's "## ${heading}" table has no header and separator row`);
  }
  return { header, rows };
}

/** A table row's cells: split on `|` not escaped as `\|`, outer pipes dropped, trimmed. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** `name` -> name; `''` -> (empty). */
function unquote(cell: string): string {
  const inner = /^`(.*)`$/.exec(cell)?.[1] ?? cell;
  return inner === "''" ? '' : inner;
}

function orderProblem(
  what: string,
  expected: readonly string[],
  found: readonly string[],
): string[] {
  const common = new Set(expected.filter((name) => found.includes(name)));
  const a = expected.filter((name) => common.has(name));
  const b = found.filter((name) => common.has(name));
  const i = a.findIndex((name, k) => b[k] !== name);
  return i < 0
    ? []
    : [
        `the README lists ${what} in another order than action.yml: at position ${i + 1}, action.yml has ${a[i]}, the README ${b[i]}`,
      ];
}

/** Every way the README's tables disagree with action.yml; empty when they agree. */
function tableProblems(actionYAML: string, readme: string, modeOf: ModeOf): string[] {
  const action = actionFacts(actionYAML);
  const problems: string[] = [];

  const inputs = markdownTable(readme, 'Inputs');
  const expectedHeader = ['Input', 'Mode', 'Default', 'Description'];
  if (inputs.header.join('|') !== expectedHeader.join('|')) {
    problems.push(
      `the Inputs table's columns are ${inputs.header.join(', ')}, not ${expectedHeader.join(', ')}`,
    );
  }
  const documented = new Map<string, string[]>();
  for (const row of inputs.rows) {
    const name = unquote(row[0] ?? '');
    if (documented.has(name)) problems.push(`the Inputs table lists ${name} twice`);
    documented.set(name, row);
  }
  for (const input of action.inputs) {
    const row = documented.get(input.name);
    if (!row) {
      problems.push(`input ${input.name} is in action.yml but not in the README's Inputs table`);
      continue;
    }
    const [, mode = '', defaultCell = '', description = ''] = row;
    if (unquote(defaultCell) !== input.default) {
      problems.push(
        `input ${input.name}: the README's default is ${defaultCell || '(empty cell)'}, action.yml's is ${input.default === '' ? "''" : input.default}`,
      );
    }
    const expectedMode = modeOf(input);
    if (typeof expectedMode !== 'string') {
      problems.push(`input ${input.name}: ${expectedMode.problem}`);
    } else if (unquote(mode) !== expectedMode) {
      problems.push(`input ${input.name}: the README's mode is ${mode}, expected ${expectedMode}`);
    }
    if (!description) problems.push(`input ${input.name} has no description in the README`);
  }
  const inputNames = action.inputs.map((input) => input.name);
  for (const name of documented.keys()) {
    if (!inputNames.includes(name)) {
      problems.push(`the README's Inputs table lists ${name}, which action.yml does not have`);
    }
  }
  problems.push(...orderProblem('the inputs', inputNames, [...documented.keys()]));

  const outputs = markdownTable(readme, 'Outputs');
  if (outputs.header.join('|') !== 'Output|Description') {
    problems.push(
      `the Outputs table's columns are ${outputs.header.join(', ')}, not Output, Description`,
    );
  }
  const outputNames = outputs.rows.map((row) => unquote(row[0] ?? ''));
  for (const name of action.outputs) {
    if (!outputNames.includes(name)) {
      problems.push(`output ${name} is in action.yml but not in the README's Outputs table`);
    }
  }
  for (const [i, name] of outputNames.entries()) {
    if (!action.outputs.includes(name)) {
      problems.push(`the README's Outputs table lists ${name}, which action.yml does not have`);
    }
    if (!outputs.rows[i][1]) problems.push(`output ${name} has no description in the README`);
  }
  problems.push(...orderProblem('the outputs', action.outputs, outputNames));
  return problems;
}

const context: RunContext = {
  repository: 'octo-org/octo-repo',
  ref: 'refs/tags/v1.2.3',
  defaultArtifactName: 'sigstore-bundles-build-0123abcd',
};

/** True when the action refuses `name` in `mode` as an input of the other mode. */
function refusedIn(mode: 'sign' | 'verify', name: string): boolean {
  if (name === 'mode') return false;
  const values: Record<string, string> = { mode, [name]: 'x' };
  try {
    readActionInputs((input) => values[input] ?? '', context);
  } catch (err) {
    return (
      err instanceof ActionError &&
      err.code === 'INPUT_INVALID' &&
      err.message.startsWith(`${name} is only used in ${mode === 'sign' ? 'verify' : 'sign'} mode`)
    );
  }
  return false;
}

const actionMode: ModeOf = (input) => {
  const sign = refusedIn('verify', input.name) || /^Sign mode\b/.test(input.description);
  const verify = refusedIn('sign', input.name) || /^Verify mode\b/.test(input.description);
  if (sign && verify) {
    return { problem: 'it is marked (or refused) as both sign-only and verify-only' };
  }
  return sign ? 'sign' : verify ? 'verify' : 'both';
};

describe('README Inputs and Outputs tables', () => {
  it('list every input and output of action.yml, in its order, with its default and mode', () => {
    expect(tableProblems(ACTION_YML, README, actionMode)).toEqual([]);
  });

  it('cover inputs and outputs at all (the parsers read something)', () => {
    const action = actionFacts(ACTION_YML);
    expect(action.inputs.length).toBeGreaterThan(30);
    expect(action.outputs).toContain('bundles');
    expect(markdownTable(README, 'Inputs').rows).toHaveLength(action.inputs.length);
    expect(markdownTable(README, 'Outputs').rows).toHaveLength(action.outputs.length);
  });
});

describe('the mode rule', () => {
  const input = (name: string, description = ''): ActionInput => ({
    name,
    default: '',
    description,
  });

  it("follows the action's refusals where action.yml's description says no mode", () => {
    expect(actionMode(input('overwrite', 'Replace bundles that already exist.'))).toBe('sign');
    expect(actionMode(input('identity-token', 'An OIDC identity token.'))).toBe('sign');
    expect(actionMode(input('github-ref', 'The git ref.'))).toBe('verify');
    expect(actionMode(input('bundle-directory', 'Sign: ... Verify: ...'))).toBe('both');
  });

  it("follows action.yml's description where the action does not refuse", () => {
    expect(actionMode(input('verify', 'Sign mode: verify each new bundle.'))).toBe('sign');
    expect(actionMode(input('cert-oidc-issuer', 'Verify mode: the issuer.'))).toBe('verify');
  });

  it('reports an input that the two sources put in opposite modes', () => {
    expect(actionMode(input('overwrite', 'Verify mode: contradicting the code.'))).toEqual({
      problem: expect.stringContaining('both sign-only and verify-only') as unknown,
    });
  });
});

describe('the table checker catches planted mismatches', () => {
  const row = (name: string): string => {
    const line = README.split('\n').find((l) => l.startsWith(`| \`${name}\` `));
    if (!line) throw new Error(`no README row for ${name}`);
    return line;
  };
  // Only the problems the plant adds: a real mismatch is the first test's to report.
  const baseline = tableProblems(ACTION_YML, README, actionMode);
  const problems = (readme: string, actionYAML = ACTION_YML): string[] =>
    tableProblems(actionYAML, readme, actionMode).filter((p) => !baseline.includes(p));

  it('an input missing from the README', () => {
    expect(problems(README.replace(`${row('predicate-path')}\n`, ''))).toEqual([
      "input predicate-path is in action.yml but not in the README's Inputs table",
    ]);
  });

  it('an input action.yml gained', () => {
    const actionYAML = ACTION_YML.replace(
      'inputs:\n',
      "inputs:\n  brand-new:\n    description: 'Sign mode: new.'\n    default: ''\n",
    );
    expect(actionYAML).not.toBe(ACTION_YML);
    expect(problems(README, actionYAML)).toEqual([
      "input brand-new is in action.yml but not in the README's Inputs table",
    ]);
  });

  it('an input action.yml does not have', () => {
    const ghost = row('bundle').replace('`bundle`', '`ghost`');
    expect(problems(README.replace(row('bundle'), `${row('bundle')}\n${ghost}`))).toEqual([
      "the README's Inputs table lists ghost, which action.yml does not have",
    ]);
  });

  it('a default that differs', () => {
    const changed = row('overwrite').replace('`false`', '`true` ');
    expect(problems(README.replace(row('overwrite'), changed))).toEqual([
      "input overwrite: the README's default is `true`, action.yml's is false",
    ]);
    const timeout = row('timeout-minutes').replace("`''`", '`15`');
    expect(problems(README.replace(row('timeout-minutes'), timeout))).toEqual([
      "input timeout-minutes: the README's default is `15`, action.yml's is ''",
    ]);
  });

  it('a mode that differs', () => {
    const changed = row('overwrite').replace('| sign   |', '| both   |');
    expect(changed).not.toBe(row('overwrite'));
    expect(problems(README.replace(row('overwrite'), changed))).toEqual([
      "input overwrite: the README's mode is both, expected sign",
    ]);
  });

  it('two inputs in the wrong order', () => {
    const swapped = README.replace(
      `${row('tuf-mirror')}\n${row('tuf-root')}`,
      `${row('tuf-root')}\n${row('tuf-mirror')}`,
    );
    expect(swapped).not.toBe(README);
    expect(problems(swapped)).toEqual([
      'the README lists the inputs in another order than action.yml: at position 7, action.yml has tuf-mirror, the README tuf-root',
    ]);
  });

  it('an output missing, and one action.yml does not have', () => {
    expect(problems(README.replace(`${row('artifact-url')}\n`, ''))).toEqual([
      "output artifact-url is in action.yml but not in the README's Outputs table",
    ]);
    const extra = row('verified').replace('`verified`', '`ghost-output`');
    expect(problems(README.replace(row('verified'), `${row('verified')}\n${extra}`))).toEqual([
      "the README's Outputs table lists ghost-output, which action.yml does not have",
    ]);
  });

  it('a README without the tables', () => {
    expect(() => problems(README.replace('## Inputs', '## Settings'))).toThrow(
      'the README has no "## Inputs" section',
    );
  });
});
