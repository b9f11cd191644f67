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
  const order: [x: number, trace: number, i: number][] = [];
  traces.forEach((t, k) => {
    for (let i = 0; i < t.x.length; i++) order.push([t.x[i]!, k, i]);
  });
  order.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const xs: number[] = [];
  const ys: (number | null)[][] = traces.map(() => []);
  for (const [x, k, i] of order) {
    const row = xs.length - 1;
    // Share the row when this x is already there and this trace has no value in it yet.
    if (row >= 0 && xs[row] === x && ys[k]![row] === undefined) {
      ys[k]![row] = traces[k]!.y[i]!;
      continue;
    }
    xs.push(x);
    for (const col of ys) col.push(undefined as unknown as null);
    ys[k]![xs.length - 1] = traces[k]!.y[i]!;
  }
  // undefined = no point here (uPlot bridges it when spanGaps); null from the data stays a gap.
  return [xs, ...ys];
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
