/** Connection floods: caps refuse early, timeouts close connections that send nothing, others are still served. */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '../server/connections.js';
import { startServer } from './helpers.js';

async function serve(limits: Partial<ConnectionLimits>) {
  const srv = await startServer({ connections: { ...DEFAULT_CONNECTION_LIMITS, ...limits } });
  return { srv, port: Number(new URL(srv.url).port) };
}

/** An idle TCP connection, open once the handshake is done; `closed` resolves when the server closes it. */
async function idle(port: number, localAddress = '127.0.0.1'): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => {});
  socket.resume();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, closed };
}

/** GET /api/envs on a fresh connection from `localAddress`. */
function getEnvs(port: number, localAddress = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/envs', localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves once the server holds `n` connections. */
async function connections(srv: { app: { server: { getConnections(cb: (e: Error | null, n: number) => void): void } } }, n: number): Promise<void> {
  for (;;) {
    const count = await new Promise<number>((resolve) => srv.app.server.getConnections((_e, c) => resolve(c)));
    if (count === n) return;
    await new Promise((r) => setImmediate(r));
  }
}

describe('connection limits', () => {
  it('closes connections past --max-connections-per-client on accept, and still serves other clients', async () => {
    const { srv, port } = await serve({ maxConnectionsPerClient: 3 });
    const flood = await Promise.all([1, 2, 3].map(() => idle(port, '127.0.0.2')));
    const refused = await idle(port, '127.0.0.2');
    await refused.closed;
    expect(await getEnvs(port, '127.0.0.1')).toBe(200);
    // Once one of its connections closes, that client may connect again.
    flood[0]!.socket.destroy();
    await connections(srv, 2);
    expect(await getEnvs(port, '127.0.0.2')).toBe(200);
    for (const f of flood) f.socket.destroy();
  });

  it('closes connections past --max-connections on accept, and admits new ones once others leave', async () => {
    const { srv, port } = await serve({ maxConnections: 4 });
    const open = await Promise.all([1, 2, 3, 4].map(() => idle(port)));
    await connections(srv, 4);
    const refused = await idle(port);
    await refused.closed;
    open[0]!.socket.destroy();
    await connections(srv, 3);
    expect(await getEnvs(port)).toBe(200);
    for (const o of open) o.socket.destroy();
  });

  it('closes a connection that sends no headers within --headers-timeout', async () => {
    const { port } = await serve({ headersTimeoutMs: 200 });
    const slow = await idle(port);
    slow.socket.write('GET /api/envs HTTP/1.1\r\nHost: localhost\r\n');
    await slow.closed;
  });

  it('closes a connection that sends nothing within --idle-timeout', async () => {
    const { port } = await serve({ idleTimeoutMs: 200 });
    await (await idle(port)).closed;
  });

  it('reads the limits from flags and environment variables', () => {
    expect(loadConfig([], {}).connections).toEqual(DEFAULT_CONNECTION_LIMITS);
    const c = loadConfig(['--max-connections', '10', '--max-connections-per-client', '2', '--headers-timeout', '500'], { RUNBOARD_IDLE_TIMEOUT: '900' });
    expect(c.connections).toEqual({ maxConnections: 10, maxConnectionsPerClient: 2, headersTimeoutMs: 500, idleTimeoutMs: 900 });
  });
});
