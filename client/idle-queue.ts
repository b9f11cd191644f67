/**
 * Work that no frame should wait for (building charts of panes not on screen yet):
 * run in idle time, in the order queued, while the browser says at least
 * MIN_IDLE_MS are left, so scrolling and drawing always come first. It also
 * waits while the per-frame draw queue holds work (charts on screen waiting for
 * their turn): off-screen work never goes before what is on screen.
 */
import { drawsWaiting } from './draw-queue.js';

type Task = () => void;

/** A task starts only with this much idle time left: a chart build must not run into the next frame. */
const MIN_IDLE_MS = 8;

const queue = new Set<Task>();
let scheduled = false;

const idle: (cb: (d: { timeRemaining(): number }) => void) => void =
  typeof requestIdleCallback === 'function' ? (cb) => requestIdleCallback(cb) : (cb) => setTimeout(() => cb({ timeRemaining: () => 8 }), 16);

/** Queues a task; returns a function that cancels it. */
export function whenIdle(task: Task): () => void {
  queue.add(task);
  if (!scheduled) {
    scheduled = true;
    idle(run);
  }
  return () => queue.delete(task);
}

function run(deadline: { timeRemaining(): number }): void {
  scheduled = false;
  for (const task of queue) {
    // While the page scrolls or animates, idle periods are short and tasks wait; a pane
    // scrolled into view meanwhile builds through the draw budget.
    if (drawsWaiting() || deadline.timeRemaining() < MIN_IDLE_MS) break;
    queue.delete(task);
    task();
  }
  if (queue.size > 0) {
    scheduled = true;
    idle(run);
  }
}
