/** Requests and retries per service, for the log and the job summary. */
export class NetworkStats {
  private readonly services = new Map<string, ServiceCounters>();

  for(service: string): ServiceCounters {
    let counters = this.services.get(service);
    if (!counters) {
      counters = { requests: 0, retries: 0, reasons: {} };
      this.services.set(service, counters);
    }
    return counters;
  }

  /** Services in first-use order. */
  entries(): [string, ServiceCounters][] {
    return [...this.services.entries()];
  }

  /** "Fulcio 1, Rekor 1012, the timestamp authority 1003". */
  describeRequests(): string {
    return this.entries()
      .map(([name, c]) => `${name} ${c.requests}`)
      .join(', ');
  }

  /** "Rekor 12 (503 ×7, timeout ×5), TSA 3 (429 ×3)", or '' without retries. */
  describeRetries(): string {
    return this.entries()
      .filter(([, c]) => c.retries > 0)
      .map(([name, c]) => {
        const reasons = Object.entries(c.reasons)
          .map(([reason, n]) => `${reason} ×${n}`)
          .join(', ');
        return `${name} ${c.retries} (${reasons})`;
      })
      .join(', ');
  }
}

export interface ServiceCounters {
  requests: number;
  retries: number;
  /** Why attempts were retried: a status code, `timeout`, `network`, `malformed answer`. */
  reasons: Record<string, number>;
}
