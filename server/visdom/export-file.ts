/**
 * Reading back runboard's own env export (protocol/env-export.ts): each exported window
 * becomes the Ingest command that recreates it, so an export imports like any other write.
 * Point times are not kept: the imported points arrive now.
 */
import { Ajv } from 'ajv';
import { exportedWindowSchema, type ExportedWindow } from '../../protocol/index.js';
import type { TraceInput } from '../line.js';
import { ITEM_TYPES } from '../store/store.js';
import type { VisdomAction } from './translate.js';

const ajv = new Ajv({ strict: false, coerceTypes: false });
const valid = ajv.compile<ExportedWindow>(exportedWindowSchema);

/** `{"env":` first: the head of a runboard export, with the env it names. */
const EXPORT_HEAD = /^\s*\{\s*"env"\s*:\s*("(?:[^"\\]|\\.)*")/;
/** Enough of a head to tell: its first key and the start of that key's value. */
const HEAD_COMPLETE = /^\s*\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\S/;

/** Whether `head` shows enough of a JSON object to tell a runboard export from a Visdom saved env. */
export function headComplete(head: string): boolean {
  return HEAD_COMPLETE.test(head);
}

/** The env a runboard export names, or undefined when `head` is not one. */
export function exportedEnv(head: string): string | undefined {
  const m = EXPORT_HEAD.exec(head);
  return m ? (JSON.parse(m[1]!) as string) : undefined;
}

/** One element of the export's `windows`, as the action that writes it into `env`. */
export function exportedWindowAction(value: unknown, env: string): VisdomAction {
  if (!valid(value)) throw new Error(`expected {"window": {"id", "type", "opts", ...}, "data": {"traces": [...]}}: ${ajv.errorsText(valid.errors)}`);
  const { window: w, data } = value;
  if (w.type === 'line' || w.type === 'scatter') {
    const traces: TraceInput[] = data.traces.map((t, i) => ({
      name: t.name,
      x: Float64Array.from(t.points, (p) => p[0] ?? NaN),
      y: Float64Array.from(t.points, (p) => p[1] ?? NaN),
      props: w.traces?.[i]?.props ?? {},
    }));
    return { kind: 'series', cmd: { env, win: w.id, mode: 'create', type: w.type, traces, opts: w.opts, content: w.content ?? undefined } };
  }
  if (ITEM_TYPES.includes(w.type)) {
    return { kind: 'window', cmd: { env, win: w.id, type: w.type, opts: w.opts, items: Array.isArray(w.content) ? w.content : [] } };
  }
  return { kind: 'window', cmd: { env, win: w.id, type: w.type, opts: w.opts, content: w.content } };
}
