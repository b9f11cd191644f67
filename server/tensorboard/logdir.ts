/**
 * Follows a TensorBoard logdir: every directory holding event files is a run, shown
 * as the env named by its path relative to the logdir. Directories (not files) are
 * watched with fs.watch, so 1,000 runs cost 1,000 watches, not one per file; a poll
 * every `pollMs` catches what watches miss (network filesystems drop events, and
 * watches can run out), and takes over from a directory whose watch fails.
 * Reads resume from the offsets kept in the store.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { TensorboardState } from '../store/tensorboard.js';
import { IMPORT_CHUNK, isEventFile, READ_CHUNK } from './event-file.js';
import { FileReader, type FileState, type LogdirProgress } from './file-reader.js';
import { PollSchedule, type Backoff } from './poll-schedule.js';
import type { LogdirSink } from './sink.js';

export type { LogdirProgress } from './file-reader.js';

export interface LogdirOptions {
  /** Absolute path of the logdir. */
  dir: string;
  /** How often files and directories are checked for changes the watches missed (ms). */
  pollMs: number;
  /** Watch directories with fs.watch (low latency); false: poll only. */
  watch: boolean;
  /** Where problems and notices go (corrupt records, skipped plugins, watch failures). */
  log: (message: string) => void;
  /** Bytes read from one file per transaction (default: READ_CHUNK following, IMPORT_CHUNK importing). */
  chunkBytes?: number;
}


/** A watched directory and its files are also polled, every this many polls (the net under dropped events). */
export const WATCHED_POLL_EVERY = 10;
/**
 * Files of unwatched directories are checked every poll while they are written; one not
 * written for a minute (IDLE_MS) backs off to every 2, then every 4 polls. So a run that
 * wakes up after idling is seen within 4 polls; a busy run, within one.
 */
export const FILE_BACKOFF: Backoff = { base: 1, cap: 4 };
/** Unwatched directories (new files, new runs: their mtime changes) every 5 polls, backing off to every 10. */
export const DIR_BACKOFF: Backoff = { base: 5, cap: 10 };

export class LogdirTailer {
  private readonly files = new Map<string, FileState>();
  private readonly watchers = new Map<string, FSWatcher>();
  /** Directories known, with their mtime when last listed. */
  private readonly dirs = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly root: string;
  private offsets: Map<string, number> = new Map();
  private draining: Promise<void> | null = null;
  private onProgress: ((p: LogdirProgress) => void) | undefined;
  private chunkBytes: number;
  private timer: NodeJS.Timeout | null = null;
  private watchFailed = false;
  private polls = 0;
  private readonly fileChecks = new PollSchedule(FILE_BACKOFF);
  private readonly dirChecks = new PollSchedule(DIR_BACKOFF);
  /** Stats made by polls so far (the benchmark reports their rate). */
  readonly checks = { files: 0, dirs: 0 };
  private closed = false;
  private readonly reader: FileReader;
  readonly progress: LogdirProgress;

  constructor(
    private readonly opts: LogdirOptions,
    private readonly sink: LogdirSink,
    private readonly state: TensorboardState,
  ) {
    this.root = opts.dir.endsWith(sep) ? opts.dir.slice(0, -1) : opts.dir;
    this.chunkBytes = opts.chunkBytes ?? READ_CHUNK;
    this.reader = new FileReader(sink, state, opts.log);
    this.progress = this.reader.progress;
  }

  /** Reads everything there is now, once (the import). */
  async importAll(onProgress?: (p: LogdirProgress) => void): Promise<LogdirProgress> {
    this.onProgress = onProgress;
    this.chunkBytes = this.opts.chunkBytes ?? IMPORT_CHUNK;
    this.discover();
    for (const path of this.files.keys()) this.pending.add(path);
    void this.drain();
    await this.idle();
    return this.progress;
  }

  /**
   * Finds the runs now (throws if the logdir cannot be read), then catches up in the
   * background (the promise) and follows new records, files and runs until closed.
   */
  start(): Promise<void> {
    this.discover();
    this.timer = setInterval(() => this.poll(), this.opts.pollMs);
    this.timer.unref();
    return this.idle();
  }

  /** Resolves once every change seen so far is written (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.pending.clear();
    await this.idle();
  }

  /** Plugins seen and not drawn, with how many values of each were skipped. */
  skippedPlugins(): Map<string, number> {
    return this.reader.skippedPlugins();
  }

  /** Finds every directory and event file under the logdir. */
  private discover(): void {
    this.offsets = this.state.offsetsUnder(this.root + sep);
    this.scanDir(this.root, true);
  }

  /**
   * Lists `dir` (remembering its mtime, which changes when entries come or go) and
   * descends into subdirectories not seen before (all, when `deep`): known ones are
   * checked on their own.
   */
  private scanDir(dir: string, deep = false): void {
    let entries;
    try {
      this.dirs.set(dir, statSync(dir).mtimeMs);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === this.root) throw new Error(`logdir ${dir}: ${(e as Error).message}`);
      this.forgetDir(dir);
      return;
    }
    if (!this.watchers.has(dir)) this.watchDir(dir);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (deep || !this.dirs.has(path)) this.scanDir(path, deep);
      } else if (entry.isFile() && isEventFile(entry.name) && this.addFile(path)) this.schedule(path);
    }
  }

  private addFile(path: string): boolean {
    if (this.files.has(path)) return false;
    const dir = path.slice(0, path.length - basename(path).length - 1);
    const rel = relative(this.root, dir).split(sep).join('/');
    const env = rel === '' ? basename(this.root) : rel;
    const offset = this.offsets.get(path) ?? 0;
    this.files.set(path, { env, dir, offset });
    this.progress.files++;
    try {
      this.progress.totalBytes += Math.max(0, statSync(path).size - offset);
    } catch {
      // Gone already: the read reports nothing and the poll forgets it.
    }
    return true;
  }

  private watchDir(dir: string): void {
    if (!this.opts.watch || this.closed) return;
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => this.changed(dir, name));
      w.on('error', () => {
        w.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, w);
    } catch (e) {
      // Out of watches (ENOSPC, EMFILE): the poll covers this directory.
      if (!this.watchFailed) this.opts.log(`logdir: cannot watch ${dir} (${(e as Error).message}); it and any others are polled every ${this.opts.pollMs} ms`);
      this.watchFailed = true;
    }
  }

  private changed(dir: string, name: string | Buffer | null): void {
    if (this.closed) return;
    if (name === null) {
      this.scanDir(dir);
      return;
    }
    const path = join(dir, name.toString());
    if (this.files.has(path)) {
      this.schedule(path);
      return;
    }
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) this.scanDir(path);
    else if (st.isFile() && isEventFile(name.toString()) && this.addFile(path)) this.schedule(path);
  }

  private forgetDir(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
    this.dirs.delete(dir);
    this.dirChecks.delete(dir);
  }

  private forgetFile(path: string): void {
    this.files.delete(path);
    this.fileChecks.delete(path);
  }

  /** Polls made so far (tests). */
  get pollCount(): number {
    return this.polls;
  }

  /** Polls between checks of an event file now (tests). */
  checkInterval(path: string): number {
    return this.fileChecks.interval(path);
  }

  /**
   * What the watches may have missed: one stat per file (grown?) and per directory
   * (entries added or removed?). Watched ones are checked every WATCHED_POLL_EVERY polls,
   * unwatched ones as their PollSchedule says: busy files every poll, long-quiet ones
   * less often (FILE_BACKOFF, DIR_BACKOFF). So 1,000 idle runs cost ~200 stats a second
   * watched, ~350 polled only.
   */
  private poll(): void {
    if (this.closed) return;
    const n = this.polls++;
    const all = n % WATCHED_POLL_EVERY === 0;
    const now = Date.now();
    for (const [path, f] of this.files) {
      if (this.watchers.has(f.dir) ? !all : !this.fileChecks.due(path, n)) continue;
      this.checks.files++;
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st) {
        this.forgetFile(path);
        continue;
      }
      const grown = st.size !== f.offset;
      this.fileChecks.checked(path, n, grown, st.mtimeMs, now);
      if (grown) this.schedule(path);
    }
    for (const [dir, mtime] of this.dirs) {
      if (this.watchers.has(dir) ? !all : !this.dirChecks.due(dir, n)) continue;
      this.checks.dirs++;
      const st = statSync(dir, { throwIfNoEntry: false });
      if (!st) {
        this.forgetDir(dir);
        continue;
      }
      const changed = st.mtimeMs !== mtime;
      this.dirChecks.checked(dir, n, changed, st.mtimeMs, now);
      if (changed) this.scanDir(dir);
    }
  }

  private schedule(path: string): void {
    this.pending.add(path);
    void this.drain();
  }

  /** Reads pending files one chunk at a time, yielding between chunks so requests keep being served. */
  private drain(): Promise<void> {
    // `finally` runs after the assignment even when there is nothing to read.
    this.draining ??= this.readPending().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async readPending(): Promise<void> {
    while (this.pending.size > 0 && !this.closed) {
      const path = this.pending.values().next().value as string;
      this.pending.delete(path);
      const f = this.files.get(path);
      if (!f) continue;
      const before = f.offset;
      const more = await this.reader.read(path, f, this.chunkBytes);
      if (more === 'gone') this.forgetFile(path);
      if (f.offset !== before) this.fileChecks.active(path, this.polls);
      if (more === 'more') this.pending.add(path);
      this.onProgress?.(this.progress);
      await new Promise((r) => setImmediate(r));
    }
  }
}
