/**
 * Pure: a replay preview. From an env's newest windows (decimated views whose
 * kept points carry their receive times), the windows as of moment t: windows
 * created later are left out, series keep the points received by t. Content
 * windows (text, images, ...) keep what is shown now (and are not added), since
 * only the server knows their past; the exact snapshot that follows corrects them.
 */
import type { WindowInfo, WindowSnapshot } from '../../protocol/index.js';

export function cutAt(windows: readonly WindowSnapshot[], t: number, shown: (id: string) => WindowInfo | undefined): WindowSnapshot[] {
  const out: WindowSnapshot[] = [];
  for (const w of windows) {
    if (w.createdAt > t) continue;
    if (w.type !== 'line' && w.type !== 'scatter') {
      const now = shown(w.id);
      if (now) out.push({ ...now, data: [] });
      continue;
    }
    out.push({
      ...w,
      data: w.data.map((d) => {
        let n = 0;
        while (n < d.t.length && d.t[n]! <= t) n++;
        if (n === d.t.length) return d;
        // Points come in x order; those received later are usually at the end, but not always.
        const keep: number[] = [];
        for (let i = 0; i < d.t.length; i++) if (d.t[i]! <= t) keep.push(i);
        return { ...d, x: keep.map((i) => d.x[i]!), y: keep.map((i) => d.y[i]!), t: keep.map((i) => d.t[i]!), end: keep.length, start: 0 };
      }),
    });
  }
  return out;
}
