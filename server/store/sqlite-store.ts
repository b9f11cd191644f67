/**
 * The SQLite store: one file, one connection, statements prepared once. Writes are
 * synchronous: `write` loads the state, calls the rule and applies its plan inside
 * one better-sqlite3 transaction, so nothing interleaves with it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EnvSummary, RunMeta, WindowInfo } from '../../protocol/index.js';
import type { Applied, Op, Rule, StateRequest, WriteState } from '../write/plan.js';
import { closeDb, type Db } from './db.js';
import type { Columns } from './decimate.js';
import { SeriesStore, type SeriesOptions, type View, type ViewRequest } from './series.js';
import { RunMetaStore } from './run-meta.js';
import { MetricTraces } from './run-summary.js';
import { SqliteEnvs } from './sqlite-envs.js';
import { SqliteTraces } from './sqlite-traces.js';
import { SqliteWindows } from './sqlite-windows.js';
import type { ArrivalSpan, MetricTrace, NewWindow, Store, StoreReader, TraceRow } from './store.js';

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly series: SeriesStore;
  private readonly envs: SqliteEnvs;
  private readonly tracesTable: SqliteTraces;
  private readonly windowsTable: SqliteWindows;
  private readonly meta: RunMetaStore;
  private readonly metrics: MetricTraces;
  /** Built once: better-sqlite3's db.transaction() is costly to create per call. */
  private readonly runTransaction: <T>(fn: () => T) => T;
  /** Depth of the batch the running code is in (undefined: none). */
  private readonly inBatch = new AsyncLocalStorage<number>();
  /** Set while a batch is open: writes from outside it wait for it to end. */
  private gate: Promise<void> | null = null;

  constructor(
    readonly db: Db,
    options: SeriesOptions = {},
    readonly location = db.name,
  ) {
    this.series = new SeriesStore(db, options);
    this.envs = new SqliteEnvs(db);
    this.tracesTable = new SqliteTraces(db);
    this.windowsTable = new SqliteWindows(db, this.tracesTable);
    this.meta = new RunMetaStore(db);
    this.metrics = new MetricTraces(db);
    // BEGIN IMMEDIATE: the write lock is taken (waiting, if the checkpoint worker holds it) before
    // any read, since a deferred transaction that read first cannot wait for it and fails with SQLITE_BUSY.
    this.runTransaction = db.transaction(<T>(fn: () => T): T => fn()).immediate as <T>(fn: () => T) => T;
  }

  /** Runs fn in one transaction (a savepoint inside another): all of it commits, or none of it. */
  transaction<T>(fn: () => T): T {
    try {
      return this.runTransaction(fn);
    } catch (e) {
      // Summaries read inside the rolled-back transaction may describe chunks that are gone.
      this.series.forget();
      throw e;
    }
  }

  write(req: StateRequest, rule: Rule): Applied | Promise<Applied> {
    if (this.gate && this.inBatch.getStore() === undefined) return this.gate.then(() => this.write(req, rule));
    return this.transaction(() => {
      const state = this.state(req);
      return this.apply(req, rule(state), state);
    });
  }

  async batch<T>(fn: () => Promise<T>): Promise<T> {
    const depth = this.inBatch.getStore();
    if (depth !== undefined) {
      const name = `batch${depth + 1}`;
      this.db.exec(`SAVEPOINT ${name}`);
      try {
        const out = await this.inBatch.run(depth + 1, fn);
        this.db.exec(`RELEASE ${name}`);
        return out;
      } catch (e) {
        this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        this.series.forget();
        throw e;
      }
    }
    while (this.gate) await this.gate;
    let open!: () => void;
    this.gate = new Promise((resolve) => (open = resolve));
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await this.inBatch.run(0, fn);
        this.db.exec('COMMIT');
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        this.series.forget();
        throw e;
      }
    } finally {
      this.gate = null;
      open();
    }
  }

  async snapshot<T>(fn: (r: StoreReader) => Promise<T>): Promise<T> {
    // One connection, and writes are synchronous: reads between two awaits see one committed state.
    return fn(this);
  }

  async close(): Promise<void> {
    closeDb(this.db);
  }

  /** What the rule asked to see. */
  private state(req: StateRequest): WriteState {
    const traces = req.traces && req.win !== undefined ? this.tracesTable.of(req.env, req.win) : [];
    const probes: WriteState['probes'] = new Map();
    if (req.probes) {
      for (const t of traces) {
        if (t.n === 0) continue;
        const first = this.series.readSeq(t.id, 0, 1);
        const last = this.series.readSeq(t.id, t.n - 1, t.n);
        probes.set(t.id, { first: { x: first.x[0] ?? NaN, y: first.y[0] ?? NaN }, last: { x: last.x[0] ?? NaN, y: last.y[0] ?? NaN } });
      }
    }
    return {
      now: req.now,
      envExists: this.envs.exists(req.env),
      envs: Object.fromEntries((req.envs ?? []).map((e) => [e, this.envs.exists(e)])),
      window: req.win === undefined ? undefined : this.windowsTable.head(req.env, req.win),
      traces,
      probes,
      windowIds: req.windowIds ? this.windowsTable.openIds(req.env) : [],
    };
  }

  /** Applies a plan's ops in order; must run inside the transaction. */
  private apply(req: StateRequest, plan: Applied['plan'], state: WriteState): Applied {
    const now = req.now;
    const applied: Applied = { plan, starts: [], traceIds: [] };
    const traces = new Map<number, TraceRow>(state.traces.map((t) => [t.id, t]));
    const trace = (id: number): TraceRow => {
      let t = traces.get(id);
      if (!t) {
        t = this.series.traceState(id) as TraceRow;
        traces.set(id, t);
      }
      return t;
    };
    plan.ops.forEach((op: Op, i) => {
      switch (op.op) {
        case 'touchEnv': return this.envs.touch(op.env, now);
        case 'putWindow':
          this.series.forget();
          return this.windowsTable.put(op.env, op.win, op.window, now);
        case 'addTrace': {
          const t = this.tracesTable.add(op.env, op.win, op.pos, op.name, op.props);
          traces.set(t.id, t);
          this.series.append(t, op.points.x, op.points.y, op.points.t);
          applied.traceIds[i] = t.id;
          return;
        }
        case 'append':
          applied.starts[i] = this.series.append(trace(op.trace), op.points.x, op.points.y, op.points.t);
          return;
        case 'deleteTrace':
          this.series.forget(op.trace);
          traces.delete(op.trace);
          return this.tracesTable.delete(op.trace);
        case 'renameTrace': return this.tracesTable.rename(op.trace, op.name);
        case 'setTraceProps': return this.tracesTable.setProps(op.trace, op.props);
        case 'setOpts': return this.windowsTable.setOpts(op.env, op.win, op.opts, now);
        case 'setContent': return this.windowsTable.setContent(op.env, op.win, op.content, now);
        case 'touchWindow': return this.windowsTable.touch(op.env, op.win, now);
        case 'appendItem': return this.windowsTable.appendItem(op.env, op.win, op.item, now);
        case 'closeWindow': return void this.windowsTable.close(op.env, op.win, now);
        case 'reopenWindow': return void this.windowsTable.reopen(op.env, op.win, now);
        case 'deleteEnv':
          this.series.forget();
          return void this.envs.delete(op.env);
        case 'renameEnv': return this.envs.rename(op.from, op.to, now);
        case 'copyEnv':
          this.envs.touch(op.to, now);
          this.windowsTable.copyEnv(op.from, op.to, now);
          this.meta.copy(op.from, op.to);
          return this.tracesTable.copyEnv(op.from, op.to);
        case 'setRunMeta': return this.meta.patch(op.env, op.patch, now);
      }
    });
    return applied;
  }

  // Reads: synchronous.

  listEnvs(): EnvSummary[] {
    return this.envs.list();
  }

  envSummary(env: string): EnvSummary | undefined {
    return this.envs.summary(env);
  }

  envExists(env: string): boolean {
    return this.envs.exists(env);
  }

  runMeta(env: string): RunMeta | undefined {
    return this.meta.get(env);
  }

  metricTraces(env?: string): MetricTrace[] {
    return this.metrics.list(env);
  }

  window(env: string, win: string, opts?: { items?: boolean; traces?: boolean }): WindowInfo | undefined {
    return this.windowsTable.get(env, win, opts);
  }

  hasWindow(env: string, win: string): boolean {
    return this.windowsTable.exists(env, win);
  }

  windows(env: string): WindowInfo[] {
    return this.windowsTable.list(env);
  }

  windowsAt(env: string, t: number): WindowInfo[] {
    return this.windowsTable.at(env, t);
  }

  traces(env: string, win: string): TraceRow[] {
    return this.tracesTable.of(env, win);
  }

  arrivals(env: string): ArrivalSpan[] {
    return this.windowsTable.arrivals(env);
  }

  readSeq(traceId: number, from: number, to: number): Columns {
    return this.series.readSeq(traceId, from, to);
  }

  view(trace: TraceRow, req: ViewRequest): View {
    return this.series.view(trace, req);
  }

  extentBetween(trace: TraceRow, since: number, until: number): { n: number; xmin: number; xmax: number } | null {
    return this.series.extentBetween(trace, since, until);
  }

  // Direct writes for store-level tests and tools, each inside the caller's transaction.

  touchEnv(env: string, now: number): void {
    this.envs.touch(env, now);
  }

  putWindow(env: string, win: string, w: NewWindow, now: number): void {
    this.series.forget();
    this.windowsTable.put(env, win, w, now);
  }

  addTrace(env: string, win: string, pos: number, name: string, props: Record<string, unknown>): TraceRow {
    return this.tracesTable.add(env, win, pos, name, props);
  }
}
