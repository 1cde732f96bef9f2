/**
 * A stand-in for the GitHub CLI that supports exactly what release notes print:
 *
 *   gh release download TAG --repo OWNER/REPO --pattern GLOB [--pattern GLOB]...
 *
 * against $GITHUB_API_URL (the stack's GitHub stand-in), with $GH_TOKEN or $GITHUB_TOKEN. It
 * follows cli/cli 44ee17760709bedf1cad7e452e61751489b81a33, pkg/cmd/release/download/download.go:
 * the release is looked up by tag (`repos/OWNER/REPO/releases/tags/TAG`; gh also finds a draft
 * through GraphQL, which the stand-in does not serve, so the release must be published), its
 * assets are kept when any pattern matches the whole name (Go's filepath.Match, matchAny), none
 * kept is "no assets match the file pattern", a file already in the directory is refused without
 * --clobber, and each asset is fetched from its API URL with `Accept: application/octet-stream`.
 * Anything else on the command line is refused, so a note that prints more than this fails.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function fail(message, status = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(status);
}

const args = process.argv.slice(2);
if (args[0] !== 'release' || args[1] !== 'download' || !args[2] || args[2].startsWith('-')) {
  fail(
    `gh shim: only "release download TAG --repo R --pattern P..." is supported, not: ${args.join(' ')}`,
    2,
  );
}
const tag = args[2];
let repo;
const patterns = [];
for (let i = 3; i < args.length; i += 2) {
  const [flag, value] = [args[i], args[i + 1]];
  if (value === undefined) fail(`gh shim: ${flag} needs a value`, 2);
  if (flag === '--repo') repo = value;
  else if (flag === '--pattern') patterns.push(value);
  else fail(`gh shim: unsupported option ${flag}`, 2);
}
if (!repo || !/^[^/]+\/[^/]+$/.test(repo)) fail('gh shim: --repo OWNER/REPO is required', 2);
if (patterns.length === 0) fail('gh shim: at least one --pattern is required', 2);

const api = process.env.GITHUB_API_URL;
if (!api) fail('gh shim: GITHUB_API_URL is not set', 2);
const token = process.env.GH_TOKEN || process.env.GITHUB_TOKEN;
const headers = {
  accept: 'application/vnd.github+json',
  ...(token ? { authorization: `token ${token}` } : {}),
};

const found = await fetch(`${api}/repos/${repo}/releases/tags/${encodeURIComponent(tag)}`, {
  headers,
});
if (found.status === 404) fail('release not found');
if (!found.ok) fail(`HTTP ${found.status}: ${await found.text()}`);
const release = await found.json();
const assets = release.assets.filter((a) => patterns.some((p) => goFilepathMatch(p, a.name)));
if (assets.length === 0) {
  fail(release.assets.length > 0 ? 'no assets match the file pattern' : 'no assets to download');
}
for (const asset of assets) {
  const file = path.join(process.cwd(), asset.name);
  if (existsSync(file)) {
    fail(
      `${asset.name} already exists (use \`--clobber\` to overwrite file or \`--skip-existing\` to skip file)`,
    );
  }
  const res = await fetch(asset.url, {
    headers: { ...headers, accept: 'application/octet-stream' },
  });
  if (!res.ok) fail(`HTTP ${res.status}: ${await res.text()}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
}

/**
 * Go's path/filepath.Match on a Unix system: `*` any run of characters but `/`, `?` one such
 * character, `[...]` a class (`^` negates, `a-z` ranges), `\` escapes the next character. A
 * malformed pattern matches nothing (gh ignores the error: `err == nil && isMatch`).
 */
function goFilepathMatch(pattern, name) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\') {
      if (++i >= pattern.length) return false;
      source += escapeRegExp(pattern[i]);
    } else if (c === '[') {
      let j = i + 1;
      let negate = false;
      if (pattern[j] === '^') {
        negate = true;
        j++;
      }
      let cls = '';
      let first = true;
      for (;;) {
        if (j >= pattern.length) return false;
        if (pattern[j] === ']' && !first) break;
        first = false;
        let lo = pattern[j];
        if (lo === '\\') lo = pattern[++j];
        if (lo === undefined || lo === '-' || lo === ']') return false;
        j++;
        if (pattern[j] === '-') {
          let hi = pattern[++j];
          if (hi === '\\') hi = pattern[++j];
          if (hi === undefined || hi === ']' || hi === '-') return false;
          j++;
          cls += `${escapeRegExp(lo)}-${escapeRegExp(hi)}`;
        } else {
          cls += escapeRegExp(lo);
        }
      }
      source += negate ? `[^${cls}]` : `[${cls}]`;
      i = j;
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`).test(name);
}

function escapeRegExp(c) {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
