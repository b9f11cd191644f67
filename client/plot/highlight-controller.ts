/**
 * The highlighted trace of a line pane (the compare overlay's run under the
 * pointer, or the legend entry hovered): it is drawn at full strength and every
 * other trace dimmed, as W&B and Aim highlight one run among many. A Lit
 * controller: it re-renders the host when the highlight changes and sets the
 * uPlot series' alpha (no new paths: a redraw of the cached ones).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type uPlot from 'uplot';
import { closestTrace, nearestPoints } from './legend-values.js';
import type { SeriesView } from './series-view.js';
import type { TraceStyle } from './style.js';

/** Alpha of the traces that are not highlighted. */
export const DIMMED = 0.18;

export class HighlightController implements ReactiveController {
  /** The trace under the pointer, or null. */
  private pointer: number | null = null;
  /** The legend entry under the pointer, or null (wins over the chart's). */
  private legend: number | null = null;
  private drawn: number | null = null;
  /** uPlot series per trace in the chart (2 while smoothing: raw and smoothed). */
  private per = 1;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The highlighted trace, or null. */
  get trace(): number | null {
    return this.legend ?? this.pointer;
  }

  /** After a cursor move: the shown trace nearest the pointer (vertically, at each trace's own nearest x). */
  onCursor(u: uPlot, view: SeriesView, styles: readonly TraceStyle[], hidden: ReadonlySet<number>): void {
    const { left, top, idx } = u.cursor;
    let k: number | null = null;
    if (idx !== null && idx !== undefined && left !== undefined && left >= 0 && top !== undefined) {
      const x = u.posToVal(left, 'x');
      k = closestTrace(view, nearestPoints(view, x), (t) => !hidden.has(t), (t, y) => u.valToPos(y, styles[t]?.axis ?? 'y'), top);
    }
    this.set('pointer', k, u);
  }

  onLegend(k: number | null, u: uPlot | null): void {
    this.set('legend', k, u);
  }

  /** Applies the highlight to a (re)built chart with `per` series per trace. */
  apply(u: uPlot, per: number): void {
    const hi = this.trace;
    this.per = per;
    u.series.forEach((s, si) => {
      if (si > 0) s.alpha = hi === null || Math.floor((si - 1) / per) === hi ? 1 : DIMMED;
    });
    this.drawn = hi;
  }

  private set(which: 'pointer' | 'legend', k: number | null, u: uPlot | null): void {
    if (this[which] === k) return;
    this[which] = k;
    this.host.requestUpdate();
    if (u && this.trace !== this.drawn) {
      this.apply(u, this.per);
      u.redraw(false);
    }
  }
}
