/**
 * Pure translation of Visdom request bodies into write actions for Ingest. Line and
 * scatter windows become series commands (the same write path as the native line
 * API); every other window type is kept as content. The only input besides the body
 * is the window as stored (read by the caller just before): no I/O here.
 */
import {
  ID_PATTERN,
  MAX_NAME_LENGTH,
  type EmbeddingsUpdate,
  type HeatmapUpdateDir,
  type WindowInfo,
  type WindowOpts,
} from '../../protocol/index.js';
import { ShapeError, WrongWindowTypeError } from '../errors.js';
import { mergeOpts, type ContentWindowCommand, type SeriesCommand, type WindowChange } from '../ingest.js';
import { CONTENT_TYPES, FOREIGN_TYPES, type FigureContent, type ForeignContent, type Layout, type SeriesContent } from './content.js';
import { applyEmbeddingsUpdate, isEmbeddings } from './embeddings.js';
import { updateHeatmap } from './heatmap.js';
import { cleanOpts, figureType, isSeriesData, isSeriesTrace, mergeNonNull, seriesType, traceInput, type Trace } from './traces.js';

export type VisdomAction =
  | { kind: 'series'; cmd: SeriesCommand }
  | { kind: 'window'; cmd: ContentWindowCommand }
  | { kind: 'change'; env: string; win: string; change: WindowChange }
  | { kind: 'item'; env: string; win: string; item: unknown }
  /** Visdom's own answer for this case, sent as is with status 200. */
  | { kind: 'reply'; text: string };

/** First-trace types whose plots Visdom lets /update change. */
const UPDATABLE_IN_VISDOM = new Set(['scatter', 'scattergl', 'custom']);

/** Env used when a body has no `eid` (or null). */
export const DEFAULT_ENV = 'main';
/** Visdom's answer to an update of a window that does not exist (without `append`). */
export const WIN_DOES_NOT_EXIST = 'win does not exist';
/** Start of Visdom's answer to an update of a window type it cannot update. */
export const TYPE_GATE = 'win is not scatter, heatmap, custom, image_history, embeddings, or text; was ';

/** Whether an /update answer is one of Visdom's refusals rather than a window id. */
export function isRefusal(answer: string): boolean {
  return answer === WIN_DOES_NOT_EXIST || answer.startsWith(TYPE_GATE);
}

const idPattern = new RegExp(ID_PATTERN, 'u');
const ID_RULE = `1–${MAX_NAME_LENGTH} characters without control characters (tab, newline, U+0000–U+001F, U+007F), not '.' or '..'`;

/** A Visdom env id: missing/null → "main", '/' → '_' (as Visdom escapes it). */
export function envOf(eid: string | null | undefined): string {
  const env = eid === undefined || eid === null ? DEFAULT_ENV : eid.replace(/\//g, '_');
  if (!idPattern.test(env)) {
    throw new ShapeError(`env ${JSON.stringify(env)} is not a usable env id; use ${ID_RULE}`);
  }
  return env;
}

/** A Visdom window id: numbers become strings ('/' is kept); missing/null stays undefined. */
export function winOf(win: string | number | null | undefined): string | undefined {
  if (win === undefined || win === null) return undefined;
  const id = String(win);
  if (!idPattern.test(id)) {
    throw new ShapeError(`window id ${JSON.stringify(id)} is not usable; use ${ID_RULE}`);
  }
  return id;
}

export interface EventsInput {
  data: Trace[];
  win?: string | number | null;
  layout?: Layout | null;
  opts?: Record<string, unknown> | null;
}

/**
 * `/events`: create a window or replace it in place. A line/scatter re-send that
 * extends the stored window is applied as an append of the new points only.
 * `top`: opts copied to the window's top level by earlier updates (from a saved window).
 */
export function eventsAction(body: EventsInput, env: string, top?: Record<string, unknown>): VisdomAction {
  const data = body.data;
  const first = data[0];
  if (!first) throw new ShapeError('data is empty; send at least one trace (or {content, type} for text and images)');
  const win = winOf(body.win);
  const opts = cleanOpts(body.opts);
  const layout = body.layout ?? {};
  const ptype = typeof first.type === 'string' ? first.type : 'scatter';
  const withTop = <T extends object>(c: T): T => (top && Object.keys(top).length > 0 ? { ...c, top } : c);
  if (ptype === 'image_history') {
    return { kind: 'window', cmd: { env, win, type: 'image_history', opts, items: [first.content] } };
  }
  if (CONTENT_TYPES.has(ptype)) {
    return { kind: 'window', cmd: { env, win, type: ptype as 'text' | 'image' | 'properties', opts, content: first.content ?? null } };
  }
  if (FOREIGN_TYPES.has(ptype)) {
    const content: ForeignContent = { data: [], layout: {}, visdom: { type: ptype, content: first.content ?? null, extra: {} } };
    return { kind: 'window', cmd: { env, win, type: 'plotly', opts, content } };
  }
  if (isSeriesData(data)) {
    const cmd: SeriesCommand = {
      env, win, mode: 'create', type: seriesType(data), traces: data.map(traceInput), opts,
      content: withTop<SeriesContent>({ layout }), extraTraces: 'ignore', extendIfPrefix: true,
    };
    return { kind: 'series', cmd };
  }
  return { kind: 'window', cmd: { env, win, type: figureType(data, opts), opts, content: withTop<FigureContent>({ data, layout }) } };
}

export interface UpdateInput {
  /** A trace list, or for an embeddings window the trainer's answer to a pane event. */
  data?: Trace[] | EmbeddingsUpdate | null;
  win?: string | number | null;
  layout?: Layout | null;
  opts?: Record<string, unknown> | null;
  name?: string | number | null;
  append?: boolean | null;
  delete?: boolean | null;
  updateDir?: HeatmapUpdateDir | null;
}

/** An /update whose data is a trace list (or absent). */
type TraceUpdate = UpdateInput & { data?: Trace[] | null };

/** `/update`, given the window as stored (undefined if missing). Follows protocol §5.3 and §6. */
export function updateAction(input: UpdateInput, env: string, existing: WindowInfo | undefined): VisdomAction {
  const win = winOf(input.win);
  if (win === undefined) throw new ShapeError('win is missing; /update needs the id of the window to change');
  if (input.data && !Array.isArray(input.data)) {
    if (!existing || !isEmbeddings(existing.content)) {
      throw new ShapeError(`data is an object with update_type ${input.data.update_type}, which only embeddings windows take; window ${win} is not one: send data as a list of traces`);
    }
    return { kind: 'change', env, win, change: { content: applyEmbeddingsUpdate(existing.content, input.data) } };
  }
  const body = input as TraceUpdate;
  if (!existing) {
    if (body.append) return eventsAction({ data: body.data ?? [], win, layout: body.layout, opts: body.opts }, env);
    return { kind: 'reply', text: WIN_DOES_NOT_EXIST };
  }
  const first = body.data?.[0];
  switch (existing.type) {
    case 'line':
    case 'scatter':
      return { kind: 'series', cmd: seriesUpdate(body, env, win, existing) };
    case 'text':
      if (!first || first.content === undefined || first.content === null) {
        throw new ShapeError(`window ${win} is a text window: an update appends text, so send data[0].content`);
      }
      return { kind: 'change', env, win, change: { content: `${String(existing.content ?? '')}<br>${String(first.content)}` } };
    case 'image_history':
      if (!first || first.content === undefined) throw new ShapeError(`window ${win} keeps an image history: send the image as data[0].content`);
      return { kind: 'item', env, win, item: first.content };
    case 'heatmap':
      return { kind: 'change', env, win, change: heatmapUpdate(body, existing) };
    default: {
      const kind = visdomKind(existing);
      if (kind === 'embeddings') {
        throw new ShapeError(`window ${win} is an embeddings window: send data as {update_type: 'EntitySelected', selected: {html}} or {update_type: 'RegionSelected', points: [...]}`);
      }
      if (UPDATABLE_IN_VISDOM.has(kind)) {
        throw new WrongWindowTypeError(
          `window ${win} holds a ${kind} figure whose x or y are not all numbers, which runboard keeps as a whole figure and cannot update; re-send it whole with /events`,
        );
      }
      return { kind: 'reply', text: `${TYPE_GATE}${kind}` };
    }
  }
}

function seriesUpdate(body: TraceUpdate, env: string, win: string, existing: WindowInfo): SeriesCommand {
  const name = body.name === undefined || body.name === null ? undefined : String(body.name);
  const opts = body.opts === undefined || body.opts === null ? undefined : cleanOpts(body.opts);
  const old = (existing.content ?? { layout: {} }) as SeriesContent;
  const content: SeriesContent = { layout: mergeNonNull(old.layout ?? {}, body.layout) };
  const top = opts ? mergeNonNull(old.top ?? {}, opts) : old.top;
  if (top) content.top = top;
  const base = { env, win, type: existing.type as 'line' | 'scatter', opts, content, name, extraTraces: 'ignore' as const };
  if ((body.data === undefined || body.data === null) && name === undefined) return { ...base, mode: 'opts', traces: [] };
  if (body.delete) {
    if (name === undefined) throw new ShapeError('a delete (update="remove") needs the name of the trace to remove');
    return { ...base, mode: 'remove', traces: [] };
  }
  const data = body.data ?? [];
  const bad = data.findIndex((t) => !isSeriesTrace(t));
  if (bad >= 0) throw new ShapeError(`data[${bad}] is not a 2-D scatter trace with lists of numbers x and y of equal length; window ${win} is a ${existing.type} window`);
  let mode: 'append' | 'replace' = body.append ? 'append' : 'replace';
  // Visdom: a name no trace has adds a trace, whether appending or replacing.
  if (mode === 'replace' && name !== undefined && !existing.traces.some((t) => t.name === name)) mode = 'append';
  const traces = data.map(traceInput);
  const targets = name === undefined ? existing.traces : existing.traces.filter((t) => t.name === name);
  targets.forEach((t, i) => {
    const input = traces[i];
    const color = (input?.props?.marker as { color?: unknown } | undefined)?.color;
    if (!input || color === undefined || color === null) return;
    // Visdom grows (append) or replaces the per-point marker colours with the points; no other property changes.
    const oldMarker = (t.props.marker ?? {}) as Record<string, unknown>;
    const merged = mode === 'append' && Array.isArray(oldMarker.color) && Array.isArray(color) ? [...oldMarker.color, ...color] : color;
    input.props = { ...t.props, marker: { ...oldMarker, color: merged } };
    input.setProps = true;
  });
  return { ...base, mode, traces };
}

function heatmapUpdate(body: TraceUpdate, existing: WindowInfo): WindowChange {
  const fig = existing.content as FigureContent;
  const opts = body.opts === undefined || body.opts === null ? undefined : cleanOpts(body.opts);
  const noData = (body.data === undefined || body.data === null) && !body.delete;
  const data = noData ? fig.data : updateHeatmap(fig.data, body.data ?? [], body.updateDir ?? undefined, !!body.delete);
  const content: FigureContent = { data, layout: mergeNonNull(fig.layout ?? {}, body.layout) };
  const top = opts ? mergeNonNull(fig.top ?? {}, opts) : fig.top;
  if (top) content.top = top;
  return { content, opts: opts ? mergeOpts(existing.opts, opts) : undefined };
}

/** What Visdom's type gate reports for a window: the first trace type of a plot, else the window type. */
function visdomKind(w: WindowInfo): string {
  if (w.type === 'image' || w.type === 'properties') return w.type;
  const c = w.content as { data?: Trace[]; visdom?: ForeignContent['visdom'] } | null;
  if (c?.visdom) return c.visdom.type;
  const first = c?.data?.[0];
  return first ? String(first.type ?? 'scatter') : 'plot';
}

/** Keys of a Visdom window object that are not opts copied to its top level. */
const WINDOW_KEYS = new Set([
  'command', 'version', 'id', 'title', 'inflate', 'width', 'height', 'contentID', 'content', 'type', 'i',
  'selected', 'show_slider', 'directed', 'showEdgeLabels', 'showVertexLabels',
]);

/**
 * A Visdom window object (from `set_window_data`, a saved env file or an offline log)
 * → the action that stores it as window `win` of `env`.
 */
export function windowJsonAction(w: Record<string, unknown>, env: string, win: string): VisdomAction {
  if (typeof w !== 'object' || w === null || Array.isArray(w)) throw new ShapeError(`window ${win} must be a JSON object`);
  const type = typeof w.type === 'string' ? w.type : 'plot';
  const top: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(w)) if (!WINDOW_KEYS.has(k)) top[k] = v;
  const opts: WindowOpts = { ...top };
  if (typeof w.title === 'string' && w.title !== '') opts.title = w.title;
  if (typeof w.width === 'number') opts.width = w.width;
  if (typeof w.height === 'number') opts.height = w.height;
  if (w.inflate === false) opts.inflate = false;
  if (w.show_slider === false) opts.show_slider = false;
  if (type === 'plot') {
    const c = (w.content ?? {}) as Partial<FigureContent>;
    const data = Array.isArray(c.data) ? c.data : [];
    const layout = (c.layout ?? {}) as Layout;
    if (data.length === 0) return { kind: 'window', cmd: { env, win, type: 'plotly', opts, content: { data, layout } } };
    const action = eventsAction({ data, win, layout, opts }, env, top);
    if (action.kind === 'series') action.cmd.extendIfPrefix = false;
    return action;
  }
  if (type === 'image_history') {
    return { kind: 'window', cmd: { env, win, type, opts, items: Array.isArray(w.content) ? w.content : [w.content] } };
  }
  if (CONTENT_TYPES.has(type)) return eventsAction({ data: [{ type, content: w.content }], win, opts }, env);
  const extra: Record<string, unknown> = {};
  for (const k of ['directed', 'showEdgeLabels', 'showVertexLabels']) if (k in w) extra[k] = w[k];
  const content: ForeignContent = { data: [], layout: {}, visdom: { type, content: w.content ?? null, extra } };
  return { kind: 'window', cmd: { env, win, type: 'plotly', opts, content } };
}

