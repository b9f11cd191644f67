/**
 * Long reads (exports, /win_data, /win_hash, snapshots) run in slices: each slice is
 * short, and between slices other requests and writes get their turn.
 */

/** Points read and formatted in one slice (about a millisecond or two of work). */
export const SLICE_POINTS = 4096;

/** Yielded by a sync generator where its consumer may let the event loop run. */
export const TURN: unique symbol = Symbol('turn');
export type Turn = typeof TURN;

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The strings of `parts`, letting the event loop run at every TURN. */
export async function* sliced(parts: AsyncIterable<string | Turn> | Iterable<string | Turn>): AsyncGenerator<string> {
  for await (const p of parts) {
    if (p === TURN) await nextTurn();
    else yield p;
  }
}

/** The strings of `parts` joined, without yielding (small values only). */
export async function joined(parts: AsyncIterable<string | Turn> | Iterable<string | Turn>): Promise<string> {
  let out = '';
  for await (const p of parts) if (p !== TURN) out += p;
  return out;
}
