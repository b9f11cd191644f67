/**
 * Main-thread time of a page over a span, from Chromium's own counters (CDP
 * Performance.getMetrics): script, style, layout and task seconds. Unlike wall time
 * to the next frame, they leave out waiting for a frame or for the thread's next task;
 * they are the wall time inside tasks, so a task descheduled on a loaded machine
 * still counts whole (they are an upper bound of the CPU the page spent).
 */
import type { Page } from 'playwright-core';

export interface MainThread {
  /** ms of JavaScript. */
  script: number;
  /** ms of style recalculation and layout. */
  styleLayout: number;
  /** ms of every main-thread task (script, style, layout, paint, and the rest). */
  task: number;
}

/** Runs `fn` and returns the page's main-thread time during it. */
export async function mainThreadDuring(page: Page, fn: () => Promise<unknown>): Promise<MainThread> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = new Map(metrics.map((x) => [x.name, x.value]));
    return { script: m.get('ScriptDuration') ?? 0, style: (m.get('RecalcStyleDuration') ?? 0) + (m.get('LayoutDuration') ?? 0), task: m.get('TaskDuration') ?? 0 };
  };
  const a = await read();
  await fn();
  const b = await read();
  await cdp.detach();
  return { script: (b.script - a.script) * 1000, styleLayout: (b.style - a.style) * 1000, task: (b.task - a.task) * 1000 };
}
