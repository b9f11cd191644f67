/**
 * Puts traces on one x column, as uPlot wants ([x, y1, y2, ...]). Traces that
 * already share a sorted x (the usual case: Y of shape (N,K)) are passed through
 * without copying; otherwise their points are merged in x order, with null where
 * a trace has no point at that x.
 */
export interface Columns {
  x: readonly number[];
  y: readonly (number | null)[];
}

export type Aligned = [number[], ...(number | null)[][]];

export function align(traces: readonly Columns[]): Aligned {
  if (traces.length === 0) return [[]];
  const x0 = traces[0]!.x;
  if (isSorted(x0) && traces.every((t) => sameColumn(t.x, x0))) {
    return [x0 as number[], ...traces.map((t) => t.y as (number | null)[])];
  }
  return merge(traces);
}

function merge(traces: readonly Columns[]): Aligned {
  const sorted = traces.map((t) => (isSorted(t.x) ? t : sortByX(t)));
  const xs: number[] = [];
  const ys: (number | null)[][] = sorted.map(() => []);
  const pos = sorted.map(() => 0);
  // K-way merge: each row takes the smallest next x; every trace with a point at that x
  // fills it. undefined = no point here (uPlot bridges it); null from the data stays a gap.
  for (;;) {
    let x = Infinity;
    for (let k = 0; k < sorted.length; k++) if (pos[k]! < sorted[k]!.x.length && sorted[k]!.x[pos[k]!]! < x) x = sorted[k]!.x[pos[k]!]!;
    if (x === Infinity) break;
    xs.push(x);
    for (let k = 0; k < sorted.length; k++) {
      const t = sorted[k]!;
      const i = pos[k]!;
      if (i < t.x.length && t.x[i] === x) {
        ys[k]!.push(t.y[i]!);
        pos[k] = i + 1;
      } else {
        ys[k]!.push(undefined as unknown as null);
      }
    }
  }
  return [xs, ...ys];
}

function sortByX(t: Columns): Columns {
  const idx = Array.from(t.x, (_, i) => i).sort((a, b) => t.x[a]! - t.x[b]! || a - b);
  return { x: idx.map((i) => t.x[i]!), y: idx.map((i) => t.y[i]!) };
}

function sameColumn(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isSorted(x: readonly number[]): boolean {
  for (let i = 1; i < x.length; i++) if (x[i]! < x[i - 1]!) return false;
  return true;
}
