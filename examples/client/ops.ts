/**
 * What the client sends: one queued request per op. Ops are plain JSON so the
 * spool can write them to disk and a later process can replay them unchanged.
 */
import type { LineBody, RunMetaPatch, WindowOpts } from '../../protocol/index.js';

/** A Visdom `/events` or `/update` body, as the stock Python client sends it. */
export interface VisdomBody {
  data: { content: unknown; type: string }[];
  win: string;
  eid: string;
  opts?: WindowOpts;
}

export type Op =
  /** `POST /api/env/:env/line` */
  | { kind: 'line'; env: string; body: LineBody }
  /** `POST /events`: create or replace a text or image window. */
  | { kind: 'events'; body: VisdomBody }
  /** `POST /update`: append to a text window or an image history. */
  | { kind: 'update'; body: VisdomBody }
  /** `PATCH /api/env/:env`: the run's config, tags, notes, colour, finished. */
  | { kind: 'meta'; env: string; body: RunMetaPatch }
  /** An image-history entry: `/update` when the window exists, else `/events` (Visdom asks `/win_exists` first). */
  | { kind: 'history'; body: VisdomBody };

/** Rough size of an op in memory, to bound the buffer: points for lines, characters for content. */
export function opWeight(op: Op): number {
  if (op.kind === 'line') return Array.isArray(op.body.Y) ? op.body.Y.length : 1;
  if (op.kind === 'meta') return 1;
  let chars = 0;
  for (const d of op.body.data) chars += typeof d.content === 'string' ? d.content.length : JSON.stringify(d.content).length;
  // An image of 1 MB weighs like 1M/64 points: a point costs tens of bytes in JS arrays.
  return Math.ceil(chars / 64);
}
