// Workspaces for action runs, and what to look for in them afterwards.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temp directory holding `files` (path -> content). */
export function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ws-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Every file under `dir`, relative, sorted. */
export function allFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else found.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return found.sort();
}

/** The `.sigstore.json` files under `dir`, relative, sorted. */
export function bundleFiles(dir: string): string[] {
  return allFiles(dir).filter((f) => f.endsWith('.sigstore.json'));
}

/** The text of every file under `dir`, concatenated (for secret scans). */
export function allFileText(dir: string): string {
  return allFiles(dir)
    .map((f) => readFileSync(path.join(dir, f), 'latin1'))
    .join('\n');
}

/**
 * `::add-mask::SECRET` is the instruction that makes the runner hide SECRET: the runner consumes
 * it and never shows it. Every other byte is what users would see.
 */
export function withoutMaskCommands(text: string): string {
  return text.replace(/^::add-mask::.*$/gm, '');
}
