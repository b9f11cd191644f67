/**
 * Messages on the live socket `/api/ws`. The server sends; a client sends only
 * `subscribe` (which envs, and optionally where it left off).
 */
import type { EnvId, EnvSummary, TraceData, WindowId, WindowInfo } from './model.js';

export const PROTOCOL_VERSION = 1;

/** Most points per trace a `subscribe` may ask for (`buckets`): more than any screen shows. */
export const MAX_SUBSCRIBE_BUCKETS = 10_000;

/** A window with its data, as a snapshot or a `window` message carries it. */
export interface WindowSnapshot extends WindowInfo {
  /** One entry per trace: decimated to the requested buckets, or exact from the client's cursor. */
  data: TraceData[];
}

/** First frame on every connection. */
export interface HelloMessage {
  type: 'hello';
  protocol: number;
  envs: EnvSummary[];
}

/**
 * The state of one env at subscription. For a trace the client already had
 * (its cursor was sent) and that grew by at most the resume limit, `data` holds just
 * the missing points (`start` = the client's cursor, `decimated` false); otherwise
 * a fresh view (`start` 0) that replaces what the client had.
 */
export interface SnapshotMessage {
  type: 'snapshot';
  env: EnvId;
  windows: WindowSnapshot[];
  /**
   * Windows listed with empty `data` because the snapshot is big: each one's data follows,
   * in this order (the layout's), in a `window` message, before any delta of the env.
   */
  pending?: WindowId[];
}

/** New points. `start` is the seq of the first new point: the client's cursor must equal it. */
export interface AppendMessage {
  type: 'append';
  env: EnvId;
  win: WindowId;
  traces: { id: number; name: string; start: number; x: (number | null)[]; y: (number | null)[]; t: number[] }[];
}

/**
 * A window was created, replaced, had traces added/removed, or its opts or content
 * changed. With `data`, it replaces the client's points for every trace; without,
 * the client keeps the points of traces whose id is still listed.
 */
export interface WindowMessage {
  type: 'window';
  env: EnvId;
  window: WindowInfo & { data?: TraceData[] };
}

/** A window was closed (deleted). */
export interface CloseMessage {
  type: 'close';
  env: EnvId;
  win: WindowId;
}

/** An env was deleted. */
export interface EnvDeletedMessage {
  type: 'env_deleted';
  env: EnvId;
}

/** The whole env list, sent after a `resync` (the deltas in between were dropped). */
export interface EnvsMessage {
  type: 'envs';
  envs: EnvSummary[];
}

/**
 * The env list changed: `changed` envs were created or became active (replace the
 * client's entry with that id, or add it), `removed` envs were deleted or renamed away.
 * Only what changed is sent; the whole list comes once, in `hello`.
 */
export interface EnvsDeltaMessage {
  type: 'envs_delta';
  changed: EnvSummary[];
  removed: EnvId[];
}

/** The client fell behind and deltas were dropped: throw away local state; fresh snapshots follow. */
export interface ResyncMessage {
  type: 'resync';
  reason: string;
}

/** The client sent something the server could not use; the connection stays open. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type ServerMessage =
  | HelloMessage
  | SnapshotMessage
  | AppendMessage
  | WindowMessage
  | CloseMessage
  | EnvDeletedMessage
  | EnvsMessage
  | EnvsDeltaMessage
  | ResyncMessage
  | ErrorMessage;

/**
 * The one message a client sends: subscribe to envs (replacing any earlier
 * subscription). `cursors[traceId]` = points the client holds; resumes after a reconnect.
 */
export interface SubscribeMessage {
  type: 'subscribe';
  envs: EnvId[];
  /** Points per trace in a decimated view (default 2000, at most MAX_SUBSCRIBE_BUCKETS). */
  buckets?: number;
  cursors?: Record<string, number>;
}

export type ClientMessage = SubscribeMessage;
