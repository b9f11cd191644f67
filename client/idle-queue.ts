/**
 * Work that no frame should wait for (building charts of panes not on screen yet):
 * run in idle time, in the order queued, one task per idle callback while the
 * browser says time is left, so scrolling and drawing always come first. It also
 * waits while the per-frame draw queue holds work (charts on screen waiting for
 * their turn): off-screen work never goes before what is on screen.
 */
import { drawsWaiting } from './draw-queue.js';

type Task = () => void;

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
    if (drawsWaiting()) break;
    // One task at least per callback (the timeout fired with no idle time left): progress is guaranteed.
    queue.delete(task);
    task();
    if (deadline.timeRemaining() < 4) break;
  }
  if (queue.size > 0) {
    scheduled = true;
    idle(run);
  }
}
