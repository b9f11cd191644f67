/**
 * The trainer-side client: the logging API (which only queues and returns, see
 * queue.ts for delivery) and env/window management (direct requests).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvSummary, LineBody, RunMetaPatch, WindowInfo, WindowOpts } from '../../protocol/index.js';
import type { VisdomBody } from './ops.js';
import { pngDataUrl, type RawImage } from './png.js';
import { DeliveryQueue, type QueueStats } from './queue.js';
import { Spool } from './spool.js';
import { errorMessage, httpRequest, HttpTransport, type Transport } from './transport.js';

export const DEFAULT_URL = 'http://127.0.0.1:8097';

export interface ClientOptions {
  /** Server base URL (default http://127.0.0.1:8097). */
  url?: string;
  /** The env written to when a call names none. */
  env: string;
  /**
   * The run's hyper-parameters, sent first (`PATCH /api/env/:env`): they become the runs
   * table's config columns, for filtering (`lr < 1e-3`) and grouping. Nested objects are
   * flattened there (`optim.lr`); at most 4 levels and 16 KB as JSON.
   */
  config?: Record<string, unknown>;
  /** How often gathered points are sent (default 1 s: each request costs the trainer ~0.7 ms of CPU). */
  flushIntervalMs?: number;
  /** Buffered weight (points, or content chars / 64) above which batches go to the spool (default 200,000). */
  maxBuffer?: number;
  /** How long the server may stay unreachable before batches go to the spool (default 10 s). */
  spoolAfterMs?: number;
  /** The spool file (default: <tmpdir>/runboard-spool/<env>.jsonl). Ops found there at start are sent first. */
  spoolPath?: string;
  /** Longest wait for one request (default 10 s). */
  requestTimeoutMs?: number;
  /** First retry delay; doubles up to `maxRetryDelayMs` (defaults 250 ms, 5 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long `close()` keeps retrying before it spools what is left (default 5 s). */
  closeTimeoutMs?: number;
  /** Called when the server refuses an op (4xx); default: console.warn. */
  onError?: (message: string) => void;
  transport?: Transport;
}

export type ClientStats = QueueStats;

export interface TextOptions {
  env?: string;
  opts?: WindowOpts;
  /** Append to the window's HTML instead of replacing it. */
  append?: boolean;
}

export interface ImageOptions {
  env?: string;
  opts?: WindowOpts;
  caption?: string;
  /** Keep every image sent to this window (an image-history pane with a slider). */
  history?: boolean;
}

const SEP = '\u0000';

/** Now, as the line API's `T` takes it: seconds since the epoch. */
function wallTime(): number {
  return Date.now() / 1000;
}

export class RunboardClient {
  readonly url: string;
  readonly env: string;
  private readonly queue: DeliveryQueue;
  private readonly requestTimeoutMs: number;
  /** Windows that have opts already (declared, or titled on first log()). */
  private readonly seenWindows = new Set<string>();
  /** A config or other run metadata was sent: close() marks the run finished. */
  private declaredRun = false;
  private closing = false;

  constructor(options: ClientOptions) {
    this.url = (options.url ?? DEFAULT_URL).replace(/\/+$/, '');
    this.env = options.env;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    const transport = options.transport ?? new HttpTransport(this.url, this.requestTimeoutMs);
    const spool = new Spool(options.spoolPath ?? join(tmpdir(), 'runboard-spool', `${this.env.replace(/[^\w.-]/g, '_')}.jsonl`));
    this.queue = new DeliveryQueue(transport, spool, {
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxBuffer: options.maxBuffer ?? 200_000,
      spoolAfterMs: options.spoolAfterMs ?? 10_000,
      retryDelayMs: options.retryDelayMs ?? 250,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 5_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 5_000,
      onError: options.onError ?? ((m) => console.warn(`runboard: ${m}`)),
    });
    if (options.config) this.meta({ config: options.config });
  }

  /** Sets the run's config, tags, notes or colour (queued in call order, like every other call). */
  meta(patch: RunMetaPatch, env = this.env): void {
    this.queue.enqueue({ kind: 'meta', env, body: patch });
    this.declaredRun = true;
  }

  get stats(): ClientStats {
    return this.queue.stats;
  }

  get spool(): Spool {
    return this.queue.spool;
  }

  /** The dashboard page of an env. */
  dashboardUrl(env = this.env): string {
    return `${this.url}/env/${encodeURIComponent(env)}`;
  }

  /** Sets the opts (title, labels, ...) sent with the next batch of a window. */
  window(win: string, opts: WindowOpts, env = this.env): void {
    this.queue.setOpts(env, win, opts);
    this.seenWindows.add(env + SEP + win);
  }

  /**
   * Appends one point per value at x = `step`. A key `win/trace` names a trace in a
   * shared window (`loss/D real`); a plain key is a window with one trace of that name.
   * Each point carries the time of this call, however late its batch is sent.
   */
  log(step: number, values: Record<string, number | null>, env = this.env): void {
    const now = wallTime();
    for (const key in values) {
      const slash = key.indexOf('/');
      const win = slash < 0 ? key : key.slice(0, slash);
      const name = slash < 0 ? key : key.slice(slash + 1);
      const wkey = env + SEP + win;
      if (!this.seenWindows.has(wkey)) this.window(win, { title: win, xlabel: 'step' }, env);
      this.queue.append(env, win, name, 'line', step, values[key]!, now);
    }
  }

  /**
   * `POST /api/env/:env/line` with the HTTP API's semantics. Appends of one column
   * (`update: 'append'` with a `win`) are gathered per trace and sent in batches;
   * every other call is queued as one request, in call order. Points without `T` get
   * the time of this call.
   */
  line(body: LineBody, env = this.env): void {
    const Y = body.Y;
    const X = body.X;
    const T = body.T;
    const now = wallTime();
    const column = (a: unknown[] | undefined, n: number) => a === undefined || (a.length === n && !a.some(Array.isArray));
    if (body.update === 'append' && body.win !== undefined && Y && column(Y, Y.length) && column(X, Y.length) && column(T, Y.length)) {
      if (body.opts) this.window(body.win, body.opts, env);
      for (let i = 0; i < Y.length; i++) {
        const t = T ? (T[i] as number) : now;
        this.queue.append(env, body.win, body.name, body.type ?? 'line', X ? (X[i] as number) : null, Y[i] as number | null, t);
      }
      return;
    }
    const stamped = T === undefined && Y !== undefined && body.update !== 'remove' ? { ...body, T: new Array<number>(Y.length).fill(now) } : body;
    this.queue.enqueue({ kind: 'line', env, body: stamped });
  }

  /** A text window (HTML, sanitized by the server), sent through the Visdom API. */
  text(win: string, html: string, { env = this.env, opts, append = false }: TextOptions = {}): void {
    const body: VisdomBody = { data: [{ content: html, type: 'text' }], win, eid: env, ...(opts && { opts }) };
    this.queue.enqueue({ kind: append ? 'update' : 'events', body });
  }

  /** An image window (a PNG, or any `data:` URL), sent through the Visdom API. */
  image(win: string, image: RawImage | string, { env = this.env, opts = {}, caption, history = false }: ImageOptions = {}): void {
    const src = typeof image === 'string' ? image : pngDataUrl(image);
    const body: VisdomBody = {
      // Visdom keeps a history only for windows created as type image_history.
      data: [{ content: { src, caption }, type: history ? 'image_history' : 'image' }],
      win,
      eid: env,
      opts: { ...opts, ...(caption !== undefined && { caption }), ...(history && { store_history: true }) },
    };
    this.queue.enqueue({ kind: history ? 'history' : 'events', body });
  }

  /** Sends everything queued so far. Resolves true when all of it arrived, false when the server is unreachable. */
  flush(): Promise<boolean> {
    return this.queue.flush();
  }

  /**
   * Marks the run finished (when it sent a config or other metadata), sends what is left (retrying for up to `closeTimeoutMs`),
   * spools whatever the server did not take, and stops. Resolves true when everything was delivered.
   */
  close(): Promise<boolean> {
    // A declared run (config, tags, ...) shows as finished in the runs table once no more data arrives.
    if (this.declaredRun && !this.closing) this.meta({ finished: true });
    this.closing = true;
    return this.queue.close();
  }

  /** Deletes an env and all its windows (after sending what was logged to it). */
  async deleteEnv(env = this.env): Promise<void> {
    await this.flush();
    await this.request('DELETE', `/api/env/${encodeURIComponent(env)}`);
  }

  /** Closes (deletes) a window (after sending what was logged to it). */
  async closeWindow(win: string, env = this.env): Promise<void> {
    await this.flush();
    await this.request('DELETE', `/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}`);
  }

  async envs(): Promise<EnvSummary[]> {
    return ((await this.request('GET', '/api/envs')) as { envs: EnvSummary[] }).envs;
  }

  async windows(env = this.env): Promise<WindowInfo[]> {
    return ((await this.request('GET', `/api/env/${encodeURIComponent(env)}`)) as { windows: WindowInfo[] }).windows;
  }

  private async request(method: string, path: string): Promise<unknown> {
    const res = await httpRequest(method, this.url + path, undefined, this.requestTimeoutMs);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${errorMessage(res.text)}`);
    return JSON.parse(res.text);
  }

}

/** Creates a client; see {@link ClientOptions}. */
export function createClient(options: ClientOptions): RunboardClient {
  return new RunboardClient(options);
}
