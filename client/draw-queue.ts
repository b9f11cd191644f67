/**
 * A shared per-frame budget for chart redraws. A redraw runs at once while this
 * frame's budget lasts (so one live pane draws a new point right away); past it,
 * redraws wait for the next animation frame, oldest first. Nothing is dropped: a
 * waiting pane draws its latest data when its turn comes.
 *
 * The budget is in script time and in redraws per frame. The second adapts to the
 * frame rate (additive increase, multiplicative decrease): handing a redrawn canvas
 * to the compositor costs time no script timer sees, so when frames run long, fewer
 * panes redraw per frame and each redraws less often, instead of every frame janking.
 */
const BUDGET_MS = 6;
const FRAME_MS = 16;
const LONG_FRAME_MS = 24;
const MAX_DRAWS = 64;

const queue = new Set<() => void>();
let windowStart = -Infinity;
let spent = 0;
let drawsThisFrame = 0;
let maxDraws = MAX_DRAWS;
let lastDrain = 0;
let scheduled = false;

export function requestDraw(draw: () => void): void {
  const now = performance.now();
  if (now - windowStart > FRAME_MS) {
    windowStart = now;
    spent = 0;
    drawsThisFrame = 0;
  }
  if (queue.size === 0 && spent < BUDGET_MS && drawsThisFrame < maxDraws) {
    run(draw);
    return;
  }
  queue.add(draw);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(drain);
  }
}

/** Whether draws wait for a coming frame (idle-time work waits for them). */
export function drawsWaiting(): boolean {
  return queue.size > 0;
}

export function cancelDraw(draw: () => void): void {
  queue.delete(draw);
}

function run(draw: () => void): void {
  const t0 = performance.now();
  draw();
  spent += performance.now() - t0;
  drawsThisFrame++;
}

function drain(now: number): void {
  scheduled = false;
  const interval = now - lastDrain;
  if (interval < 2 * LONG_FRAME_MS) {
    // Consecutive loaded frames: adapt to how long the last one took.
    maxDraws = interval > LONG_FRAME_MS ? Math.max(1, Math.floor(drawsThisFrame / 2)) : Math.min(MAX_DRAWS, maxDraws + 1);
  }
  lastDrain = now;
  windowStart = now;
  spent = 0;
  drawsThisFrame = 0;
  for (const draw of queue) {
    if (spent >= BUDGET_MS || drawsThisFrame >= maxDraws) break;
    queue.delete(draw);
    run(draw);
  }
  if (queue.size > 0) {
    scheduled = true;
    requestAnimationFrame(drain);
  }
}
