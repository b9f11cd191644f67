/**
 * Rules of content windows and of envs as a whole. Pure: each returns the plan for
 * a command given the state the store loaded, or throws a coded error.
 */
import type { WindowOpts, WindowType } from '../../protocol/index.js';
import { ClosedWindowNotFoundError, EnvExistsError, UnknownEnvError, UnknownWindowError, WrongWindowTypeError } from '../errors.js';
import { ITEM_TYPES } from '../store/store.js';
import { emptyPlan, type WritePlan, type WriteState } from './plan.js';

/** A window that holds content rather than series: text, image, image_history, bar, heatmap, properties, plotly. */
export interface ContentWindowCommand {
  env: string;
  win?: string;
  type: WindowType;
  opts: WindowOpts;
  content?: unknown;
  /** image_history: the images, in order. */
  items?: unknown[];
}

/** A change to an existing window's content and/or opts (opts replace the stored ones). */
export interface WindowChange {
  content?: unknown;
  opts?: WindowOpts;
}

/** Creates a content window, or replaces the window with that id in place (keeping its position). */
export function planWindow(cmd: ContentWindowCommand, win: string, s: WriteState): WritePlan {
  const plan = touched(cmd.env, s);
  plan.ops.push({ op: 'putWindow', env: cmd.env, win, window: { type: cmd.type, opts: cmd.opts, content: cmd.content, items: cmd.items } });
  plan.announce.push({ kind: 'window', env: cmd.env, win, data: false });
  return plan;
}

/** Replaces the content and/or opts of an existing window. */
export function planUpdateWindow(env: string, win: string, change: WindowChange, s: WriteState): WritePlan {
  if (!s.window || s.window.closed) throw new UnknownWindowError(win, env);
  const plan = touched(env, s);
  if (change.opts !== undefined) plan.ops.push({ op: 'setOpts', env, win, opts: change.opts });
  if (change.content !== undefined) plan.ops.push({ op: 'setContent', env, win, content: change.content });
  plan.announce.push({ kind: 'window', env, win, data: false });
  return plan;
}

/** Keeps one more item in a list window (image_history): O(1) whatever the list length. */
export function planAppendItem(env: string, win: string, item: unknown, s: WriteState): WritePlan {
  const w = s.window && !s.window.closed ? s.window : undefined;
  if (!w) throw new UnknownWindowError(win, env);
  if (!ITEM_TYPES.includes(w.type)) throw new WrongWindowTypeError(`window ${win} is a ${w.type} window; only image_history windows keep a list of items`);
  const plan = touched(env, s);
  plan.ops.push({ op: 'appendItem', env, win, item });
  // The window message carries the whole list: built only when someone is listening.
  plan.announce.push({ kind: 'window', env, win, data: false });
  plan.onlyIfWatched = true;
  return plan;
}

/** Creates an empty env (Visdom's POST /env/:env), or marks it active. */
export function planCreateEnv(env: string, s: WriteState): WritePlan {
  return touched(env, s);
}

/** Closes every open window of an env. */
export function planCloseAll(env: string, s: WriteState): WritePlan {
  if (!s.envExists) throw new UnknownEnvError(env);
  const plan = emptyPlan();
  plan.envs.push(env);
  for (const win of s.windowIds) {
    plan.ops.push({ op: 'closeWindow', env, win });
    plan.announce.push({ kind: 'close', env, win });
  }
  return plan;
}

/** Closes a window for every viewer; it is kept, closed (replay, undo). */
export function planCloseWindow(env: string, win: string, s: WriteState): WritePlan {
  if (!s.window || s.window.closed) throw new UnknownWindowError(win, env);
  const plan = emptyPlan();
  plan.envs.push(env);
  plan.ops.push({ op: 'closeWindow', env, win });
  plan.announce.push({ kind: 'close', env, win });
  return plan;
}

/** Undoes a close: the window comes back, with its points. */
export function planReopenWindow(env: string, win: string, s: WriteState): WritePlan {
  if (!s.window || !s.window.closed) throw new ClosedWindowNotFoundError(win, env);
  const plan = emptyPlan();
  plan.envs.push(env);
  plan.ops.push({ op: 'reopenWindow', env, win });
  plan.announce.push({ kind: 'window', env, win, data: true });
  return plan;
}

export function planDeleteEnv(env: string, s: WriteState): WritePlan {
  if (!s.envExists) throw new UnknownEnvError(env);
  const plan = emptyPlan();
  plan.ops.push({ op: 'deleteEnv', env });
  plan.announce.push({ kind: 'envDeleted', env });
  plan.envs.push(env);
  plan.envsNow = true;
  return plan;
}

/** Renames an env with everything in it. Viewers of the old name are told it is gone. */
export function planRenameEnv(from: string, to: string, s: WriteState): WritePlan {
  if (!s.envExists) throw new UnknownEnvError(from);
  if (s.envs[to]) throw new EnvExistsError(to);
  const plan = emptyPlan();
  plan.ops.push({ op: 'renameEnv', from, to });
  plan.announce.push({ kind: 'envDeleted', env: from });
  plan.envs.push(from, to);
  plan.envsNow = true;
  return plan;
}

/** Copies env `from` into `to`, replacing `to` if it exists. */
export function planForkEnv(from: string, to: string, s: WriteState): WritePlan {
  if (!s.envExists) throw new UnknownEnvError(from);
  const plan = emptyPlan();
  if (from === to) return plan;
  if (s.envs[to]) {
    plan.ops.push({ op: 'deleteEnv', env: to });
    // Viewers of a replaced env drop what they hold; they see the copy when they subscribe again.
    plan.announce.push({ kind: 'envDeleted', env: to });
  }
  plan.ops.push({ op: 'copyEnv', from, to });
  plan.envs.push(to);
  plan.envsNow = true;
  return plan;
}

/** Touches the env (creating it when missing) and lists it as changed. */
function touched(env: string, s: WriteState): WritePlan {
  const plan = emptyPlan();
  plan.ops.push({ op: 'touchEnv', env });
  plan.envs.push(env);
  plan.envsNow = !s.envExists;
  return plan;
}
