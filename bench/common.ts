/** Shared bench helpers: a real server on a temp SQLite file, a keep-alive HTTP client, stats. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../server/config.js';
import { createRuntime, type Runtime } from '../server/runtime.js';

export interface BenchServer extends Runtime {
  url: string;
  dir: string;
  /** Closes the server and removes its temp dir. */
  stop(): Promise<void>;
}

/** A temp directory for one bench run. */
export function benchDir(): string {
  return mkdtempSync(join(tmpdir(), 'runboard-bench-'));
}

/** The real server (createRuntime) on 127.0.0.1:0 with a SQLite file in a temp dir, or on `dbPath` (a postgres:// URL) when given. */
export async function startBenchServer(config: Partial<Config> = {}, dbPath?: string): Promise<BenchServer> {
  const dir = benchDir();
  const rt = await createRuntime({ ...config, dbPath: dbPath ?? join(dir, 'runboard.db') });
  const url = await rt.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...rt,
    url,
    dir,
    async stop() {
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A minimal HTTP/1.1 client on one keep-alive TCP connection, for sequential
 * requests. It runs in the server's process, so it is kept lean: the figures
 * should show the server's cost, not a heavyweight client's.
 */
export class KeepAliveClient {
  private socket: Socket | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((r: { status: number; text: string }) => void) | null = null;
  private failed: ((e: Error) => void) | null = null;
  private readonly host: string;
  private readonly port: number;

  constructor(base: string) {
    const url = new URL(base);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  private async connect(): Promise<Socket> {
    if (this.socket) return this.socket;
    const socket = createConnection({ host: this.host, port: this.port, noDelay: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e) => this.failed?.(e));
    socket.on('close', () => {
      this.socket = null;
      this.failed?.(new Error('connection closed'));
    });
    return (this.socket = socket);
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    const head = this.buf.indexOf('\r\n\r\n');
    if (head < 0) return;
    const headers = this.buf.toString('latin1', 0, head);
    const m = /\r\ncontent-length: *(\d+)/i.exec(headers);
    if (!m) throw new Error(`response without content-length: ${headers}`);
    const end = head + 4 + Number(m[1]);
    if (this.buf.length < end) return;
    const text = this.buf.toString('utf8', head + 4, end);
    this.buf = this.buf.subarray(end);
    const resolve = this.waiting!;
    this.waiting = this.failed = null;
    resolve({ status: Number(headers.slice(9, 12)), text });
  }

  private async send(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
    const socket = await this.connect();
    const head =
      `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nconnection: keep-alive\r\n` +
      (body === undefined ? '\r\n' : `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
      socket.write(body === undefined ? head : head + body);
    });
  }

  post(path: string, body: string): Promise<{ status: number; text: string }> {
    return this.send('POST', path, body);
  }

  /** POSTs and throws unless the reply is 200. */
  async postOk(path: string, body: string): Promise<string> {
    const r = await this.post(path, body);
    if (r.status !== 200) throw new Error(`POST ${path} → ${r.status}: ${r.text.slice(0, 300)}`);
    return r.text;
  }

  get(path: string): Promise<{ status: number; text: string }> {
    return this.send('GET', path);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** The q-quantile (0..1) of samples (sorted in place). */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return NaN;
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
}

export function ms(ns: bigint | number): number {
  return Number(ns) / 1e6;
}

export const now = (): number => performance.now();

/** Prints one figure line: `name: value unit (target …) PASS|MISS`. */
export function figure(name: string, value: number, unit: string, target?: { op: '>=' | '<='; value: number }): void {
  const v = value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);
  let line = `${name}: ${v} ${unit}`;
  if (target) {
    const ok = target.op === '>=' ? value >= target.value : value <= target.value;
    line += `  (target ${target.op} ${target.value.toLocaleString('en-US')}) ${ok ? 'PASS' : 'MISS'}`;
  }
  console.log(line);
}

/** Y values for n points: a slow wave with noise, never a gap. */
export function wave(n: number, offset = 0): number[] {
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin((offset + i) / 1000) + Math.random() * 0.1;
  return y;
}

/** Prints the machine's cores and load: on a shared machine, figures depend on both. */
export function printContext(name: string): void {
  console.log(`${name}: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at start`);
}

/** `--db postgres://…` on the command line (or BENCH_PG): the Postgres server to measure beside SQLite, if any. */
export function benchPostgres(): string | undefined {
  const i = process.argv.indexOf('--db');
  return i >= 0 ? process.argv[i + 1] : process.env.BENCH_PG;
}

/** A fresh schema in that Postgres database for one run, dropped by the returned function; the URL selects it. */
export async function benchSchema(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const schema = `rb_bench_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { url: u.toString(), drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}
