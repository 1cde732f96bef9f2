/**
 * Every `with:` key reaches the action, known or not: the runner sets `INPUT_<NAME>` (upper-cased,
 * spaces as `_`) for each key of the step's `with:` and for each input action.yml declares, with
 * its default (actions/runner, src/Runner.Worker/Handlers/Handler.cs, AddInputsToEnvironment), and
 * only warns about a key action.yml does not declare ("Unexpected input(s)"). A misspelled or
 * migrated key would then be dropped in silence: a `verify-cert-identity` that checks nothing.
 * This action refuses such keys before anything is sent.
 */
import { ActionError, AggregateActionError } from '../errors.js';
import { printableName } from '../report/log-text.js';
import { REPLACED_INPUTS } from './migration.js';

/** action.yml's inputs, in its order (__tests__/unit/action/known-inputs.test.ts compares). */
export const ACTION_INPUTS: readonly string[] = [
  'mode',
  'inputs',
  'identity-token',
  'staging',
  'signing-config',
  'trusted-root',
  'tuf-mirror',
  'tuf-root',
  'rekor-version',
  'overwrite',
  'bundle-directory',
  'verify',
  'allow-private-repository',
  'oidc-audience',
  'oidc-client-id',
  'timeout-minutes',
  'predicate-type',
  'predicate',
  'predicate-path',
  'bundle',
  'cert-identity',
  'cert-identity-regexp',
  'cert-oidc-issuer',
  'verify-cert-identity',
  'verify-oidc-issuer',
  'github-repository',
  'github-ref',
  'github-sha',
  'github-trigger',
  'github-workflow-name',
  'github-workflow-file',
  'runner-environment',
  'allow-any-source-repository',
  'upload-signing-artifacts',
  'upload-signing-artifacts-name',
  'upload-signed-files',
  'release-signing-artifacts',
  'release-notes',
  'release-tag',
  'repository',
  'download-directory',
  'github-token',
];

/** The environment variable the runner sets for an input (as @actions/core's getInput reads it). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Refuses every INPUT_* variable that is not an input of action.yml, each with what to use
 * instead: gh-action-sigstore-python's inputs by their replacement, anything else by the nearest
 * input name when there is one.
 */
export function checkKnownInputs(
  env: Readonly<Record<string, string | undefined>>,
  known: readonly string[] = ACTION_INPUTS,
): void {
  const variables = new Set(known.map(inputVariable));
  const problems: ActionError[] = [];
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith('INPUT_') || variables.has(variable.toUpperCase())) continue;
    // The runner upper-cases the key: gh-action-sigstore-python's names, like ours, are lower case.
    const name = variable.slice('INPUT_'.length).toLowerCase();
    problems.push(new ActionError('INPUT_UNKNOWN', unknownInputMessage(name, known)));
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new AggregateActionError(
      'INPUT_UNKNOWN',
      `${problems.length} inputs of this step are not inputs of this action (nothing was done):`,
      problems,
    );
  }
}

function unknownInputMessage(name: string, known: readonly string[]): string {
  const shown = `unknown input \`${printableName(name)}\``;
  const replaced = REPLACED_INPUTS[name];
  if (replaced) return `${shown} (an input of gh-action-sigstore-python): ${replaced}.`;
  const near = nearest(name, known);
  return near
    ? `${shown}: did you mean \`${near}\`? Rename it, or remove it.`
    : `${shown}: this action has no input of that name (its inputs are listed in its README and action.yml); remove it.`;
}

/** A known name within two edits of `word`, or one that starts with it (`github-repo`). */
function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length >= 4) {
    const longer = candidates.find((c) => c.startsWith(word));
    if (longer) return longer;
  }
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j] + 1,
        row[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length];
}
