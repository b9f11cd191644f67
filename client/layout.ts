/**
 * Per-env pane layout (order, sizes), remembered in localStorage. A layout only
 * ever names windows; windows it does not know go after the ones it orders.
 */
export interface PaneSize {
  /** Grid columns spanned. */
  span: number;
  /** Pane height in CSS pixels. */
  height: number;
}

export interface EnvLayout {
  order: string[];
  sizes: Record<string, PaneSize>;
}

/** Narrowest grid column in CSS pixels; a column's width sets the decimation buckets. */
export const MIN_COLUMN_PX = 420;

export const DEFAULT_SIZE: PaneSize = { span: 1, height: 300 };
/** Pane heights a window's opts may ask for. */
const MIN_HEIGHT = 160;
const MAX_HEIGHT = 2000;

/**
 * The size a window asks for with Visdom's `width` and `height` opts (CSS pixels):
 * the height as given, the width as the number of grid columns nearest to it.
 * The size the user resized a pane to wins over it.
 */
export function sizeFromOpts(opts: Record<string, unknown>, columnPx = MIN_COLUMN_PX): PaneSize {
  const w = opts.width;
  const h = opts.height;
  return {
    span: typeof w === 'number' && Number.isFinite(w) && w > 0 ? Math.max(1, Math.min(4, Math.round(w / columnPx))) : DEFAULT_SIZE.span,
    height: typeof h === 'number' && Number.isFinite(h) ? Math.round(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, h))) : DEFAULT_SIZE.height,
  };
}
const KEY_PREFIX = 'runboard.layout.';

export function loadLayout(env: string): EnvLayout {
  try {
    const raw = localStorage.getItem(KEY_PREFIX + env);
    const v = raw ? (JSON.parse(raw) as Partial<EnvLayout>) : {};
    return {
      order: Array.isArray(v.order) ? v.order.filter((w): w is string => typeof w === 'string') : [],
      sizes: v.sizes && typeof v.sizes === 'object' ? v.sizes : {},
    };
  } catch {
    return { order: [], sizes: {} };
  }
}

export function saveLayout(env: string, layout: EnvLayout): void {
  try {
    localStorage.setItem(KEY_PREFIX + env, JSON.stringify(layout));
  } catch {
    // Storage full or disabled: the layout just is not remembered.
  }
}

/** Window ids in layout order: those the layout orders first, then the rest in their own order. */
export function ordered(ids: readonly string[], layout: EnvLayout): string[] {
  const known = new Set(ids);
  const first = layout.order.filter((id) => known.has(id));
  const placed = new Set(first);
  return [...first, ...ids.filter((id) => !placed.has(id))];
}

/** Moves `moved` to just before `target` (or to the end when target is null). */
export function moveBefore(ids: readonly string[], moved: string, target: string | null): string[] {
  const rest = ids.filter((id) => id !== moved);
  const at = target === null ? rest.length : rest.indexOf(target);
  rest.splice(at < 0 ? rest.length : at, 0, moved);
  return rest;
}
