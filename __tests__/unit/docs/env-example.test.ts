/**
 * .env.example sets every input of action.yml once, under the name a runner gives it
 * (INPUT_<NAME upper-cased, spaces to _, dashes kept>, where @actions/core's getInput reads it),
 * and nothing that is not an input; every line is NAME="value" (what `node --env-file` reads).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYAML } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const ACTION_YML = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const ENV_EXAMPLE = readFileSync(path.join(ROOT, '.env.example'), 'utf8');

/** The variable a runner sets for an input (as __tests__/helpers/action.ts and the runner do). */
function runnerVariable(input: string): string {
  return `INPUT_${input.replace(/ /g, '_').toUpperCase()}`;
}

function envProblems(actionYAML: string, envText: string): string[] {
  const action = parseYAML(actionYAML) as { inputs?: Record<string, unknown> };
  const expected = Object.keys(action.inputs ?? {}).map(runnerVariable);
  const problems: string[] = [];
  const seen: string[] = [];
  for (const line of envText.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)="[^"]*"$/.exec(line);
    if (!m) {
      problems.push(`not NAME="value": ${line}`);
      continue;
    }
    const name = m[1];
    if (!name.startsWith('INPUT_')) continue;
    if (seen.includes(name)) problems.push(`${name} is set twice`);
    seen.push(name);
    if (!expected.includes(name)) problems.push(`${name} is not an input of action.yml`);
  }
  for (const name of expected) {
    if (!seen.includes(name)) problems.push(`${name} (an input of action.yml) is missing`);
  }
  return problems;
}

describe('.env.example', () => {
  it('sets every action.yml input once, by its runner name, and nothing else', () => {
    expect(envProblems(ACTION_YML, ENV_EXAMPLE)).toEqual([]);
  });

  it('names inputs with their dashes, as @actions/core reads them', () => {
    expect(runnerVariable('cert-identity')).toBe('INPUT_CERT-IDENTITY');
    expect(ENV_EXAMPLE).toMatch(/^INPUT_CERT-IDENTITY=""$/m);
  });

  it('catches a planted mismatch', () => {
    const planted = ENV_EXAMPLE.replace(/^INPUT_OVERWRITE=.*\n/m, '').replace(
      'INPUT_MODE="sign"',
      'INPUT_MODE="sign"\nINPUT_CERT_IDENTITY=""\nINPUT_STAGING = "false"',
    );
    expect(envProblems(ACTION_YML, planted)).toEqual([
      'INPUT_CERT_IDENTITY is not an input of action.yml',
      'not NAME="value": INPUT_STAGING = "false"',
      'INPUT_OVERWRITE (an input of action.yml) is missing',
    ]);
  });
});
