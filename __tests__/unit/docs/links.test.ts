/**
 * The documentation's links between its own pages (README, CONTRIBUTING, docs/) lead somewhere:
 * the file exists and, with an anchor, one of its headings has that anchor as GitHub renders it.
 * Sections move between pages; a link left behind would lead to the top of a page or to a 404.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { githubAnchor, headingAnchors, localLinks } from '../../helpers/markdown-anchors.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Every broken local link of a page, as `page:line: target (why)`. */
function brokenLinks(
  page: string,
  markdown: string,
  read: (file: string) => string | undefined,
): string[] {
  const problems: string[] = [];
  for (const { target, line } of localLinks(markdown)) {
    const [file, anchor] = target.split('#', 2);
    const resolved =
      file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
    const text = file === '' ? markdown : read(resolved);
    if (text === undefined) {
      problems.push(`${page}:${line}: ${target} (no file ${resolved})`);
    } else if (
      anchor !== undefined &&
      resolved.endsWith('.md') &&
      !headingAnchors(text).includes(anchor)
    ) {
      problems.push(
        `${page}:${line}: ${target} (no heading with anchor #${anchor} in ${resolved})`,
      );
    }
  }
  return problems;
}

function readPage(file: string): string | undefined {
  const full = path.join(ROOT, file);
  if (!existsSync(full)) return undefined;
  return file.endsWith('.md') ? readFileSync(full, 'utf8') : '';
}

describe('links between the documentation pages', () => {
  it.each(PAGES)('%s links only to files and headings that exist', (page) => {
    expect(brokenLinks(page, readFileSync(path.join(ROOT, page), 'utf8'), readPage)).toEqual([]);
  });

  it('computes anchors as GitHub does, repeated headings numbered', () => {
    expect(githubAnchor("Private instances and the token's audience")).toBe(
      'private-instances-and-the-tokens-audience',
    );
    expect(githubAnchor('Migrating from sigstore/gh-action-sigstore-python')).toBe(
      'migrating-from-sigstoregh-action-sigstore-python',
    );
    expect(headingAnchors('# A\n## Notes\n```\n# not a heading\n```\n## Notes\n')).toEqual([
      'a',
      'notes',
      'notes-1',
    ]);
  });

  it('finds a link to a moved section, a missing page and a missing anchor', () => {
    const pages: Record<string, string> = {
      'docs/verify.md': '# Verify\n## The repository is pinned\n',
    };
    const markdown = [
      '# Title',
      'See [pinned](docs/verify.md#the-repository-is-pinned), [top](#title).',
      'Moved: [by hand](#running-the-action-by-hand), [gone](docs/gone.md),',
      '[wrong](docs/verify.md#what-each-check-proves), `[not](a-link)` and [web](https://example.com/#x).',
    ].join('\n');
    expect(brokenLinks('README.md', markdown, (file) => pages[file])).toEqual([
      'README.md:3: #running-the-action-by-hand (no heading with anchor #running-the-action-by-hand in README.md)',
      'README.md:3: docs/gone.md (no file docs/gone.md)',
      'README.md:4: docs/verify.md#what-each-check-proves (no heading with anchor #what-each-check-proves in docs/verify.md)',
    ]);
  });
});
