/**
 * Pure shaping of a line/scatter request: X, Y and T as the trainer sent them
 * (Y of shape (N) or (N,K), X and T (N) shared or (N,K)) → columns per trace.
 * Every shape problem becomes a ShapeError that says what to send instead.
 */
import type { LineBody, WindowOpts } from '../protocol/index.js';
import { ShapeError } from './errors.js';

/** One trace's worth of new points. `x` null means "continue the trace's own step count". */
export interface TraceInput {
  name: string;
  x: Float64Array | null;
  /** NaN marks a gap. */
  y: Float64Array;
  /** When each point was logged (ms since the epoch); null: the time the server receives it. */
  t?: Float64Array | null;
  /** Extra per-trace properties kept with the trace (Visdom's mode, line, marker, ...). */
  props?: Record<string, unknown>;
  /** Append/replace only: store `props` as the trace's new props (Visdom's per-point marker.color grows with the points). */
  setProps?: boolean;
}

type Matrix = (number | null)[][];
type Column = (number | null)[];

function isMatrix(a: Column | Matrix): a is Matrix {
  return a.length > 0 && Array.isArray(a[0]);
}

/** Y values: numbers as sent; null, NaN and ±Infinity become gaps (NaN). */
function yValue(v: number | null): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

function xValue(v: number | null, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ShapeError(`${where} is ${v === null ? 'null' : String(v)}; X values must be finite numbers`);
  }
  return v;
}

/** Splits X/Y into traces named from `name`, `opts.legend`, or 1..K as Visdom does. */
export function shapeLine(body: Pick<LineBody, 'X' | 'Y' | 'T' | 'name'>, opts: WindowOpts | undefined): TraceInput[] {
  const Y = body.Y as Column | Matrix | undefined;
  if (Y === undefined) throw new ShapeError('Y is missing; send Y as an array of numbers (N) or of rows (N,K)');
  if (Y.length === 0) throw new ShapeError('Y is empty; send at least one point');
  const n = Y.length;
  let k = 1;
  if (isMatrix(Y)) {
    k = (Y[0] as Column).length;
    if (k === 0) throw new ShapeError('Y[0] is an empty row; each row of Y needs one value per trace');
    Y.forEach((row, i) => {
      if (!Array.isArray(row)) throw new ShapeError(`Y[${i}] is a number but Y[0] is a row; send Y as all numbers or all rows`);
      if (row.length !== k) throw new ShapeError(`Y[${i}] has ${row.length} values but Y[0] has ${k}; every row of Y needs ${k}`);
    });
  } else if (Y.some((v) => Array.isArray(v))) {
    throw new ShapeError('Y mixes numbers and rows; send Y as all numbers (N) or all rows (N,K)');
  }
  if (body.name !== undefined && k > 1) {
    throw new ShapeError(`name targets one trace, but Y has ${k} columns; send one column with name, or use opts.legend`);
  }

  const xCols = perTrace(body.X as Column | Matrix | undefined, 'X', 'x', n, k, xValue);
  const tCols = perTrace(body.T as Column | Matrix | undefined, 'T', 'time', n, k, (v) => Math.round(v! * 1000));

  const legend = opts?.legend;
  return Array.from({ length: k }, (_, j) => {
    const y = new Float64Array(n);
    if (k === 1 && !isMatrix(Y)) (Y as Column).forEach((v, i) => (y[i] = yValue(v)));
    else (Y as Matrix).forEach((row, i) => (y[i] = yValue(row[j]!)));
    const name = (k === 1 ? body.name : undefined) ?? legend?.[j] ?? String(j + 1);
    return { name, x: xCols[j]!, y, t: tCols[j]! };
  });
}

/**
 * X or T as sent → one column per trace (a shared column is the same array for each),
 * or nulls when it was not sent. `value` turns each entry into the stored number.
 */
function perTrace(
  A: Column | Matrix | undefined, key: 'X' | 'T', what: string, n: number, k: number,
  value: (v: number | null, where: string) => number,
): (Float64Array | null)[] {
  if (A === undefined) return Array(k).fill(null);
  if (A.length !== n) throw new ShapeError(`${key} has ${A.length} points but Y has ${n}; send one ${what} per row of Y`);
  if (isMatrix(A)) {
    const cols = Array.from({ length: k }, () => new Float64Array(n));
    A.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== k) {
        throw new ShapeError(`${key}[${i}] must be a row of ${k} values to match Y's ${k} columns, or send ${key} as one column`);
      }
      row.forEach((v, j) => (cols[j]![i] = value(v, `${key}[${i}][${j}]`)));
    });
    return cols;
  }
  const shared = new Float64Array(n);
  A.forEach((v, i) => {
    if (Array.isArray(v)) throw new ShapeError(`${key} mixes numbers and rows; send ${key} as all numbers (N) or all rows (N,K)`);
    shared[i] = value(v, `${key}[${i}]`);
  });
  return Array(k).fill(shared);
}
