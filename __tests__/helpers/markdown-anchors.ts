/**
 * Headings and links of Markdown documents as GitHub renders them, for the documentation tests.
 */

/**
 * The anchor GitHub renders for a heading (its github-slugger rule): lower case, every character
 * but letters, digits, marks, spaces, `-` and `_` removed, spaces made `-`. Code spans' backticks
 * and brackets go with the rest.
 */
export function githubAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Each line outside fenced code blocks, with its 1-based number. */
function proseLines(markdown: string): { line: string; number: number }[] {
  const lines: { line: string; number: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((line, i) => {
    const f = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && (fence === undefined || line.startsWith(fence))) {
      fence = fence === undefined ? f : undefined;
      return;
    }
    if (fence === undefined) lines.push({ line, number: i + 1 });
  });
  return lines;
}

/** The anchors of a document's headings; repeated headings get `-1`, `-2`, ... as on GitHub. */
export function headingAnchors(markdown: string): string[] {
  const anchors: string[] = [];
  const seen = new Map<string, number>();
  for (const { line } of proseLines(markdown)) {
    const heading = /^#{1,6} +(.*?) *#*$/.exec(line)?.[1];
    if (!heading) continue;
    const anchor = githubAnchor(heading);
    const count = seen.get(anchor) ?? 0;
    seen.set(anchor, count + 1);
    anchors.push(count === 0 ? anchor : `${anchor}-${count}`);
  }
  return anchors;
}

/** Links to other files of the repository or to anchors (`[text](path#anchor)`), not URLs. */
export function localLinks(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  for (const { line, number } of proseLines(markdown)) {
    // Inline code may hold brackets that are not links.
    const prose = line.replace(/`[^`]*`/g, '``');
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      links.push({ target, line: number });
    }
  }
  return links;
}
