#!/usr/bin/env node
// Developer tool, not run by CI or the tests: compares the contracts transcribed in
// stack/contracts/ with the upstream files they transcribe, read at run time from fetched
// read-only mirrors (git directories, no work tree), and reports drift. Nothing upstream is
// copied into the repository.
//
//   node scripts/check-contracts.mjs [--mirrors /work/.mirror] [--at HEAD]
//
// `--at HEAD` compares with the mirrors' newest commit instead of the commit each transcription
// cites: what changed upstream since. Exit code 1 when anything differs, 2 when a mirror is
// missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';
import { parse as parseYaml } from 'yaml';

register();
const { fulcioContract } = await import('../stack/contracts/fulcio.ts');
const { rekorV1Contract } = await import('../stack/contracts/rekor-v1.ts');
const { rekorV2Contract } = await import('../stack/contracts/rekor-v2.ts');
const { tsaContract } = await import('../stack/contracts/tsa.ts');
const { REKOR_TYPE_SCHEMAS } = await import('../stack/contracts/rekor-types.ts');

const { values: args } = parseArgs({
  options: { mirrors: { type: 'string', default: '/work/.mirror' }, at: { type: 'string' } },
});

/** What each transcription is of: mirror, cited commit, path. */
const UPSTREAM = [
  {
    name: 'Fulcio',
    ours: fulcioContract,
    repo: 'sigstore+fulcio',
    commit: 'eb10c98e186f1d8e78dd60a257d8897f66d5147a',
    file: 'fulcio.swagger.json',
  },
  {
    name: 'Rekor v2',
    ours: rekorV2Contract,
    repo: 'sigstore+rekor-tiles',
    commit: '74e3eb0e9b4203ee30912eb35c3467c551ef37c9',
    file: 'docs/openapi/rekor/v2/rekor_service.swagger.json',
  },
  {
    name: 'Rekor v1',
    ours: rekorV1Contract,
    repo: 'sigstore+rekor',
    commit: 'eee7d8d644f5713e3c1ace419425aa3ceadc46d7',
    file: 'openapi.yaml',
  },
  {
    name: 'TSA',
    ours: tsaContract,
    repo: 'sigstore+timestamp-authority',
    commit: '027bd03ae621feff8b88c01f1f05c5369f4e7bcf',
    file: 'openapi.yaml',
  },
];
const REKOR_TYPE_FILES = {
  'hashedrekord/0.0.1': 'pkg/types/hashedrekord/v0.0.1/hashedrekord_v0_0_1_schema.json',
  'dsse/0.0.1': 'pkg/types/dsse/v0.0.1/dsse_v0_0_1_schema.json',
  'intoto/0.0.2': 'pkg/types/intoto/v0.0.2/intoto_v0_0_2_schema.json',
};

function upstream(repo, commit, file) {
  const dir = path.join(args.mirrors, repo, 'repo');
  if (!existsSync(dir)) {
    console.error(`no mirror of ${repo} at ${dir}: fetch it first`);
    process.exit(2);
  }
  const text = execFileSync('git', ['-C', dir, 'show', `${args.at ?? commit}:${file}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
}

const PROSE = new Set(['description', 'title', 'summary', 'tags', 'externalDocs', 'example']);

/** Upstream without prose, `#/responses/...` written out, external type references as `object`. */
function normalise(value, doc) {
  if (Array.isArray(value)) return value.map((v) => normalise(v, doc));
  if (value === null || typeof value !== 'object') return value;
  if (typeof value.$ref === 'string' && value.$ref.startsWith('#/responses/')) {
    return normalise(doc.responses[value.$ref.split('/').pop()], doc);
  }
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (PROSE.has(key) || key === '$schema' || key === '$id') continue;
    if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) {
      // Rekor v1: a kind's spec schema lives in pkg/types (see stack/contracts/rekor-types.ts).
      continue;
    }
    out[key] = normalise(child, doc);
  }
  return out;
}

/** Ours without keys upstream lacks in the same place only because JSON has no undefined. */
function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

function diff(a, b, at, out) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const objects = (v) => v !== null && typeof v === 'object';
  if (!objects(a) || !objects(b) || Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${at || '/'}: ours ${JSON.stringify(a)}, upstream ${JSON.stringify(b)}`);
    return;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) diff(a[key], b[key], `${at}/${key}`, out);
}

let drift = 0;
const report = (title, lines) => {
  console.log(`${lines.length === 0 ? 'same' : 'DIFFERS'}: ${title}`);
  for (const line of lines) console.log(`  ${line}`);
  drift += lines.length;
};

for (const { name, ours, repo, commit, file } of UPSTREAM) {
  const doc = upstream(repo, commit, file);
  const theirs = normalise({ paths: doc.paths, definitions: doc.definitions }, doc);
  const mine = plain({ paths: ours.paths, definitions: ours.definitions });
  // Transcribed: every operation, and the definitions the stand-ins' operations reach.
  for (const definition of Object.keys(theirs.definitions)) {
    if (!(definition in mine.definitions)) delete theirs.definitions[definition];
  }
  const lines = [];
  diff(mine, theirs, '', lines);
  for (const key of ['consumes', 'produces']) diff(ours[key], doc[key], `/${key}`, lines);
  report(`${name}: ${repo.replace('+', '/')} ${file} @ ${args.at ?? commit}`, lines);
}

for (const [key, file] of Object.entries(REKOR_TYPE_FILES)) {
  const [kind, version] = key.split('/');
  const theirs = normalise(upstream('sigstore+rekor', UPSTREAM[2].commit, file), {});
  const lines = [];
  diff(plain(REKOR_TYPE_SCHEMAS[kind][version]), theirs, '', lines);
  report(`Rekor v1 type ${key}: sigstore/rekor ${file}`, lines);
}

console.log(drift === 0 ? 'no drift' : `${drift} difference(s)`);
process.exit(drift === 0 ? 0 : 1);
