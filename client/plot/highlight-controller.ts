/**
 * The highlighted trace of a line pane (the compare overlay's run under the
 * pointer, or the legend entry hovered): it is drawn at full strength and every
 * other trace dimmed, as W&B and Aim highlight one run among many. A Lit
 * controller: it re-renders the host when the highlight changes.
 *
 * Drawing costs one series per change, not every series: while a run is
 * highlighted the chart draws every series dimmed (one redraw, on entering) and the
 * run itself is stroked on a HighlightLayer above it; moving to another run redraws
 * only that layer. Changes are drawn at most once per animation frame.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type uPlot from 'uplot';
import { HighlightLayer } from './highlight-layer.js';
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
  /** Whether the chart's series are drawn dimmed now. */
  private dimmed = false;
  /** uPlot series per trace in the chart (2 while smoothing: raw and smoothed). */
  private per = 1;
  private u: uPlot | null = null;
  private layer: HighlightLayer | null = null;
  private frame = 0;
  /** Times the layer was drawn and the chart was redrawn for a highlight (tests and benchmarks read them). */
  readonly counts = { layer: 0, chart: 0 };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly drawn: () => { view: SeriesView; styles: readonly TraceStyle[] },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** The highlighted trace, or null. */
  get trace(): number | null {
    return this.legend ?? this.pointer;
  }

  /** The layer canvas of the chart (tests read its pixels), or null. */
  get canvas(): HTMLCanvasElement | null {
    return this.layer?.canvas ?? null;
  }

  /** After a cursor move: the shown trace nearest the pointer (vertically, at each trace's own nearest x). */
  onCursor(u: uPlot, view: SeriesView, styles: readonly TraceStyle[], hidden: ReadonlySet<number>): void {
    const { left, top, idx } = u.cursor;
    let k: number | null = null;
    if (idx !== null && idx !== undefined && left !== undefined && left >= 0 && top !== undefined) {
      const x = u.posToVal(left, 'x');
      k = closestTrace(view, nearestPoints(view, x), (t) => !hidden.has(t), (t, y) => u.valToPos(y, styles[t]?.axis ?? 'y'), top);
    }
    this.set('pointer', k);
  }

  onLegend(k: number | null): void {
    this.set('legend', k);
  }

  /**
   * Takes a (re)built chart with `per` series per trace: its series take the current
   * dimming, and the layer is drawn after each of its draws (pass this as a `draw` hook).
   */
  attach(u: uPlot, per: number): void {
    if (this.u !== u) {
      this.layer?.remove();
      this.layer = new HighlightLayer(u);
      this.u = u;
    }
    this.per = per;
    this.dimmed = this.trace !== null;
    this.setAlphas(u);
  }

  /** A `draw` hook: the layer follows every draw of the chart. */
  readonly afterDraw = (u: uPlot): void => {
    if (u !== this.u || !this.layer) return;
    const { view, styles } = this.drawn();
    this.layer.draw(this.trace, this.per, view, styles);
    this.counts.layer++;
  };

  private setAlphas(u: uPlot): void {
    for (let si = 1; si < u.series.length; si++) u.series[si]!.alpha = this.dimmed ? DIMMED : 1;
  }

  private set(which: 'pointer' | 'legend', k: number | null): void {
    if (this[which] === k) return;
    this[which] = k;
    this.host.requestUpdate();
    if (!this.frame) this.frame = requestAnimationFrame(this.paint);
  }

  /** Once per frame: the chart redrawn only when dimming starts or ends; else the layer alone. */
  private readonly paint = (): void => {
    this.frame = 0;
    const u = this.u;
    if (!u || !this.layer) return;
    const dim = this.trace !== null;
    if (dim !== this.dimmed) {
      this.dimmed = dim;
      this.setAlphas(u);
      this.counts.chart++;
      // Cached paths, no new ones; the draw hook redraws the layer.
      u.redraw(false);
      return;
    }
    this.afterDraw(u);
  };
}
