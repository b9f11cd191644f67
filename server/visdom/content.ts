/**
 * How Visdom windows are kept in a window's `content` (protocol/model.ts says what
 * content holds per window type; these are the Visdom-specific parts of it).
 */
import type { Trace } from './traces.js';

export type Layout = Record<string, unknown>;

/** Line/scatter windows: the Plotly layout, and the opts `/update` copied to the window's top level. */
export interface SeriesContent {
  layout: Layout;
  top?: Record<string, unknown>;
}

/** bar, histogram, heatmap and any other Plotly figure: the figure itself (plus `top`, as above). */
export interface FigureContent {
  data: Trace[];
  layout: Layout;
  top?: Record<string, unknown>;
}

/** A Visdom window type runboard does not draw (network, embeddings, ...): kept verbatim and returned as sent. */
export interface ForeignContent {
  data: [];
  layout: Layout;
  visdom: { type: string; content: unknown; extra: Record<string, unknown> };
}

export function isForeign(content: unknown): content is ForeignContent {
  return typeof content === 'object' && content !== null && 'visdom' in content;
}

/** Visdom types whose window content is data[0].content rather than a figure. */
export const CONTENT_TYPES = new Set(['text', 'image', 'image_history', 'properties']);
/** Visdom types with a content payload that runboard keeps verbatim. */
export const FOREIGN_TYPES = new Set(['network', 'embeddings']);
