/**
 * The server's summary rows for the runs table (`GET /api/runs`): steps and the
 * last/min/max of the metrics the columns show. Fetched when the metric columns
 * change, and again at most every REFRESH_MS while the env list changes (runs
 * logging), so a live sweep's numbers follow without a request per point.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MetricKey, RunRow, RunsReply } from '../../protocol/index.js';

const REFRESH_MS = 2000;

export class RunsSummary implements ReactiveController {
  rows: RunRow[] = [];
  catalog: (MetricKey & { runs: number })[] = [];
  /** The metric ids `rows` were fetched for (in `metrics` order). */
  fetchedFor: string[] = [];
  private wanted: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private again = false;
  private lastAt = 0;
  private connected = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
  }

  hostDisconnected(): void {
    this.connected = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Asks for rows with these metrics; `changed`: the runs changed (refetch, throttled). */
  want(metricIds: string[], changed: boolean): void {
    const same = metricIds.length === this.wanted.length && metricIds.every((m, i) => m === this.wanted[i]);
    this.wanted = metricIds;
    if (!same) this.fetchSoon(0);
    else if (changed) this.fetchSoon(Math.max(0, this.lastAt + REFRESH_MS - performance.now()));
  }

  private fetchSoon(delay: number): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fetch(), delay);
  }

  private async fetch(): Promise<void> {
    this.timer = null;
    if (!this.connected) return;
    this.inFlight = true;
    const ids = this.wanted;
    try {
      const q = new URLSearchParams();
      for (const id of ids) q.append('metric', id);
      const res = await fetch(`/api/runs?${q}`);
      if (res.ok) {
        const body = (await res.json()) as RunsReply;
        this.rows = body.runs;
        this.catalog = body.metrics;
        this.fetchedFor = ids;
        this.host.requestUpdate();
      }
    } finally {
      this.inFlight = false;
      this.lastAt = performance.now();
      if (this.again) {
        this.again = false;
        this.fetchSoon(REFRESH_MS);
      }
    }
  }
}
