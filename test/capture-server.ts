/**
 * A recording proxy in front of a real runboard server: it keeps the bodies sent to
 * the Visdom endpoints (/events, /update, /win_exists) and forwards every request,
 * so trainer tests check the exact bodies and what the server made of them.
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
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const path = req.url ?? '/';
    if (VISDOM_PATHS.has(path)) captured.push({ path, body: JSON.parse(text) });
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
