/**
 * Store → the window JSON a Visdom user gets from `/win_data` (protocol §4). Line
 * and scatter windows are written as text chunks, page by page from the series
 * store, so a million-point window is never one string or one object in memory.
 */
import { createHash } from 'node:crypto';
import type { WindowInfo, WindowOpts } from '../../protocol/index.js';
import { joined, nextTurn, sliced, SLICE_POINTS as PAGE_POINTS, TURN, type Turn } from '../slices.js';
import type { StoreReader as Store, TraceRow } from '../store/store.js';
import { isForeign, type FigureContent, type Layout, type SeriesContent } from './content.js';

const q = JSON.stringify;

/** The window's JSON text, in chunks; the event loop runs between pages of points. */
export function windowJsonChunks(store: Store, env: string, info: WindowInfo): AsyncGenerator<string> {
  return sliced(windowJsonParts(store, env, info));
}

/** The window's JSON text in parts, with a TURN between pages; `points: false` leaves x and y empty. */
async function* windowJsonParts(store: Store, env: string, info: WindowInfo, points = true): AsyncGenerator<string | Turn> {
  const o = info.opts;
  yield `{"command":"window","version":${info.version},"id":${q(info.id)},"title":${q(o.title ?? '')},` +
    `"inflate":${q(o.inflate ?? true)},"width":${q(o.width ?? null)},"height":${q(o.height ?? null)},` +
    `"contentID":${q(contentId(env, info))},"content":`;
  let type = 'plot';
  let extra: Record<string, unknown> = {};
  switch (info.type) {
    case 'line':
    case 'scatter': {
      const c = info.content as SeriesContent | null;
      yield* seriesContent(store, env, info, c?.layout ?? nativeLayout(o), points);
      extra = c?.top ?? {};
      break;
    }
    case 'text':
    case 'image':
    case 'properties':
      type = info.type;
      yield q(info.content);
      break;
    case 'image_history': {
      type = info.type;
      const items = info.content as unknown[];
      yield q(items);
      extra = { selected: Math.max(0, items.length - 1), show_slider: o.show_slider ?? true };
      break;
    }
    default: {
      if (isForeign(info.content)) {
        type = info.content.visdom.type;
        yield q(info.content.visdom.content);
        extra = info.content.visdom.extra;
        break;
      }
      const c = (info.content ?? { data: [], layout: {} }) as FigureContent;
      yield q({ data: c.data, layout: c.layout });
      extra = c.top ?? {};
    }
  }
  let tail = `,"type":${q(type)},"i":${info.order}`;
  for (const [k, v] of Object.entries(extra)) tail += `,${q(k)}:${q(v)}`;
  yield `${tail}}`;
}

/** The whole window JSON as one string (win_hash, tests, small windows). */
export function windowJson(store: Store, env: string, info: WindowInfo): Promise<string> {
  return joined(windowJsonParts(store, env, info));
}

/** `/win_data` with `win: null`: every window of the env, as `{id: window, ...}`; the event loop runs between pages. */
export function envJsonChunks(store: Store, env: string): AsyncGenerator<string> {
  return sliced(envJsonParts(store, env));
}

async function* envJsonParts(store: Store, env: string): AsyncGenerator<string | Turn> {
  yield '{';
  for (const [k, info] of (await store.windows(env)).entries()) {
    yield `${k > 0 ? ',' : ''}${q(info.id)}:`;
    yield* windowJsonParts(store, env, info);
    yield TURN;
  }
  yield '}';
}

async function* seriesContent(store: Store, env: string, info: WindowInfo, layout: Layout, points: boolean): AsyncGenerator<string | Turn> {
  yield '{"data":[';
  for (const [k, t] of (await store.traces(env, info.id)).entries()) {
    yield `${k > 0 ? ',' : ''}{"x":[`;
    const ys: string[] = [];
    if (points) yield* columns(store, t, ys);
    yield '],"y":[';
    yield* ys.splice(0);
    const props = JSON.parse(t.props) as Record<string, unknown>;
    if (props.type === undefined) props.type = 'scatter';
    if (props.mode === undefined) props.mode = nativeMode(info.type, info.opts);
    let rest = `],"name":${q(t.name)}`;
    for (const [key, v] of Object.entries(props)) rest += `,${q(key)}:${q(v)}`;
    yield `${rest}}`;
  }
  yield `],"layout":${q(layout)}}`;
}

/** Yields the x column page by page, and keeps the y text of each page in `ys` (x and y come from one read). */
async function* columns(store: Store, t: TraceRow, ys: string[]): AsyncGenerator<string | Turn> {
  const end = t.n;
  for (let from = 0; from < end; from += PAGE_POINTS) {
    if (from > 0) yield TURN;
    const page = await store.readSeq(t.id, from, Math.min(end, from + PAGE_POINTS));
    const sep = from > 0 ? ',' : '';
    ys.push(sep + q(page.y).slice(1, -1));
    yield sep + q(page.x).slice(1, -1);
  }
}

/** A stable uuid-shaped id that changes with the window's version (Visdom regenerates it on every update). */
function contentId(env: string, info: WindowInfo): string {
  const h = createHash('md5').update(`${env}\u0000${info.id}\u0000${info.version}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function nativeMode(type: string, opts: WindowOpts): string {
  if (type === 'scatter') return 'markers';
  return opts.markers ? 'lines+markers' : 'lines';
}

/** The layout Visdom's client would have sent for these opts (windows created through the native API). */
export function nativeLayout(o: WindowOpts): Layout {
  const layout: Layout = { showlegend: o.showlegend ?? o.legend !== undefined, margin: { l: 60, r: 60, t: 60, b: 60 } };
  if (o.title !== undefined) layout.title = o.title;
  for (const axis of ['x', 'y'] as const) {
    const a: Record<string, unknown> = {};
    if (o[`${axis}type`] !== undefined) a.type = o[`${axis}type`];
    if (o[`${axis}label`] !== undefined) a.title = o[`${axis}label`];
    if (Object.keys(a).length > 0) layout[`${axis}axis`] = a;
  }
  return layout;
}

/**
 * md5 of the window's canonical JSON (keys sorted, compact), as PyPI visdom 0.2.4's
 * `/win_hash` answers. The window is built without its points, which are then hashed
 * page by page in place, so the event loop runs between pages of a large window.
 */
export async function windowHash(store: Store, env: string, info: WindowInfo): Promise<string> {
  const window = JSON.parse(await joined(windowJsonParts(store, env, info, false)));
  if (info.type === 'line' || info.type === 'scatter') {
    (await store.traces(env, info.id)).forEach((t, k) => {
      window.content.data[k].x = new Column(t, 'x');
      window.content.data[k].y = new Column(t, 'y');
    });
  }
  const md5 = createHash('md5');
  for await (const part of canonical(store, window)) {
    if (part === TURN) await nextTurn();
    else md5.update(part);
  }
  return md5.digest('hex');
}

/** A trace's x or y values, read page by page when hashed. */
class Column {
  readonly end: number;
  constructor(
    readonly trace: TraceRow,
    readonly axis: 'x' | 'y',
  ) {
    this.end = trace.n;
  }
}

async function* canonical(store: Store, v: unknown): AsyncGenerator<string | Turn> {
  if (v instanceof Column) {
    yield '[';
    for (let from = 0; from < v.end; from += PAGE_POINTS) {
      if (from > 0) yield TURN;
      const page = await store.readSeq(v.trace.id, from, Math.min(v.end, from + PAGE_POINTS));
      yield (from > 0 ? ',' : '') + q(page[v.axis]).slice(1, -1);
    }
    yield ']';
  } else if (Array.isArray(v)) {
    yield '[';
    for (const [i, c] of v.entries()) {
      if (i > 0) yield ',';
      yield* canonical(store, c);
    }
    yield ']';
  } else if (v !== null && typeof v === 'object') {
    yield '{';
    for (const [i, k] of Object.keys(v).sort().entries()) {
      yield `${i > 0 ? ',' : ''}${q(k)}:`;
      yield* canonical(store, (v as Record<string, unknown>)[k]);
    }
    yield '}';
  } else {
    yield q(v);
  }
}
