/**
 * Applies Visdom writes (`/events`, `/update`, `set_window_data`) through Ingest:
 * reads the window as stored, translates the body (pure), runs the resulting action.
 * Shared by the HTTP routes and the importer, so a replayed log takes the same path
 * as a live trainer.
 */
import type { EventsBody, RunMetaPatch, UpdateBody } from '../../protocol/index.js';
import { BadJsonError, ShapeError } from '../errors.js';
import type { Ingest } from '../ingest.js';
import { parseJsonTolerant } from '../json.js';
import type { StoreReader } from '../store/store.js';
import { envOf, eventsAction, updateAction, windowJsonAction, winOf, type VisdomAction } from './translate.js';

export class VisdomWriter {
  constructor(
    private readonly store: StoreReader,
    private readonly ingest: Ingest,
  ) {}

  /** `/events`: returns the window id. */
  events(body: EventsBody): Promise<string> {
    return this.run(eventsAction(body, envOf(body.eid)));
  }

  /** `/update`: returns the window id, or Visdom's own answer ("win does not exist", ...). */
  async update(body: UpdateBody): Promise<string> {
    const env = envOf(body.eid);
    const win = winOf(body.win);
    // An image_history update only appends: its stored images are not read.
    const existing = win === undefined ? undefined : await this.store.window(env, win, { items: false });
    return this.run(updateAction(body, env, existing));
  }

  /**
   * `set_window_data`: stores a window (or, with no win, replaces the whole env by a map of
   * windows) given as Visdom window JSON text. Every window is translated before anything is written.
   */
  async setWindowData(env: string, win: string | undefined, json: string): Promise<void> {
    let value: unknown;
    try {
      value = parseJsonTolerant(json);
    } catch (e) {
      throw new BadJsonError(`data: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ShapeError(win === undefined ? 'data must be a JSON object mapping window ids to windows' : 'data must be a window as a JSON object');
    }
    if (win !== undefined) {
      await this.run(windowJsonAction(value as Record<string, unknown>, env, win));
      return;
    }
    await this.putEnv(env, value as Record<string, Record<string, unknown>>);
  }

  /** Replaces env `env` by these windows (a Visdom env map `{id: window}`), placed in the order of their `i`. */
  async putEnv(env: string, windows: Record<string, Record<string, unknown>>): Promise<number> {
    const entries = Object.entries(windows).sort(([, a], [, b]) => order(a) - order(b));
    const actions = entries.map(([id, w]) => windowJsonAction(w, env, winOf(id)!));
    // One transaction: viewers see the old env or the new one, never a half-written one.
    await this.ingest.batch(async () => {
      await this.clearEnv(env);
      for (const action of actions) await this.run(action);
    });
    return actions.length;
  }

  /** Leaves env `env` existing and empty, in one transaction. */
  clearEnv(env: string): Promise<void> {
    return this.ingest.batch(async () => {
      if (await this.store.envExists(env)) await this.ingest.closeAll(env);
      await this.ingest.createEnv(env);
    });
  }

  /** Sets the run metadata of an env (an imported export's). */
  setRunMeta(env: string, patch: RunMetaPatch): Promise<void> {
    return this.ingest.setRunMeta(env, patch);
  }

  /** Runs several writes in one transaction; their messages are published once it commits. */
  batch<T>(fn: () => Promise<T>): Promise<T> {
    return this.ingest.batch(fn);
  }

  async run(action: VisdomAction): Promise<string> {
    switch (action.kind) {
      case 'series':
        return (await this.ingest.series(action.cmd)).win;
      case 'window':
        return (await this.ingest.window(action.cmd)).win;
      case 'change':
        await this.ingest.updateWindow(action.env, action.win, action.change);
        return action.win;
      case 'item':
        await this.ingest.appendItem(action.env, action.win, action.item);
        return action.win;
      case 'reply':
        return action.text;
    }
  }
}

function order(w: Record<string, unknown>): number {
  return typeof w?.i === 'number' ? w.i : Number.MAX_SAFE_INTEGER;
}
