/**
 * Main-thread CPU of a page by kind (scripting, style and layout, paint and
 * compositing, GC, other), from a Chromium trace recorded over CDP. Thread time
 * (`tdur`), not wall time, so the figures move little with the machine's load.
 * Each event's self time goes to its kind; an event of no known kind counts for
 * its nearest known ancestor, else as other (task overhead, loading, parsing).
 */
import type { CDPSession } from 'playwright-core';

export interface CpuByKind {
  scripting: number;
  layout: number;
  paint: number;
  gc: number;
  other: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', '__metadata'].join(',');

const KINDS: [RegExp, keyof CpuByKind][] = [
  [/^(MinorGC|MajorGC|V8\.GC|BlinkGC|GCEvent|ThreadState::)/, 'gc'],
  [/^(FunctionCall|EvaluateScript|TimerFire|FireAnimationFrame|FireIdleCallback|EventDispatch|RunMicrotasks|V8\.|v8\.|CompileScript|CompileCode|ParseHTML|XHRReadyStateChange)/, 'scripting'],
  [/^(UpdateLayoutTree|Layout|RecalculateStyles|ParseAuthorStyleSheet|InvalidateLayout|ScheduleStyleRecalculation|IntersectionObserverController::computeIntersections|ResizeObserver|HitTest)/, 'layout'],
  [/^(Paint|PaintImage|PrePaint|UpdateLayer|UpdateLayerTree|Layerize|CompositeLayers|Commit|Decode|Rasterize|RasterTask|PaintSetup|ScrollLayer)/, 'paint'],
];

function kindOf(name: string): keyof CpuByKind | null {
  for (const [re, k] of KINDS) if (re.test(name)) return k;
  return null;
}

export interface Recording {
  /**
   * Stops tracing; the renderer main thread's CPU by kind (ms), in all and split at the
   * first `performance.mark(split)` if one was made.
   */
  stop(split?: string): Promise<{ all: CpuByKind; before: CpuByKind | null; after: CpuByKind | null }>;
}

export async function startTrace(cdp: CDPSession): Promise<Recording> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return {
    async stop(split) {
      const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
      await cdp.send('Tracing.end');
      await done;
      cdp.off('Tracing.dataCollected', collect);
      const mark = split === undefined ? undefined : events.find((e) => e.name === split);
      return {
        all: cpuByKind(events),
        before: mark ? cpuByKind(events.filter((e) => e.ph === 'M' || e.ts < mark.ts)) : null,
        after: mark ? cpuByKind(events.filter((e) => e.ph === 'M' || e.ts >= mark.ts)) : null,
      };
    },
  };
}

function cpuByKind(events: TraceEvent[]): CpuByKind {
  const out: CpuByKind = { scripting: 0, layout: 0, paint: 0, gc: 0, other: 0 };
  const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(thread));
  // The page's main thread: the renderer main thread with the most timed events.
  const count = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && mains.has(thread(e))) count.set(thread(e), (count.get(thread(e)) ?? 0) + 1);
  const main = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return out;
  const list = events.filter((e) => e.ph === 'X' && e.dur !== undefined && thread(e) === main).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const stack: { end: number; kind: keyof CpuByKind | null; self: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= upTo) {
      const top = stack.pop()!;
      let kind = top.kind;
      for (let i = stack.length - 1; kind === null && i >= 0; i--) kind = stack[i]!.kind;
      out[kind ?? 'other'] += Math.max(0, top.self) / 1000;
    }
  };
  for (const e of list) {
    close(e.ts);
    const t = e.tdur ?? e.dur!;
    if (stack.length > 0) stack[stack.length - 1]!.self -= t;
    stack.push({ end: e.ts + e.dur!, kind: kindOf(e.name), self: t });
  }
  close(Infinity);
  return out;
}

export function total(c: CpuByKind): number {
  return c.scripting + c.layout + c.paint + c.gc + c.other;
}

/** `per`: divide by this (frames), shown to 0.01 ms. */
export function formatCpu(c: CpuByKind, per = 1): string {
  const f = (v: number) => (v / per).toFixed(per === 1 ? 0 : 2);
  return `${f(total(c))} ms CPU: scripting ${f(c.scripting)}, style+layout ${f(c.layout)}, paint+composite ${f(c.paint)}, GC ${f(c.gc)}, other ${f(c.other)}`;
}
