/**
 * Markdown as GitHub shows it, in a real browser: rendered by markdown-it the way GitHub reads it
 * (helpers/markdown.ts), styled with GitHub's own Markdown stylesheet (the npm package
 * github-markdown-css, generated from github.com's CSS: tables are `display: block; width:
 * max-content; max-width: 100%; overflow: auto`, so a table wider than the page scrolls inside
 * its box and its last columns are cut off; code blocks are `overflow: auto` and scroll too),
 * laid out at GitHub's content width in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core), then measured.
 *
 * The content width: 1012 px, the width of the Markdown box of a release body and of a job
 * summary on a wide window. It is Primer's `$width-lg` / `$container-lg` (primer/css,
 * src/support/variables/layout.scss, commit 0875df4f25373511874f5bfcd117a1bc2006762f), the
 * large container GitHub lays its pages out in. GitHub's README view is narrower (github-markdown-
 * css's readme: "GitHub uses 980px width and 45px padding", 890 px of content), and any window
 * narrower than GitHub's layout is too: 1012 px is the widest the text may need, not a promise.
 *
 * Fonts: GitHub's stacks end in Arial and Liberation Mono, which Debian's fonts-liberation
 * provides (.ci/run installs it with Chromium; google-chrome's Debian package, on GitHub's
 * runners, depends on it). Liberation Mono advances 0.6 em per character, as wide as the
 * monospace fonts of macOS (SF Mono, Menlo) and wider than Windows' Consolas (0.55 em): a code
 * line that fits here fits there. `fitCheck` refuses a narrower monospace font, so a machine
 * without these fonts cannot pass a line that would not fit.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderMarkdown } from './markdown.js';
import { REPO_ROOT } from './action.js';

export const GITHUB_CONTENT_WIDTH = 1012;

/** Debian's Chromium (and the symlink GitHub's Ubuntu runners have), or $CHROMIUM. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Screenshots of every rendered page, kept as the CI run's artefact. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'artifacts', 'summary-width');

/**
 * The flags of a headless Chromium on a machine with no network but loopback: no sandbox (the
 * tests run as root), no GPU, and none of the background connections (updates, sync, QUIC
 * probes) that a closed network refuses at every start.
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts Chromium with a new, empty profile. Without Chromium the test FAILS, saying how to get
 * it: a width check that skips itself would pass on every machine that cannot run it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: the browser checks of the job summary and release notes need it. ` +
        "Install Debian's: `apt-get install -y --no-install-recommends chromium fonts-liberation` " +
        '(.ci/run does), or set CHROMIUM to a Chromium binary.',
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: GITHUB_CONTENT_WIDTH + 2 * PAGE_MARGIN, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Space around the Markdown box in the screenshot. */
const PAGE_MARGIN = 16;

const require = createRequire(import.meta.url);

/** GitHub's light theme, as github-markdown-css generates it from github.com. */
function githubStylesheet(): string {
  return readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
}

/** The HTML page of a Markdown document in GitHub's Markdown box, `width` px of content. */
export function githubPageHTML(markdown: string, width = GITHUB_CONTENT_WIDTH): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><style>
${githubStylesheet()}
body { margin: 0; background: #ffffff; }
.markdown-body { box-sizing: content-box; width: ${width}px; margin: ${PAGE_MARGIN}px; padding: 0; }
</style></head>
<body><article class="markdown-body">
${renderMarkdown(markdown)}
</article></body></html>`;
}

/** Something wider than the Markdown box, or scrolling inside it. */
export interface Overflow {
  readonly kind: 'outside' | 'scrolls';
  /** Tag and the start of its text. */
  readonly element: string;
  readonly width: number;
  readonly overBy: number;
}

export interface FitResult {
  readonly overflows: Overflow[];
  /** Pixels per character of the monospace font at 100 px (GitHub's fonts: >= 60). */
  readonly monospaceAdvance: number;
  readonly screenshot: string;
}

/**
 * Opens the document, unfolds every `<details>` (their content must fit too), and lists every
 * element that sticks out of the Markdown box's content area or scrolls sideways inside it: a
 * table or code block wider than the page is one that GitHub scrolls, cutting off its end.
 * Then saves a screenshot of the whole page as SCREENSHOT_DIR/<name>.png.
 */
export async function fitCheck(
  browser: Browser,
  name: string,
  markdown: string,
  width = GITHUB_CONTENT_WIDTH,
): Promise<FitResult> {
  const page: Page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: width + 2 * PAGE_MARGIN, height: 900 });
    await page.setContent(githubPageHTML(markdown, width), { waitUntil: 'load' });
    const measured = await page.evaluate<Omit<FitResult, 'screenshot'>>(MEASURE);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const screenshot = path.join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    return { ...measured, screenshot };
  } finally {
    await page.close();
  }
}

/**
 * Runs in the page (plain JavaScript: the project's TypeScript has no DOM types). Sub-pixel
 * rounding is forgiven (half a pixel out, one pixel of scroll).
 */
const MEASURE = `(() => {
  const body = document.querySelector('.markdown-body');
  for (const details of body.querySelectorAll('details')) details.open = true;
  const box = body.getBoundingClientRect();
  const style = getComputedStyle(body);
  const left = box.left + parseFloat(style.paddingLeft);
  const right = box.right - parseFloat(style.paddingRight);
  const describe = (el) => {
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim();
    return el.tagName.toLowerCase() + (text ? ': ' + (text.length > 80 ? text.slice(0, 80) + '…' : text) : '');
  };
  const overflows = [];
  for (const el of body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const over = Math.max(rect.right - right, left - rect.left);
    if (over > 0.5) {
      overflows.push({ kind: 'outside', element: describe(el), width: Math.round(rect.width), overBy: Math.round(over) });
    }
    const overflowX = getComputedStyle(el).overflowX;
    if ((overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      overflows.push({ kind: 'scrolls', element: describe(el), width: el.scrollWidth, overBy: el.scrollWidth - el.clientWidth });
    }
  }
  const probe = document.createElement('span');
  probe.style.cssText = 'font-family: ui-monospace, SFMono-Regular, SF Mono, Menlo, Consolas, Liberation Mono, monospace; font-size: 100px; white-space: pre; position: absolute; visibility: hidden';
  probe.textContent = 'x'.repeat(100);
  document.body.appendChild(probe);
  const monospaceAdvance = probe.getBoundingClientRect().width / 100;
  probe.remove();
  return { overflows, monospaceAdvance };
})()`;

/** The overflows as lines for a test's failure message. */
export function describeOverflows(result: FitResult): string {
  return result.overflows
    .slice(0, 12)
    .map(
      (o) =>
        `${o.kind === 'scrolls' ? 'scrolls sideways' : 'sticks out'} by ${o.overBy} px (${o.width} px wide): ${o.element}`,
    )
    .concat(result.overflows.length > 12 ? [`… ${result.overflows.length - 12} more`] : [])
    .join('\n');
}
