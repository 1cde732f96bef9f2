/**
 * The release notes link to sections of the README by their anchors: each must be the anchor
 * GitHub gives one of the README's headings, or the links lead to the top of the page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { README_ANCHORS } from '../../../src/publish/release-notes.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/**
 * The anchor GitHub renders for a heading (its github-slugger rule): lower case, every character
 * but letters, digits, marks, spaces, `-` and `_` removed, spaces made `-`. Code spans' backticks
 * and brackets go with the rest.
 */
function githubAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function headingAnchors(markdown: string): string[] {
  const anchors: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const f = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && (fence === undefined || line.startsWith(fence))) {
      fence = fence === undefined ? f : undefined;
      continue;
    }
    const heading = fence === undefined && /^#{1,6} +(.*?) *#*$/.exec(line)?.[1];
    if (heading) anchors.push(githubAnchor(heading));
  }
  return anchors;
}

describe('README anchors the release notes link to', () => {
  it('computes anchors as GitHub does', () => {
    expect(githubAnchor('The bundle is for a different file `[BUNDLE_MISMATCH]`')).toBe(
      'the-bundle-is-for-a-different-file-bundle_mismatch',
    );
    expect(githubAnchor('A tag identity against a branch signature (or back) `[X_Y]`')).toBe(
      'a-tag-identity-against-a-branch-signature-or-back-x_y',
    );
  });

  it.each(Object.entries(README_ANCHORS))('%s: #%s is a heading of README.md', (_, anchor) => {
    expect(headingAnchors(README)).toContain(anchor);
  });

  it('has no README link of its own that leads nowhere', () => {
    const anchors = headingAnchors(README);
    const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.filter((l) => !anchors.includes(l))).toEqual([]);
  });
});
