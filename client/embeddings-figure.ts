/**
 * Visdom's embeddings window (`vis.embeddings`: `{data: [{position: [x, y], label,
 * group, name, idx}]}`, or `{isLoading: true}` while the trainer runs t-SNE) → Plotly
 * scatter traces, one per group in Visdom's group colours. The hover preview (name and
 * label) is drawn by the pane as text, not by Plotly. Pure: no Plotly, no DOM.
 */
import type { PaneFigure, Trace } from './plotly-figure.js';
import { paneFigure } from './plotly-figure.js';

/** The colours of Visdom's embeddings pane, by group. */
export const GROUP_COLORS = ['#1f78b4', '#b2df8a', '#33a02c', '#fb9a99', '#e31a1c', '#fdbf6f', '#ff7f00', '#6a3d9a', '#cab2d6', '#cccc00'];

export interface EmbeddingPoint {
  name: string;
  label: string;
  group: number;
  /** The entity's index in the trainer's features (what its handlers look up). */
  idx: number;
  x: number;
  y: number;
}

/** The trainer's preview of a hovered point (`EntitySelected`): HTML, sanitized when drawn. */
export interface EmbeddingPreview {
  entityId?: string;
  html: string;
}

export interface EmbeddingsView {
  loading: boolean;
  points: EmbeddingPoint[];
  figure: PaneFigure;
  preview: EmbeddingPreview | null;
  /** A lasso selection is shown: the pane can go back to the points before it. */
  hasPrevious: boolean;
}

/** Visdom's UI ignores a lasso around this many points or fewer (too few to re-embed). */
export const MIN_REGION = 22;

/** The `idx` of the points a lasso selected (Plotly gives each point's `customdata`: its index in `points`). */
export function selectedIdxs(points: readonly EmbeddingPoint[], customdata: readonly unknown[]): number[] {
  return customdata.flatMap((i) => (typeof i === 'number' && points[i] ? [points[i]!.idx] : []));
}

export function embeddingsView(content: unknown, revision: string | number): EmbeddingsView {
  const payload = ((content as { visdom?: { content?: unknown } } | null)?.visdom?.content ?? {}) as {
    data?: unknown;
    isLoading?: unknown;
    selected?: { html?: unknown; entityId?: unknown } | null;
    has_previous?: unknown;
  };
  const raw = Array.isArray(payload.data) ? (payload.data as Record<string, unknown>[]) : [];
  const points = raw.flatMap((p, i) => {
    const pos = p?.position as unknown[] | undefined;
    const x = Number(pos?.[0]);
    const y = Number(pos?.[1]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return [];
    const group = Number.isInteger(p.group) ? (p.group as number) : 0;
    const idx = Number.isInteger(p.idx) && (p.idx as number) >= 0 ? (p.idx as number) : i;
    return [{ name: String(p.name ?? `Entity ${i}`), label: String(p.label ?? ''), group, idx, x, y }];
  });
  const groups = [...new Set(points.map((p) => p.group))].sort((a, b) => a - b);
  const data: Trace[] = groups.map((g) => {
    const idx = points.flatMap((p, i) => (p.group === g ? [i] : []));
    return {
      type: 'scatter',
      mode: 'markers',
      name: points[idx[0]!]!.label,
      x: idx.map((i) => points[i]!.x),
      y: idx.map((i) => points[i]!.y),
      // The point's index in `points`, for the hover preview.
      customdata: idx,
      marker: { color: GROUP_COLORS[((g % GROUP_COLORS.length) + GROUP_COLORS.length) % GROUP_COLORS.length], size: 7 },
      hoverinfo: 'none',
    };
  });
  const layout = {
    showlegend: false,
    xaxis: { showgrid: false, zeroline: false, showticklabels: false },
    yaxis: { showgrid: false, zeroline: false, showticklabels: false, scaleanchor: 'x' },
    margin: { l: 10, r: 10, t: 10, b: 10 },
  };
  const sel = payload.selected;
  const preview = sel && typeof sel.html === 'string' ? { html: sel.html, ...(sel.entityId === undefined ? {} : { entityId: String(sel.entityId) }) } : null;
  return {
    loading: payload.isLoading === true && points.length === 0,
    points,
    figure: paneFigure({ data, layout }, revision),
    preview,
    hasPrevious: payload.has_previous === true,
  };
}
