/**
 * Limits on TCP connections, so a flood of idle or half-open connections from one
 * client cannot take the file descriptors every other client needs: a global cap
 * that Node enforces before any byte is read (`server.maxConnections`), a cap per
 * client address, and short timeouts for connections that send nothing.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Most open connections in all; more are closed on accept. */
  maxConnections: number;
  /** Most open connections from one address; more are closed on accept. */
  maxConnectionsPerClient: number;
  /** A request's headers must arrive within this many ms of the connection (or of the previous request). */
  headersTimeoutMs: number;
  /** A connection with no traffic for this many ms is closed (live sockets are exempt once upgraded). */
  idleTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 4096,
  maxConnectionsPerClient: 512,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
};

/** An idle keep-alive connection is closed after this long (Node's default). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** A whole request, body included (a large import over a slow link), must arrive within this. */
export const REQUEST_TIMEOUT_MS = 300_000;

/** Fastify's server options for these limits. */
export function serverOptions(l: ConnectionLimits) {
  return {
    connectionTimeout: l.idleTimeoutMs,
    keepAliveTimeout: Math.min(KEEP_ALIVE_TIMEOUT_MS, l.idleTimeoutMs),
    requestTimeout: REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: l.headersTimeoutMs,
      // Node checks the header and request timeouts at this interval (30 s by default).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, l.headersTimeoutMs / 2)),
    },
  };
}

/** Applies the connection caps to the HTTP server. */
export function limitConnections(server: Server, l: ConnectionLimits): void {
  server.maxConnections = l.maxConnections;
  const perClient = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const addr = socket.remoteAddress ?? '';
    const n = perClient.get(addr) ?? 0;
    if (n >= l.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    perClient.set(addr, n + 1);
    socket.once('close', () => {
      const left = perClient.get(addr)! - 1;
      if (left === 0) perClient.delete(addr);
      else perClient.set(addr, left);
    });
  });
}
