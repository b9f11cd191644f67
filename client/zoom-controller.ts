/**
 * A plot's zoom as a Lit ReactiveController: the x (and y) range, the range's
 * points refetched at full resolution for every window the plot draws (as of the
 * replayed moment when replaying, fetched again when the moment moves), and the
 * sync group (side-by-side compare) whose plots zoom together.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type uPlot from 'uplot';
import type { PlotMember } from './compare/overlay-view.js';
import { joinZoom, shareZoom, type XRange } from './compare/zoom-sync.js';
import { fetchRange, type FetchWindow } from './fetch-range.js';
import type { ClientStore, ClientTrace } from './store.js';

export interface ZoomHost extends ReactiveControllerHost {
  readonly store: ClientStore;
  /** The windows whose points a zoom refetches. */
  zoomSources(): PlotMember[];
  /**
   * How x maps to receive time for a window: null when x is the step as sent (a zoom
   * refetches an x range), else the ms t such that t = base + x·1000 (a zoom on a time
   * axis refetches the points received in that time range).
   */
  zoomTimeBase(m: PlotMember): number | null;
  /** The plot's width in CSS pixels: the buckets of a refetch. */
  zoomBuckets(): number;
}

export class ZoomController implements ReactiveController {
  x: XRange | null = null;
  private y: XRange | null = null;
  /** Full-resolution points of the zoomed range per member (`env/win`), when fetched. */
  private points: Map<string, ClientTrace[]> | null = null;
  /** The store's moment the points were fetched for. */
  private until: number | null = null;
  /** Bumped when what the plot must draw changed. */
  rev = 0;
  private key: string | null = null;
  private leave: (() => void) | null = null;

  constructor(private readonly host: ZoomHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.leave?.();
    this.leave = null;
    this.key = null;
  }

  /** Joins the sync group `key` (null: none). */
  syncWith(key: string | null): void {
    if (key === this.key && (key === null || this.leave)) return;
    this.leave?.();
    this.key = key;
    this.leave = key ? joinZoom(key, this.onShared) : null;
  }

  traces(m: PlotMember): ClientTrace[] | undefined {
    return this.points?.get(`${m.env}/${m.win}`);
  }

  /** Zooms to a drag selection (x, y or both); shares and refetches a new x range. */
  select(u: uPlot, x: XRange | null, y: XRange | null): void {
    if (y) this.y = y;
    if (x) this.x = x;
    else this.x ??= { min: u.scales.x.min!, max: u.scales.x.max! };
    this.apply(u);
    this.host.requestUpdate();
    if (!x) return;
    if (this.key) shareZoom(this.key, this.onShared, x);
    void this.fetch(x);
  }

  apply(u: uPlot): void {
    if (this.x) u.setScale('x', this.x);
    if (this.y) u.setScale('y', this.y);
  }

  reset(share = true): void {
    if (!this.x) return;
    if (share && this.key) shareZoom(this.key, this.onShared, null);
    this.x = null;
    this.y = null;
    this.points = null;
    this.rev++;
    this.host.requestUpdate();
  }

  /** Replay moved on while zoomed in: fetch the range again as of the new moment. */
  followMoment(): void {
    if (!this.x || !this.points || this.until === this.host.store.until) return;
    this.until = this.host.store.until;
    void this.fetch(this.x);
  }

  private readonly onShared = (range: XRange | null): void => {
    if (!range) return this.reset(false);
    this.x = range;
    this.rev++;
    this.host.requestUpdate();
    void this.fetch(range);
  };

  private async fetch(range: XRange): Promise<void> {
    const until = this.host.store.until;
    const sources = this.host.zoomSources();
    const window = (m: PlotMember): FetchWindow => {
      const base = this.host.zoomTimeBase(m);
      return base === null ? { x0: range.min, x1: range.max } : { since: base + range.min * 1000, until: base + range.max * 1000 };
    };
    const got = await Promise.all(sources.map((m) => fetchRange(m.env, m.win, window(m), this.host.zoomBuckets(), until)));
    if (this.x?.min !== range.min || this.x.max !== range.max || this.host.store.until !== until) return; // moved on meanwhile
    const map = new Map<string, ClientTrace[]>();
    sources.forEach((m, i) => got[i] && map.set(`${m.env}/${m.win}`, got[i]));
    this.points = map;
    this.until = until;
    this.rev++;
    this.host.requestUpdate();
  }
}
