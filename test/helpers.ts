/** Test helpers: a real server on port 0 with a real SQLite file, real ws clients. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/index.js';
import type { Config } from '../server/config.js';
import { createRuntime, type Runtime } from '../server/runtime.js';
import { SqliteStore } from '../server/store/sqlite-store.js';
import { freshDbPath } from './backend.js';
import type { Store } from '../server/store/store.js';

export interface TestServer extends Runtime {
  url: string;
  wsUrl: string;
  dbPath: string;
  /** Closes the server and starts a fresh one on the same database file. */
  restart(): Promise<TestServer>;
}

/** A fresh temp directory, removed when the test finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runboard-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Starts the real server on 127.0.0.1:0 on a fresh store (a SQLite file in a temp dir, or a
 * Postgres schema when the suite runs on Postgres: see backend.ts); closed when the test finishes.
 */
export async function startServer(config: Partial<Config> = {}, db?: string, port = 0): Promise<TestServer> {
  const dbPath = db ?? (await freshDbPath());
  const rt = await createRuntime({ ...config, dbPath });
  const address = await rt.app.listen({ host: '127.0.0.1', port });
  onTestFinished(() => rt.close());
  const srv: TestServer = {
    ...rt,
    url: address,
    wsUrl: address.replace(/^http/, 'ws'),
    dbPath,
    async restart() {
      await rt.close();
      return startServer(config, dbPath);
    },
  };
  return srv;
}

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  text: string;
}

/** POSTs a body (an object is JSON-encoded; a string is sent verbatim) with no Content-Type unless given. */
export async function post<T = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  return parse<T>(res);
}

export async function get<T = any>(url: string): Promise<JsonResponse<T>> {
  return parse<T>(await fetch(url));
}

export async function del<T = any>(url: string): Promise<JsonResponse<T>> {
  return parse<T>(await fetch(url, { method: 'DELETE' }));
}

async function parse<T>(res: Response): Promise<JsonResponse<T>> {
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text };
}

/** A ws client that queues every message it receives. */
export class SocketClient {
  readonly messages: ServerMessage[] = [];
  private waiters: (() => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(url: string): Promise<SocketClient> {
    const ws = new WebSocket(url);
    const client = new SocketClient(ws);
    onTestFinished(() => ws.close());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  /** Resolves with the first queued message matching `pred` (removing it and all before it). */
  async next<T extends ServerMessage['type']>(
    type: T,
    pred: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex((m) => m.type === type && pred(m as any));
      if (i >= 0) return this.messages.splice(0, i + 1)[i] as any;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} message within ${timeoutMs} ms; got ${this.messages.map((m) => m.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** The runtime's store as the SQLite store it is, for tests that reach into the file (pragmas, triggers, statements). */
export function sqliteOf(rt: { store: Store }): SqliteStore {
  if (!(rt.store instanceof SqliteStore)) throw new Error(`this test needs the SQLite store, not ${rt.store.backend}`);
  return rt.store;
}
