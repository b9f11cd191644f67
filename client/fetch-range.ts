/** A window's range at full resolution (a zoom refetch), as of `until` when replaying. */
import type { TraceData } from '../protocol/index.js';
import type { ClientTrace } from './store.js';

/** An x range (a step axis), or a receive-time range in ms (a time axis). */
export type FetchWindow = { x0: number; x1: number } | { since: number; until: number };

export async function fetchRange(env: string, win: string, range: FetchWindow, buckets: number, until: number | null): Promise<ClientTrace[] | null> {
  const q = new URLSearchParams({ buckets: String(Math.max(10, Math.round(buckets))) });
  let last = until ?? Infinity;
  if ('x0' in range) {
    q.set('x0', String(range.x0));
    q.set('x1', String(range.x1));
  } else {
    q.set('since', String(Math.floor(range.since)));
    last = Math.min(last, Math.ceil(range.until));
  }
  if (last !== Infinity) q.set('until', String(last));
  const res = await fetch(`/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}/data?${q}`);
  if (!res.ok) return null;
  const body = (await res.json()) as { traces: TraceData[] };
  return body.traces.map((t) => ({ id: t.id, name: t.name, x: t.x, y: t.y, t: t.t, cursor: t.end, decimated: t.decimated }));
}
