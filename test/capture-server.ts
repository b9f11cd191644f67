/**
 * A stand-in for the Visdom endpoints (/events, /update, /win_exists) that records
 * the bodies it receives and forwards every other request to a real runboard
 * server: trainer tests see the real line API and check the Visdom bodies exactly.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Captured {
  path: string;
  body: any;
}

export interface CaptureServer {
  url: string;
  captured: Captured[];
  close(): Promise<void>;
}

const VISDOM_PATHS = new Set(['/events', '/update', '/win_exists']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts on 127.0.0.1:0; `upstream` is the real server the rest goes to. Closed when the test finishes. */
export async function startCaptureServer(upstream: string): Promise<CaptureServer> {
  const captured: Captured[] = [];
  const windows = new Set<string>();
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const path = req.url ?? '/';
    if (VISDOM_PATHS.has(path)) {
      const body = JSON.parse(text);
      captured.push({ path, body });
      const key = `${body.eid}/${body.win}`;
      if (path === '/events') windows.add(key);
      res.end(path === '/win_exists' ? String(windows.has(key)) : String(body.win));
      return;
    }
    const up = await fetch(upstream + path, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : text,
    });
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  onTestFinished(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, captured, close };
}
