/**
 * Pure: what one line pane draws, before any drawing: each trace's name, style and
 * columns in the pane's x units. A single window's traces are styled as Visdom draws
 * them; a compare overlay's series take one colour per env and one dash per trace name.
 */
import { overlayColumns, type PlotMember } from '../compare/overlay-view.js';
import type { ClientStore, ClientTrace, ClientWindow } from '../store.js';
import { xColumn, type Columns, type XMode } from './series-view.js';
import { traceStyles, type TraceStyle } from './style.js';

export interface PlotLayout {
  names: string[];
  styles: TraceStyle[];
  columns: Columns[];
}

/** The Plotly layout Visdom stored with the window, if any. */
export function layoutOf(w: ClientWindow): Record<string, unknown> | undefined {
  const c = w.info.content as { layout?: Record<string, unknown> } | null;
  return c && typeof c === 'object' && c.layout && typeof c.layout === 'object' ? c.layout : undefined;
}

/** One window's traces (or a zoomed range of them), x as steps or as times since `envStart` (ms). */
export function windowLayout(w: ClientWindow, traces: readonly ClientTrace[], xMode: XMode, envStart: number): PlotLayout {
  const props = new Map(w.info.traces.map((t) => [t.id, t.props]));
  const styles = traceStyles(w.info.type, w.info.opts, traces.map((t) => ({ name: t.name, props: props.get(t.id) ?? {} })));
  return { names: traces.map((t) => t.name), styles, columns: traces.map((t) => ({ x: xColumn(t, xMode, envStart), y: t.y })) };
}

/** The matched windows of several envs on one chart, labelled `env / trace`. */
export function overlayLayout(
  store: ClientStore,
  w: ClientWindow,
  members: readonly PlotMember[],
  envs: readonly string[],
  xMode: XMode,
  zoomed: (m: PlotMember) => ClientTrace[] | undefined,
): PlotLayout {
  const series = overlayColumns(store, members, envs, xMode, zoomed);
  const styles = traceStyles(w.info.type, {}, series.map((o) => ({ name: o.label, props: {} }))).map((st, k) => ({ ...st, color: series[k]!.color, dash: series[k]!.dash }));
  return { names: series.map((o) => o.label), styles, columns: series };
}
