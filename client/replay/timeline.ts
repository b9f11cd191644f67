/**
 * Pure: the activity of several envs on one timeline. Each env's histogram is
 * re-binned onto common slices spanning all of them, so replaying several envs
 * at once plays one clock and "skip idle gaps" skips only where all were idle.
 */
import type { ActivityReply } from '../../protocol/index.js';

export function mergeActivity(replies: readonly ActivityReply[], buckets: number): ActivityReply {
  const live = replies.filter((r) => r.start !== null && r.end !== null);
  const env = replies.map((r) => r.env).join(',');
  if (live.length === 0) return { env, start: null, end: null, width: 0, counts: [] };
  if (live.length === 1) return { ...live[0]!, env };
  const start = Math.min(...live.map((r) => r.start!));
  const end = Math.max(...live.map((r) => r.end!));
  const width = Math.max(1, Math.ceil((end - start + 1) / buckets));
  const counts = new Array<number>(Math.ceil((end - start + 1) / width)).fill(0);
  for (const r of live) {
    r.counts.forEach((c, i) => {
      if (c === 0) return;
      // A source slice may straddle two target slices: count it in both (idle means none in either).
      const a = Math.floor((r.start! + i * r.width - start) / width);
      const b = Math.min(counts.length - 1, Math.floor((r.start! + (i + 1) * r.width - 1 - start) / width));
      for (let k = a; k <= b; k++) counts[k]! += c;
    });
  }
  return { env, start, end, width, counts };
}
