/**
 * Full-resolution export of a window's points, streamed page by page so a
 * 10M-point window never sits in memory. Each page is one short slice of work and
 * the event loop runs between pages, so writes keep flowing during an export.
 * The export covers the points stored when it began.
 */
import { Readable } from 'node:stream';
import { nextTurn, SLICE_POINTS as PAGE_POINTS } from './slices.js';
import type { StoreReader as Store } from './store/store.js';

async function* pages(store: Store, env: string, win: string) {
  const traces = (await store.traces(env, win)).map((t) => ({ id: t.id, name: t.name, end: t.n }));
  for (const [index, trace] of traces.entries()) {
    for (let from = 0; from < trace.end || from === 0; from += PAGE_POINTS) {
      if (from > 0) await nextTurn();
      const page = await store.readSeq(trace.id, from, Math.min(trace.end, from + PAGE_POINTS));
      yield { index, trace, from, page, last: from + PAGE_POINTS >= trace.end };
      if (trace.end === 0) break;
    }
  }
}

/** CSV with a header row: trace,seq,x,y,t (y empty for gaps; x empty for a break with no position). */
export function exportCsv(store: Store, env: string, win: string): Readable {
  return Readable.from(
    (async function* () {
      yield 'trace,seq,x,y,t\n';
      for await (const { trace, from, page } of pages(store, env, win)) {
        const name = csvField(trace.name);
        let out = '';
        for (let i = 0; i < page.x.length; i++) out += `${name},${from + i},${page.x[i] ?? ''},${page.y[i] ?? ''},${page.t[i]}\n`;
        yield out;
      }
    })(),
  );
}

/** JSON: {"env","win","traces":[{"id","name","points":[[x,y,t],...]}]} (y null for gaps; x null for a break with no position). */
export function exportJson(store: Store, env: string, win: string): Readable {
  return Readable.from(
    (async function* () {
      yield `{"env":${JSON.stringify(env)},"win":${JSON.stringify(win)},"traces":[`;
      for await (const { index, trace, from, page, last } of pages(store, env, win)) {
        if (from === 0) yield `${index > 0 ? ',' : ''}{"id":${trace.id},"name":${JSON.stringify(trace.name)},"points":[`;
        let out = '';
        for (let i = 0; i < page.x.length; i++) out += `${from + i > 0 ? ',' : ''}[${page.x[i]},${page.y[i]},${page.t[i]}]`;
        yield out + (last ? ']}' : '');
      }
      yield ']}\n';
    })(),
  );
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
