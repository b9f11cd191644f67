/**
 * The Postgres store: a pool for queries, one transaction per write (loading the
 * state, planning with the pure rule, applying), snapshots in one REPEATABLE READ
 * transaction. Batches hold one client through AsyncLocalStorage, so writes and
 * reads inside them see the batch's own changes. Trace ids are global; a reservation
 * of sequence numbers commits with its points (pg-series.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { EnvSummary, RunMeta, WindowInfo } from '../../protocol/index.js';
import type { Applied, Rule, StateRequest } from '../write/plan.js';
import type { Columns } from './decimate.js';
import { applyRule } from './pg-apply.js';
import { createPool, migratePg, queryOn, redactUrl, type PgOptions } from './pg-db.js';
import { PgReader } from './pg-read.js';
import { PgSeries } from './pg-series.js';
import type { View, ViewRequest } from './series-view.js';
import type { ArrivalSpan, MetricTrace, Store, StoreReader, TraceRow } from './store.js';

/** The transaction the running code is in: a batch's client, and how deep its savepoints go. */
interface TxContext {
  client: pg.PoolClient;
  depth: number;
  /** Inside a snapshot (read only) rather than a batch. */
  readOnly: boolean;
}

/** Deadlock and serialization failures: the transaction is retried, up to this many times. */
const RETRIES = 3;
const RETRYABLE = new Set(['40P01', '40001']);

export class PgStore implements Store {
  readonly backend = 'postgres';
  readonly location: string;
  private readonly series = new PgSeries();
  private readonly tx = new AsyncLocalStorage<TxContext>();
  private readonly poolReader: PgReader;

  private constructor(readonly pool: pg.Pool, url: string) {
    this.location = redactUrl(url);
    this.poolReader = new PgReader(queryOn(pool), this.series);
  }

  /** Connects, brings the schema up to date, and returns the store. */
  static async open(url: string, options: PgOptions = {}): Promise<PgStore> {
    const pool = createPool(url, options);
    try {
      await migratePg(pool);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PgStore(pool, url);
  }

  async write(req: StateRequest, rule: Rule): Promise<Applied> {
    const ctx = this.tx.getStore();
    if (ctx && !ctx.readOnly) {
      // Inside a batch: a savepoint, so a failed write rolls back alone.
      const name = `w${ctx.depth + 1}`;
      await ctx.client.query(`SAVEPOINT ${name}`);
      try {
        const applied = await applyRule(queryOn(ctx.client), this.series, req, rule);
        await ctx.client.query(`RELEASE ${name}`);
        return applied;
      } catch (e) {
        await ctx.client.query(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw e;
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inTransaction('BEGIN', (client) => applyRule(queryOn(client), this.series, req, rule));
      } catch (e) {
        if (attempt >= RETRIES || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
      }
    }
  }

  async batch<T>(fn: () => Promise<T>): Promise<T> {
    const ctx = this.tx.getStore();
    if (ctx && !ctx.readOnly) {
      const name = `b${ctx.depth + 1}`;
      await ctx.client.query(`SAVEPOINT ${name}`);
      try {
        const out = await this.tx.run({ ...ctx, depth: ctx.depth + 1 }, fn);
        await ctx.client.query(`RELEASE ${name}`);
        return out;
      } catch (e) {
        await ctx.client.query(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw e;
      }
    }
    return this.inTransaction('BEGIN', (client) => this.tx.run({ client, depth: 0, readOnly: false }, fn));
  }

  async snapshot<T>(fn: (r: StoreReader) => Promise<T>): Promise<T> {
    const ctx = this.tx.getStore();
    if (ctx) return fn(new PgReader(queryOn(ctx.client), this.series));
    return this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) =>
      this.tx.run({ client, depth: 0, readOnly: true }, () => fn(new PgReader(queryOn(client), this.series))),
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  // Reads: one statement on the pool (or the batch's client), several in one snapshot.

  listEnvs(): Promise<EnvSummary[]> {
    return this.reader().listEnvs();
  }

  envSummary(env: string): Promise<EnvSummary | undefined> {
    return this.reader().envSummary(env);
  }

  envExists(env: string): Promise<boolean> {
    return this.reader().envExists(env);
  }

  window(env: string, win: string, opts?: { items?: boolean; traces?: boolean }): Promise<WindowInfo | undefined> {
    return this.snapshot((r) => r.window(env, win, opts) as Promise<WindowInfo | undefined>);
  }

  runMeta(env: string): Promise<RunMeta | undefined> {
    return this.reader().runMeta(env);
  }

  metricTraces(env?: string): Promise<MetricTrace[]> {
    return this.reader().metricTraces(env);
  }

  hasWindow(env: string, win: string): Promise<boolean> {
    return this.reader().hasWindow(env, win);
  }

  windows(env: string): Promise<WindowInfo[]> {
    return this.snapshot((r) => r.windows(env) as Promise<WindowInfo[]>);
  }

  windowsAt(env: string, t: number): Promise<WindowInfo[]> {
    return this.snapshot((r) => r.windowsAt(env, t) as Promise<WindowInfo[]>);
  }

  traces(env: string, win: string): Promise<TraceRow[]> {
    return this.reader().traces(env, win);
  }

  arrivals(env: string): Promise<ArrivalSpan[]> {
    return this.snapshot((r) => r.arrivals(env) as Promise<ArrivalSpan[]>);
  }

  /** One statement (pg-series.ts), so one snapshot without a transaction around it. */
  readSeq(traceId: number, from: number, to: number): Promise<Columns> {
    return this.reader().readSeq(traceId, from, to) as Promise<Columns>;
  }

  view(trace: TraceRow, req: ViewRequest): Promise<View> {
    return this.snapshot((r) => r.view(trace, req) as Promise<View>);
  }

  extentBetween(trace: TraceRow, since: number, until: number): Promise<{ n: number; xmin: number; xmax: number } | null> {
    return this.snapshot((r) => r.extentBetween(trace, since, until) as Promise<{ n: number; xmin: number; xmax: number } | null>);
  }

  /** One-statement reads: on the running transaction's client when there is one, else the pool. */
  private reader(): PgReader {
    const ctx = this.tx.getStore();
    return ctx ? new PgReader(queryOn(ctx.client), this.series) : this.poolReader;
  }

  /** Runs fn on one pooled client between `begin` and COMMIT (ROLLBACK when it throws). */
  private async inTransaction<T>(begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      try {
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      }
    } finally {
      client.release(broken);
    }
  }
}
