/**
 * Synced zoom for the side-by-side compare view: plots that share a key zoom
 * together (uPlot's cursor sync covers the cursor; this covers the x range).
 * A tiny pub/sub, as uPlot's own sync.
 */
export interface XRange {
  min: number;
  max: number;
}

type Listener = (range: XRange | null) => void;

const groups = new Map<string, Set<Listener>>();

export function joinZoom(key: string, fn: Listener): () => void {
  let g = groups.get(key);
  if (!g) groups.set(key, (g = new Set()));
  g.add(fn);
  return () => {
    g.delete(fn);
    if (g.size === 0) groups.delete(key);
  };
}

/** Tells every other member of the group (not `from`) to zoom to `range` (null: reset). */
export function shareZoom(key: string, from: Listener, range: XRange | null): void {
  for (const fn of [...(groups.get(key) ?? [])]) if (fn !== from) fn(range);
}
