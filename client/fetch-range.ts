/** A window's x range at full resolution (a zoom refetch), as of `until` when replaying. */
import type { TraceData } from '../protocol/index.js';
import type { ClientTrace } from './store.js';

export async function fetchRange(env: string, win: string, x0: number, x1: number, buckets: number, until: number | null): Promise<ClientTrace[] | null> {
  const q = new URLSearchParams({ x0: String(x0), x1: String(x1), buckets: String(Math.max(10, Math.round(buckets))) });
  if (until !== null) q.set('until', String(until));
  const res = await fetch(`/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}/data?${q}`);
  if (!res.ok) return null;
  const body = (await res.json()) as { traces: TraceData[] };
  return body.traces.map((t) => ({ id: t.id, name: t.name, x: t.x, y: t.y, t: t.t, cursor: t.end, decimated: t.decimated }));
}
