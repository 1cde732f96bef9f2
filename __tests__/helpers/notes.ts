/**
 * The steps of a release notes' "Verify these files" section, as a reader follows them: each
 * shell block with the paragraph that introduces it and the one that follows it (what the
 * commands print when they pass).
 */
import { markdownStructure } from './markdown.js';

export interface NotesStep {
  /** The paragraph before the block, e.g. `**Download** ...` or `**cosign**`. */
  readonly title: string;
  readonly script: string;
  /** The paragraph after the block. */
  readonly after: string;
}

export function notesSteps(markdown: string): NotesStep[] {
  const lines = markdown.split('\n');
  const paragraph = (from: number, step: 1 | -1): string => {
    let i = from;
    while (lines[i] === '') i += step;
    const found: string[] = [];
    while (i >= 0 && i < lines.length && lines[i] !== '' && !lines[i].startsWith('```')) {
      found.push(lines[i]);
      i += step;
    }
    return (step === 1 ? found : found.reverse()).join('\n');
  };
  const steps: NotesStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,})sh$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.indexOf(fence[1], i + 1);
    steps.push({
      title: paragraph(i - 1, -1),
      script: lines.slice(i + 1, end).join('\n'),
      after: paragraph(end + 1, 1),
    });
    i = end;
  }
  // The same blocks as a Markdown parser sees them: nothing was misread.
  const blocks = markdownStructure(markdown).codeBlocks.filter((b) => b.info === 'sh');
  if (blocks.map((b) => b.content).join('\n') !== steps.map((s) => `${s.script}\n`).join('\n')) {
    throw new Error('notesSteps: the shell blocks differ from what a Markdown parser reads');
  }
  return steps;
}

/** The step whose title starts with `title` (e.g. `**Download**`, `**sigstore-action**`). */
export function notesStep(steps: readonly NotesStep[], title: string, nth = 0): NotesStep {
  const found = steps.filter((s) => s.title.startsWith(title));
  if (!found[nth]) {
    throw new Error(`no step "${title}" (#${nth}) in: ${steps.map((s) => s.title).join(' | ')}`);
  }
  return found[nth];
}
