/** The runs table's chosen columns and their widths, remembered in localStorage. */
import { BUILTIN_COLUMNS } from './rows.js';

const COLUMNS_KEY = 'runboard.runs.columns';
const WIDTHS_KEY = 'runboard.runs.widths';
/** Config keys shown before the user chooses columns. */
const AUTO_CONFIG = 8;

export const MIN_WIDTH = 40;

export function defaultWidth(col: string): number {
  if (col === 'color') return 34;
  if (col === 'name') return 220;
  if (col === 'notes') return 200;
  if (col === 'tags') return 140;
  if (col === 'started') return 130;
  return col.startsWith('metric:') ? 140 : 96;
}

function read<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

/** The chosen columns, or null while the user has not chosen (then: built-ins, the first config keys, the first metric). */
export function loadColumns(): string[] | null {
  const v = read<unknown>(COLUMNS_KEY);
  return Array.isArray(v) && v.every((c) => typeof c === 'string') ? v : null;
}

export function saveColumns(cols: string[]): void {
  localStorage.setItem(COLUMNS_KEY, JSON.stringify(cols));
}

export function autoColumns(configKeys: readonly string[], firstMetric: string | null): string[] {
  return [...BUILTIN_COLUMNS, ...configKeys.slice(0, AUTO_CONFIG).map((k) => `config:${k}`), ...(firstMetric ? [firstMetric] : [])];
}

export function loadWidths(): Record<string, number> {
  const v = read<Record<string, number>>(WIDTHS_KEY);
  return v && typeof v === 'object' ? v : {};
}

export function saveWidths(w: Record<string, number>): void {
  localStorage.setItem(WIDTHS_KEY, JSON.stringify(w));
}
