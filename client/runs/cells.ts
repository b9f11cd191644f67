/** Pure: how the runs table writes a cell's value. */
import { num } from '../format.js';
import { cellValue, type RunView } from './rows.js';

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** `2026-12-01 14:03`, in local time. */
export function started(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function cellText(r: RunView, col: string): string {
  if (col === 'started') return started(r.started);
  if (col === 'duration') return duration(r.duration);
  const v = cellValue(r, col);
  if (v === null || v === undefined) return col.startsWith('metric:') || col === 'steps' ? '–' : '';
  // Config values as the trainer wrote them (0.0001, not 1.000e-4); measured values rounded.
  if (typeof v === 'number') return col.startsWith('config:') ? String(v) : num(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}
