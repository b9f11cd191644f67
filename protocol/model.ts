/**
 * Core nouns shared by the server, the browser client and trainer clients.
 * Points always travel as columns: `x`, `y` (null marks a gap) and `t`
 * (ms since the epoch: the trainer's time `T` when it sent one, else the server's
 * receive time).
 */
import type { RunMeta } from './runs.js';

/** An environment: a namespace of windows, usually one training run. */
export type EnvId = string;
/** A window (pane) id, unique within its env. */
export type WindowId = string;

/** Window kinds the store knows. `line` and `scatter` hold series; the rest hold content. */
export type WindowType =
  | 'line'
  | 'scatter'
  | 'text'
  | 'image'
  | 'image_history'
  | 'bar'
  | 'histogram'
  | 'heatmap'
  | 'properties'
  | 'plotly';

/** Window options as Visdom spells them. Unknown keys are kept and returned as sent. */
export interface WindowOpts {
  title?: string;
  legend?: string[];
  xlabel?: string;
  ylabel?: string;
  xtype?: 'linear' | 'log';
  ytype?: 'linear' | 'log';
  showlegend?: boolean;
  markers?: boolean;
  dash?: string[];
  linecolor?: number[][] | string[];
  [key: string]: unknown;
}

/** Points in columns. `y[i] === null` is a gap (the trainer sent null, NaN or ±Infinity); see `x` for a null x. */
export interface SeriesColumns {
  /**
   * `x[i] === null` (with `y[i]` null) is a break that has no position: the Visdom client
   * sends one between the segments of stem and quiver plots, and it is stored and
   * returned where it was sent, in seq order. Only Visdom writes make one (the native
   * API requires finite X); a decimated view leaves them out.
   */
  x: (number | null)[];
  y: (number | null)[];
  /**
   * When each point was logged, ms since the epoch: the trainer's `T` (whole ms) when
   * the write carried one, else the time the server received it. Not sorted when a
   * trainer's clock goes back; points always come in seq (step) order, ties included.
   */
  t: number[];
}

/** A trace's place in the stream: how many points it holds. Resuming from a cursor gives no gap and no duplicate. */
export type Cursor = number;

/** One trace as the read API and the socket describe it. */
export interface TraceInfo {
  /** Stable id of this trace; a replaced trace gets a new one. Cursors are keyed by it. */
  id: number;
  name: string;
  /** Number of points stored; also the cursor after the last point. */
  points: number;
  xmin: number | null;
  xmax: number | null;
  ymin: number | null;
  ymax: number | null;
  /** Extra per-trace properties (Visdom's mode, line, marker, ...). */
  props: Record<string, unknown>;
}

/** A window as the read API and the socket describe it. */
export interface WindowInfo {
  id: WindowId;
  type: WindowType;
  opts: WindowOpts;
  /** Position in the env (Visdom's `i`). */
  order: number;
  version: number;
  /** Non-series payload: HTML for text, {src,caption} for image, a list for image_history, a Plotly figure, ... */
  content: unknown;
  traces: TraceInfo[];
  createdAt: number;
  updatedAt: number;
}

/** An env as `GET /api/envs` lists it. */
export interface EnvSummary {
  id: EnvId;
  windows: number;
  points: number;
  createdAt: number;
  /** Last write (ms since the epoch). */
  lastActivity: number;
  /** The run's config, tags, notes and colour (`PATCH /api/env/:env`). */
  meta: RunMeta;
}

/** A trace's data as the read API and the socket send it. */
export interface TraceData extends SeriesColumns {
  id: number;
  name: string;
  /** Seq of the first point in these columns when exact; 0 for a decimated view. */
  start: number;
  /** Cursor after the last stored point of this trace. */
  end: Cursor;
  /** True when these columns are a min/max decimated view, not every point. */
  decimated: boolean;
}
