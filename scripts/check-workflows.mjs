// Checks action.yml and the workflows offline, as GitHub would read them, plus the rules of this
// project that GitHub cannot know. Plain Node ESM, Node 20 and 24.
//
// Usage: node scripts/check-workflows.mjs [PATH...]
//   PATH: a workflow or action.yml file, or a directory of *.yml/*.yaml workflows. Default:
//   action.yml and .github/workflows/ of this repository.
// Prints `path:line:col: error: ...` per problem (and a ::error annotation under GitHub Actions),
// then `workflows: N files checked, M errors`; exits 1 when there is any error, 2 when it cannot
// run at all.
//
// 1. GitHub's parser and validator, @actions/languageservice's validate(): for action.yml it runs
//    @actions/workflow-parser's parseAction + convertActionTemplate and checks the `runs` keys;
//    for a workflow, parseWorkflow + convertWorkflowTemplate (schema: unknown keys, bad values
//    such as `id-token: writee`; expressions: syntax, unknown functions and contexts; `needs`),
//    then where each context is allowed and what it holds. Its errors and warnings both count.
//    These packages import JSON without import attributes, which plain Node refuses
//    (ERR_IMPORT_ATTRIBUTE_MISSING): they are bundled once with esbuild into
//    node_modules/.cache/sigstore-action/workflow-parser.mjs, rebuilt when missing or when a
//    package version changes (CHECK_WORKFLOWS_CACHE_DIR moves that directory).
// 2. Project rules, for every step that runs this action (`uses: ./` or
//    `uses: sigstore-action/sigstore-action@REF`):
//    - each `with:` key is an input of action.yml;
//    - signing (mode absent or sign, and no identity-token) needs `id-token: write` in the job's
//      permissions, or the workflow's when the job has none (a job's block replaces the
//      workflow's);
//    - release-signing-artifacts needs `contents: write` the same way.
//    And in action.yml: `runs.using` is node24, and `runs.main` (and pre/post) exist.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ACTION_RUNTIME = 'node24';
const MODES = ['sign', 'verify'];
/** `owner/repo` this action is published as; `uses: OWNER/REPO@ref` steps run it too. */
const PUBLISHED_AS = 'sigstore-action/sigstore-action';
const BUNDLED_PACKAGES = [
  '@actions/languageservice',
  '@actions/workflow-parser',
  '@actions/expressions',
  'esbuild',
];
const BUNDLE_ENTRY = "export { validate, registerLogger } from '@actions/languageservice';\n";

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: node scripts/check-workflows.mjs [FILE|DIR...]');
    return;
  }
  const problems = [];
  const files = collectFiles(args, problems);
  const parser = await import(pathToFileURL(await ensureBundle()).href);
  // validate() catches its own crashes and only logs them: a crash must not pass as "no errors".
  parser.registerLogger({
    log() {},
    info() {},
    warn() {},
    error: (message) => parserCrashes.push(message),
  });
  for (const file of files) {
    const text = readFileSync(file.path, 'utf8');
    problems.push(...(await validateWithGitHubParser(parser, file, text)));
    problems.push(...projectRules(file, text));
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  for (const p of problems) report(p);
  console.log(
    `workflows: ${files.length} file${files.length === 1 ? '' : 's'} checked, ` +
      `${problems.length} error${problems.length === 1 ? '' : 's'}`,
  );
  process.exitCode = problems.length > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Files

/** The files to check, each `{ path, kind: 'action' | 'workflow' }`. */
function collectFiles(args, problems) {
  const paths = args.length > 0 ? args : [path.join(ROOT, 'action.yml')];
  if (args.length === 0 && existsSync(path.join(ROOT, '.github', 'workflows'))) {
    paths.push(path.join(ROOT, '.github', 'workflows'));
  }
  const files = [];
  for (const arg of paths) {
    const abs = path.resolve(arg);
    if (!existsSync(abs)) {
      problems.push(at(abs, 1, 1, `no such file or directory: ${arg}`));
      continue;
    }
    if (statSync(abs).isDirectory()) {
      const found = readdirSync(abs)
        .filter((name) => /\.ya?ml$/i.test(name))
        .sort()
        .map((name) => path.join(abs, name));
      if (found.length === 0) problems.push(at(abs, 1, 1, 'no *.yml or *.yaml files here'));
      files.push(...found.map(describeFile));
    } else {
      files.push(describeFile(abs));
    }
  }
  return files;
}

function describeFile(abs) {
  const posix = abs.split(path.sep).join('/');
  // As @actions/languageservice decides: a file in .github/workflows/ is a workflow, whatever
  // its name; elsewhere action.yml / action.yaml is an action.
  const kind =
    !/\/\.github\/workflows\/[^/]+$/.test(posix) && /(^|\/)action\.ya?ml$/i.test(posix)
      ? 'action'
      : 'workflow';
  return { path: abs, kind };
}

function displayPath(abs) {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

// ---------------------------------------------------------------------------------------------
// GitHub's parser, bundled

/** The path of the bundled @actions/languageservice, built now if missing or stale. */
async function ensureBundle() {
  const dir =
    process.env.CHECK_WORKFLOWS_CACHE_DIR ||
    path.join(ROOT, 'node_modules', '.cache', 'sigstore-action');
  const out = path.join(dir, 'workflow-parser.mjs');
  const versions = BUNDLED_PACKAGES.map((name) => `${name}@${installedVersion(name)}`);
  const stamp = createHash('sha256')
    .update(JSON.stringify({ versions, entry: BUNDLE_ENTRY }))
    .digest('hex')
    .slice(0, 16);
  const firstLine = `// check-workflows bundle ${stamp}: ${versions.join(' ')}`;
  if (existsSync(out) && readFileSync(out, 'utf8').split('\n', 1)[0] === firstLine) return out;

  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    throw new Error(
      `esbuild is missing (run npm ci): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  mkdirSync(dir, { recursive: true });
  // Written beside, then renamed: a concurrent run never imports half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  await esbuild.build({
    stdin: { contents: BUNDLE_ENTRY, resolveDir: ROOT, sourcefile: 'check-workflows-entry.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    logLevel: 'silent',
    // The bundled CommonJS (yaml) calls require(): give the ES module one.
    banner: {
      js: `${firstLine}\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);`,
    },
  });
  renameSync(tmp, out);
  return out;
}

function installedVersion(name) {
  const file = path.join(ROOT, 'node_modules', ...name.split('/'), 'package.json');
  if (!existsSync(file)) {
    throw new Error(`${name} is not installed (run npm ci): it is needed to check workflows`);
  }
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

const SEVERITY = { 1: 'error', 2: 'warning' }; // 3 information and 4 hint are not problems
const parserCrashes = [];

async function validateWithGitHubParser(parser, file, text) {
  const problems = [];
  // validate() reads only `uri` and `getText()` of the document.
  const document = { uri: pathToFileURL(file.path).href, getText: () => text };
  let diagnostics;
  try {
    diagnostics = await parser.validate(document);
  } catch (err) {
    parserCrashes.push(err instanceof Error ? err.message : String(err));
    diagnostics = [];
  }
  for (const d of diagnostics) {
    const severity = SEVERITY[d.severity ?? 1];
    if (!severity) continue;
    const { line, character } = d.range.start;
    problems.push(
      at(
        file.path,
        line + 1,
        character + 1,
        severity === 'warning' ? `${d.message} (warning)` : d.message,
      ),
    );
  }
  for (const message of parserCrashes.splice(0)) {
    problems.push(at(file.path, 1, 1, `the workflow parser failed: ${message}`));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Project rules

function projectRules(file, text) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  // A file YAML cannot read is already reported by the parser.
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const yaml = new YamlFile(file, doc, lines);
  return file.kind === 'action' ? actionRules(yaml) : workflowRules(yaml);
}

/** A parsed YAML file with helpers that keep positions. */
class YamlFile {
  constructor(file, doc, lines) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
    this.problems = [];
  }

  resolve(node) {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  /** The `{ key, value }` pair named `name` in a map node, or undefined. */
  pair(map, name) {
    const m = this.resolve(map);
    if (!isMap(m)) return undefined;
    const found = m.items.find((item) => isScalar(item.key) && String(item.key.value) === name);
    return found ? { key: found.key, value: this.resolve(found.value) } : undefined;
  }

  value(map, name) {
    return this.pair(map, name)?.value;
  }

  /** A scalar's value as a string (true stays 'true'), or undefined. */
  scalar(node) {
    const n = this.resolve(node);
    return isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined;
  }

  entries(map) {
    const m = this.resolve(map);
    if (!isMap(m)) return [];
    return m.items
      .filter((item) => isScalar(item.key))
      .map((item) => ({
        name: String(item.key.value),
        key: item.key,
        value: this.resolve(item.value),
      }));
  }

  error(node, message) {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    this.problems.push(at(this.file.path, line, col, message));
  }
}

function actionRules(y) {
  const root = y.doc.contents;
  const runs = y.pair(root, 'runs');
  if (!runs) return y.problems; // the parser reports the missing key
  const using = y.pair(runs.value, 'using');
  const usingValue = using ? y.scalar(using.value) : undefined;
  if (usingValue !== ACTION_RUNTIME) {
    y.error(
      using?.value ?? runs.key,
      `runs.using is ${usingValue === undefined ? 'missing' : `'${usingValue}'`}: this action must run on ` +
        `${ACTION_RUNTIME}, the runtime its tests use. Fix: \`using: '${ACTION_RUNTIME}'\`.`,
    );
  }
  const dir = path.dirname(y.file.path);
  const main = y.pair(runs.value, 'main');
  if (!main && usingValue?.startsWith('node')) {
    y.error(runs.key, `runs.main is missing. Fix: \`main: 'dist/index.js'\`.`);
  }
  for (const name of ['main', 'pre', 'post']) {
    const entry = y.pair(runs.value, name);
    const target = entry && y.scalar(entry.value);
    if (target === undefined) continue;
    if (!existsSync(path.resolve(dir, target))) {
      y.error(
        entry.value,
        `runs.${name} is '${target}', which does not exist beside ${path.basename(y.file.path)}. ` +
          'Fix: build it (`npm run package`) and commit it, or correct the path.',
      );
    }
  }
  return y.problems;
}

function workflowRules(y) {
  const root = y.doc.contents;
  const workflowPermissions = y.pair(root, 'permissions');
  for (const job of y.entries(y.value(root, 'jobs'))) {
    const steps = y.value(job.value, 'steps');
    if (!isSeq(steps)) continue; // a reusable workflow call, or the parser's problem
    const jobPermissions = y.pair(job.value, 'permissions');
    steps.items.forEach((stepNode, index) => {
      const step = y.resolve(stepNode);
      const uses = y.pair(step, 'uses');
      const usesValue = uses && y.scalar(uses.value);
      if (!usesValue || !isThisAction(usesValue)) return;
      const label = stepLabel(y, job.name, step, index, usesValue);
      const action = actionFor(y, usesValue);
      if (action.error) {
        y.error(uses.value, `${label}: ${action.error}`);
        return;
      }
      const withNode = y.value(step, 'with');
      const inputs = y.entries(withNode);
      for (const input of inputs) {
        if (action.inputs.includes(input.name)) continue;
        const near = closest(input.name, action.inputs);
        y.error(
          input.key,
          `${label}: '${input.name}' is not an input of ${action.display}. Fix: ` +
            (near
              ? `did you mean '${near}'?`
              : `use one of its inputs: ${action.inputs.join(', ')}.`),
        );
      }
      const given = Object.fromEntries(inputs.map((i) => [i.name, i]));
      const mode = given.mode ? y.scalar(given.mode.value) : undefined;
      if (
        mode !== undefined &&
        !mode.includes('${{') &&
        !MODES.includes(mode.trim().toLowerCase())
      ) {
        y.error(given.mode.value, `${label}: mode is '${mode}'. Fix: mode: sign or mode: verify.`);
        return;
      }
      if (!mayBe(mode, 'sign', true)) return; // verify mode needs no token
      const signs = `${label} signs (mode: ${mode ?? 'sign, the default'})`;
      const grantIn = (scope) =>
        jobPermissions
          ? `add \`${scope}: write\` to the permissions of job '${job.name}'`
          : workflowPermissions
            ? `add \`${scope}: write\` to the workflow's permissions, or give job '${job.name}' a permissions block with it (and the other scopes it needs)`
            : `give job '${job.name}' a permissions block with \`${scope}: write\` (and \`contents: read\` to check out)`;

      const permissions = effectivePermissions(y, jobPermissions, workflowPermissions);
      const identityToken = given['identity-token'] && y.scalar(given['identity-token'].value);
      if (!identityToken && !permissions.grants('id-token', 'write')) {
        y.error(
          jobPermissions?.key ?? uses.key,
          `${signs}, which needs the job's OIDC token, but ${permissions.describe('id-token')}. ` +
            `Fix: ${grantIn('id-token')}.`,
        );
      }
      const release = given['release-signing-artifacts'];
      const releaseValue = release && y.scalar(release.value);
      const attaches = mayBe(releaseValue, 'true', false);
      if (attaches && !permissions.grants('contents', 'write')) {
        y.error(
          release.key,
          `${label} has release-signing-artifacts: ${releaseValue}, which attaches bundles to a release, ` +
            `but ${permissions.describe('contents')}. Fix: ${grantIn('contents')}.`,
        );
      }
      const notes = given['release-notes'];
      if (notes && mayBe(y.scalar(notes.value), 'true', false) && !attaches) {
        y.error(
          notes.key,
          `${label} has release-notes without release-signing-artifacts: the notes describe the ` +
            'bundles attached to the release. Fix: set release-signing-artifacts: true too, or remove release-notes.',
        );
      }
    });
  }
  return y.problems;
}

/** action.yml path -> its inputs (or why they cannot be read). */
const actionCache = new Map();

function isThisAction(uses) {
  const trimmed = uses.trim();
  if (trimmed === './' || trimmed === '.') return true;
  const at = trimmed.indexOf('@');
  return at > 0 && trimmed.slice(0, at).toLowerCase() === PUBLISHED_AS;
}

/**
 * The action a step runs: `./` is action.yml at the root of the workflow's repository (the
 * directory holding .github/workflows/), OWNER/REPO@REF this repository's.
 */
function actionFor(y, uses) {
  let file = path.join(ROOT, 'action.yml');
  if (uses.trim().startsWith('.')) {
    const posix = y.file.path.split(path.sep).join('/');
    const match = /^(.*)\/\.github\/workflows\/[^/]+$/.exec(posix);
    const repoRoot = match ? match[1].split('/').join(path.sep) || path.sep : process.cwd();
    file = ['action.yml', 'action.yaml']
      .map((name) => path.join(repoRoot, name))
      .find((candidate) => existsSync(candidate));
    if (!file) {
      return {
        error: `uses: ${uses} but there is no action.yml in ${displayPath(repoRoot)}. Fix: run this step in a repository that has the action, or use ${PUBLISHED_AS}@v0.`,
      };
    }
  }
  const cached = actionCache.get(file);
  if (cached) return cached;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const inputs = doc.errors.length === 0 ? doc.toJS()?.inputs : undefined;
  const result =
    inputs && typeof inputs === 'object'
      ? { inputs: Object.keys(inputs), display: displayPath(file) }
      : { error: `cannot read the inputs of ${displayPath(file)}. Fix: correct that file first.` };
  actionCache.set(file, result);
  return result;
}

/**
 * Whether an input may have the value `wanted`: literally, or through an expression (known only
 * at run time, so assumed). `absent` is the answer when the input is not given.
 */
function mayBe(value, wanted, absent) {
  if (value === undefined || value === '') return absent;
  if (value.includes('${{')) return true;
  return value.trim().toLowerCase() === wanted;
}

/** What the job's token may do: the job's permissions block, else the workflow's. */
function effectivePermissions(y, jobPermissions, workflowPermissions) {
  const source = jobPermissions
    ? { where: 'the job', pair: jobPermissions }
    : workflowPermissions
      ? { where: 'the workflow', pair: workflowPermissions }
      : undefined;
  const level = (scope) => {
    if (!source) return undefined; // the repository's default
    const whole = y.scalar(source.pair.value);
    if (whole === 'write-all') return 'write';
    if (whole === 'read-all') return scope === 'id-token' ? 'none' : 'read';
    const value = y.value(source.pair.value, scope);
    return (value && y.scalar(value)) || 'none';
  };
  return {
    grants: (scope, wanted) => {
      const l = level(scope);
      return l === wanted || (wanted === 'read' && l === 'write');
    },
    describe: (scope) => {
      if (!source) {
        return scope === 'id-token'
          ? 'neither the job nor the workflow has a permissions block, and GitHub never grants id-token: write by default'
          : `neither the job nor the workflow has a permissions block, so ${scope} is the repository's default (read-only in new repositories)`;
      }
      const line = y.lines.linePos(source.pair.key.range[0]).line;
      const inherited =
        source.where === 'the job' && workflowPermissions
          ? " (a job's permissions block replaces the workflow's)"
          : '';
      return `the permissions of ${source.where} (line ${line}) give ${scope}: ${level(scope)}${inherited}`;
    },
  };
}

function stepLabel(y, jobName, step, index, uses) {
  const name = y.scalar(y.value(step, 'name')) ?? y.scalar(y.value(step, 'id'));
  return `job '${jobName}', step ${index + 1}${name ? ` '${name}'` : ''} (uses: ${uses})`;
}

/**
 * What `word` probably meant: a candidate equal to it but for case, else one that starts with it
 * (`github-repo`: github-repository), else the nearest within two edits (`inputz`: inputs).
 */
function closest(word, candidates) {
  const lower = word.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same) return same;
  const longer = lower.length >= 4 && candidates.find((c) => c.toLowerCase().startsWith(lower));
  if (longer) return longer;
  let best;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

// ---------------------------------------------------------------------------------------------
// Reporting

function at(file, line, col, message) {
  return { file: displayPath(file), line, col, message };
}

function report(p) {
  console.error(`${p.file}:${p.line}:${p.col}: error: ${p.message}`);
  if (process.env.GITHUB_ACTIONS === 'true') {
    const escape = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const prop = (s) => escape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
    console.log(`::error file=${prop(p.file)},line=${p.line},col=${p.col}::${escape(p.message)}`);
  }
}

main().catch((err) => {
  console.error(`check-workflows: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
