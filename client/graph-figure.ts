/**
 * Visdom's network graph window (`vis.graph`: `{nodes: [{name, label, club?}],
 * edges: [{source, target, label}]}` plus the `directed`, `showVertexLabels` and
 * `showEdgeLabels` options) → what the graph pane draws: placed nodes with their
 * colour, and edges with their end points. Pure: no DOM.
 */
import { forceLayout } from './graph-layout.js';

/** d3's category10, which Visdom's pane colours nodes with (by `club`, in order of first appearance). */
export const CATEGORY10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** Visdom's pane size for a graph when the opts give none. */
const DEFAULT_SIZE = 500;

export interface GraphNode {
  x: number;
  y: number;
  name: string;
  label: string;
  color: string;
}

export interface GraphEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: string;
}

export interface GraphFigure {
  width: number;
  height: number;
  directed: boolean;
  showVertexLabels: boolean;
  showEdgeLabels: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

interface Payload {
  nodes?: { name?: unknown; label?: unknown; club?: unknown }[];
  edges?: { source?: unknown; target?: unknown; label?: unknown }[];
}

function flag(v: unknown): boolean {
  return v === true || v === 'True' || v === 'true' || v === 1;
}

function size(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_SIZE;
}

/**
 * `content` is the stored window content (`{visdom: {content, extra}}`); the options
 * come from the window's opts, or from `extra` for a window loaded from a saved env.
 */
export function graphFigure(content: unknown, opts: Record<string, unknown>): GraphFigure {
  const visdom = (content as { visdom?: { content?: unknown; extra?: Record<string, unknown> } } | null)?.visdom;
  const payload = (visdom?.content ?? {}) as Payload;
  const extra = visdom?.extra ?? {};
  const opt = (k: string) => extra[k] ?? opts[k];
  const rawNodes = Array.isArray(payload.nodes) ? payload.nodes : [];
  const rawEdges = Array.isArray(payload.edges) ? payload.edges : [];
  const index = new Map<string, number>();
  rawNodes.forEach((n, i) => index.set(String(n?.name ?? i), i));
  const at = (ref: unknown) => index.get(String(ref));
  const pairs = rawEdges.flatMap((e) => {
    const s = at(e?.source);
    const t = at(e?.target);
    return s === undefined || t === undefined ? [] : [{ s, t, label: String(e?.label ?? `${e?.source}-${e?.target}`) }];
  });
  const width = size(opt('width'));
  const height = size(opt('height'));
  const pos = forceLayout({ nodes: rawNodes.length, edges: pairs.map((e) => [e.s, e.t] as const), width, height });
  const clubs = new Map<string, string>();
  const nodes = rawNodes.map((n, i) => {
    const club = String(n?.club);
    if (!clubs.has(club)) clubs.set(club, CATEGORY10[clubs.size % CATEGORY10.length]!);
    const name = String(n?.name ?? i);
    return { ...pos[i]!, name, label: String(n?.label ?? name), color: clubs.get(club)! };
  });
  const edges = pairs.map(({ s, t, label }) => ({ x1: nodes[s]!.x, y1: nodes[s]!.y, x2: nodes[t]!.x, y2: nodes[t]!.y, label }));
  return {
    width,
    height,
    directed: flag(opt('directed')),
    showVertexLabels: flag(opt('showVertexLabels')),
    showEdgeLabels: flag(opt('showEdgeLabels')),
    nodes,
    edges,
  };
}
