import * as core from '@actions/core';
import { noun } from '../report/wording.js';

const INTERVAL_MS = 10_000;

/**
 * A progress line every ten seconds while signing runs long (many files, or one large file
 * being hashed), so a log never looks stuck. Quiet for runs shorter than that.
 */
export class ProgressReporter {
  private files = 0;
  private bytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly total: number) {
    this.timer = setInterval(() => this.report(), INTERVAL_MS);
    this.timer.unref();
  }

  addBytes(n: number): void {
    this.bytes += n;
  }

  fileDone(): void {
    this.files++;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private report(): void {
    core.info(
      `Progress: ${this.files}/${this.total} ${noun(this.total, 'file')} signed, ${formatBytes(this.bytes)} hashed`,
    );
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
