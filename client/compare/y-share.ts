/**
 * Shared y ranges for the side-by-side compare view: the charts of one row (the
 * same matched window in every env) report their own y extent and all draw the
 * union, so a row reads at a glance. A tiny pub/sub, as zoom-sync.ts: a chart
 * whose extent changes asks the others of its row to redraw.
 */
type Extent = [number, number];

interface Member {
  ext: Extent | null;
  redraw: () => void;
}

const rows = new Map<string, Map<object, Member>>();

/** Joins row `key`; `redraw` is called when another member's extent changes. Returns leave(). */
export function joinRow(key: string, who: object, redraw: () => void): () => void {
  let row = rows.get(key);
  if (!row) rows.set(key, (row = new Map()));
  row.set(who, { ext: null, redraw });
  return () => {
    row.delete(who);
    if (row.size === 0) rows.delete(key);
    else for (const m of row.values()) m.redraw();
  };
}

/** Records `who`'s own extent and returns its row's (the union of every member's); null when no member has data. */
export function rowExtent(key: string, who: object, ext: Extent | null): Extent | null {
  const row = rows.get(key);
  const me = row?.get(who);
  if (!row || !me) return ext;
  const changed = me.ext?.[0] !== ext?.[0] || me.ext?.[1] !== ext?.[1];
  me.ext = ext;
  if (changed) for (const [other, m] of row) if (other !== who) m.redraw();
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of row.values()) {
    if (!m.ext) continue;
    lo = Math.min(lo, m.ext[0]);
    hi = Math.max(hi, m.ext[1]);
  }
  return lo <= hi ? [lo, hi] : null;
}
