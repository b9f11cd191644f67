/**
 * Heatmap updates (`heatmap(X, win, update=...)`): rows or columns of z appended or
 * prepended, with their labels, or the heatmap replaced or removed. Pure: returns the
 * new trace list or throws a ShapeError, so a bad update changes nothing.
 */
import type { HeatmapUpdateDir } from '../../protocol/index.js';
import { ShapeError } from '../errors.js';
import type { Trace } from './traces.js';

type Row = unknown[];

export function updateHeatmap(old: Trace[], sent: Trace[], dir: HeatmapUpdateDir | undefined, remove: boolean): Trace[] {
  if (remove || dir === 'remove') return [];
  if (dir === undefined || dir === 'replace' || old.length === 0) {
    if (sent.length === 0) throw new ShapeError('the heatmap update has no data; send the new matrix in data[0].z');
    return sent;
  }
  const i = old.length - 1;
  const before = old[i]!;
  const next = sent[sent.length - 1];
  if (!next) throw new ShapeError(`${dir} needs the rows or columns to add in data[0].z`);
  const oldZ = matrix(before.z, 'the stored heatmap');
  const newZ = matrix(next.z, 'data[0].z');
  const byRow = dir === 'appendRow' || dir === 'prependRow';
  const first = dir.startsWith('append') ? 'old' : 'new';
  let z: Row[];
  if (byRow) {
    const cols = oldZ[0]?.length;
    newZ.forEach((row, r) => {
      if (cols !== undefined && row.length !== cols) throw new ShapeError(`row ${r} of the update has ${row.length} values but the heatmap has ${cols} columns`);
    });
    z = first === 'old' ? [...oldZ, ...newZ] : [...newZ, ...oldZ];
  } else {
    if (newZ.length !== oldZ.length) throw new ShapeError(`the update has ${newZ.length} rows but the heatmap has ${oldZ.length}; send one value per row for each new column`);
    z = oldZ.map((row, r) => (first === 'old' ? [...row, ...newZ[r]!] : [...newZ[r]!, ...row]));
  }
  const labelKey = byRow ? 'y' : 'x';
  const merged: Trace = { ...before };
  for (const [k, v] of Object.entries(next)) if (v !== null && v !== undefined && k !== 'x' && k !== 'y' && k !== 'z') merged[k] = v;
  merged.z = z;
  const a = before[labelKey];
  const b = next[labelKey];
  if (Array.isArray(a) && Array.isArray(b)) {
    const dup = b.find((l) => a.includes(l));
    if (dup !== undefined) throw new ShapeError(`the heatmap already has a ${byRow ? 'row' : 'column'} named ${JSON.stringify(dup)}; label new ones uniquely`);
    merged[labelKey] = first === 'old' ? [...a, ...b] : [...b, ...a];
  }
  return old.map((t, k) => (k === i ? merged : t));
}

function matrix(v: unknown, what: string): Row[] {
  if (!Array.isArray(v) || !v.every((r) => Array.isArray(r))) throw new ShapeError(`${what} must be a list of rows`);
  return v as Row[];
}
