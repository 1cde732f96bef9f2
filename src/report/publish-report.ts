import type { PublishReport } from '../publish/run.js';
import { code, link } from './markdown.js';
import { counted } from './wording.js';

/** The job summary's lines about where the bundles went. */
export function publishSummaryMarkdown(report: PublishReport): string {
  const lines: string[] = [];
  if (report.artifact) {
    lines.push(
      `- Workflow artifact ${link(report.artifact.name, report.artifact.url)} (id ${report.artifact.id})`,
    );
  }
  if (report.release) {
    const counts = new Map<string, number>();
    for (const asset of report.release.assets)
      counts.set(asset.outcome, (counts.get(asset.outcome) ?? 0) + 1);
    const described = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
    lines.push(
      `- Release ${link(report.release.tag, report.release.url)}: ${counted(report.release.assets.length, 'bundle')} attached (${described || 'none'})` +
        (report.release.notes ? `; the notes have a ${code('Verify these files')} section` : ''),
    );
  }
  return lines.length ? `\n### Published\n\n${lines.join('\n')}\n` : '';
}
