/**
 * One step of following an event file: read a chunk from the offset reached, decode it,
 * write it with its new offset through the sink, and count and report what could not be
 * used (corrupt records, plugins not drawn) without stopping.
 */
import type { TensorboardState } from '../store/tensorboard.js';
import { readEventFile, type FileProblem } from './event-file.js';
import type { TagPlugins } from './events.js';
import type { LogdirSink } from './sink.js';

export interface LogdirProgress {
  files: number;
  bytes: number;
  totalBytes: number;
  values: number;
  records: number;
  problems: number;
}

export interface FileState {
  env: string;
  /** Its directory (watched or not). */
  dir: string;
  offset: number;
}

export class FileReader {
  private readonly plugins = new Map<string, TagPlugins>();
  private readonly skipped = new Map<string, number>();
  readonly progress: LogdirProgress = { files: 0, bytes: 0, totalBytes: 0, values: 0, records: 0, problems: 0 };

  constructor(
    private readonly sink: LogdirSink,
    private readonly state: TensorboardState,
    private readonly log: (message: string) => void,
  ) {}

  /** Plugins seen and not drawn, with how many values of each were skipped. */
  skippedPlugins(): Map<string, number> {
    return new Map(this.skipped);
  }

  /**
   * One chunk of one file, written with its offset (`f.offset` moves on once stored):
   * 'more' when more is already there, 'gone' when the file no longer exists.
   */
  async read(path: string, f: FileState, chunkBytes: number): Promise<'more' | 'done' | 'gone'> {
    let plugins = this.plugins.get(f.env);
    if (!plugins) this.plugins.set(f.env, (plugins = this.state.tags(f.env)));
    let read;
    try {
      read = readEventFile(path, f.offset, plugins, chunkBytes);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      this.problem({ path, offset: f.offset, message: (e as Error).message });
      return 'done';
    }
    for (const p of read.problems) this.problem(p);
    const d = read.decoded;
    for (const v of d.others) if (v.kind === 'skipped') this.skip(v.plugin, v.tag, f.env);
    if (read.offset === f.offset && d.size === 0 && d.learned.length === 0) return 'done';
    try {
      this.progress.values += await this.sink.write([{ env: f.env, path, offset: read.offset, decoded: d }]);
    } catch (e) {
      // Nothing was stored (the transaction rolled back): forget what this read learned and retry on the next change.
      this.plugins.delete(f.env);
      this.problem({ path, offset: f.offset, message: `not stored: ${(e as Error).message}` });
      return 'done';
    }
    const before = f.offset;
    this.progress.bytes += Math.max(0, read.offset - before);
    this.progress.records += read.records;
    f.offset = read.offset;
    return read.offset < read.size && read.offset !== before ? 'more' : 'done';
  }

  private problem(p: FileProblem): void {
    this.progress.problems++;
    this.log(`logdir: ${p.path} at byte ${p.offset}: ${p.message}`);
  }

  /** Counted always, reported once per plugin. */
  private skip(plugin: string, tag: string, env: string): void {
    const n = this.skipped.get(plugin) ?? 0;
    this.skipped.set(plugin, n + 1);
    if (n === 0) this.log(`logdir: values of the "${plugin}" plugin are not shown (first: ${tag ? `tag "${tag}" ` : ''}in run "${env}"); they are counted and skipped`);
  }
}
