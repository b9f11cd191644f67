/**
 * Hints between runboard servers sharing one Postgres store (server/cluster/). A hint
 * names what changed; it never carries points or window content: the receiving server
 * reads those from the store, by sequence number, and publishes them to its own
 * sockets. One hint is one `pg_notify` payload, at most MAX_HINT_BYTES of JSON.
 */
import type { EnvId, WindowId } from './model.js';

/** Postgres refuses NOTIFY payloads of 8,000 bytes or more. */
export const MAX_HINT_BYTES = 7_900;

/** Hint channel name (LISTEN/NOTIFY). */
export const HINT_CHANNEL = 'runboard_hint';

/** A `/vis_socket` event from a pane, for the trainers connected to other servers. */
export interface VisEventHint {
  /** The event without `pane_data`. */
  event: Record<string, unknown>;
  /** Whether the receiver adds `pane_data` (the window as `/win_data` returns it) or sends `pane_data: false`. */
  pane: boolean;
}

export interface Hint {
  /** Sender's server id: a server ignores its own hints. */
  s: string;
  /** [trace id, new point count]. */
  t?: [number, number][];
  /** [env, win, whether the traces' points changed] of windows created, replaced or changed. */
  w?: [EnvId, WindowId, 0 | 1][];
  /** [env, win] of windows closed. */
  c?: [EnvId, WindowId][];
  /** Envs whose list entry changed (created, activity, run metadata). */
  e?: EnvId[];
  /** Envs deleted, or renamed away. */
  d?: EnvId[];
  /** Events from panes (PropertyUpdate, KeyPress, Click, EntitySelected, RegionSelected). */
  v?: VisEventHint[];
  /** Frames forwarded verbatim to every /vis_socket (a trainer's `echo`). */
  f?: string[];
}

/** Parses a hint payload; null for anything that is not one (another program on the channel). */
export function parseHint(payload: string): Hint | null {
  try {
    const h = JSON.parse(payload) as Hint;
    return h && typeof h === 'object' && typeof h.s === 'string' ? h : null;
  } catch {
    return null;
  }
}
