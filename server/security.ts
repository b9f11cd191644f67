/**
 * Response headers that keep a browser from turning stored user strings into code:
 * `nosniff` on every response, and a strict Content-Security-Policy on every HTML
 * page the server serves (the static route calls `htmlSecurityHeaders`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Scripts only from our own origin, no inline script, no plugins, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "img-src 'self' data: blob:",
  // Visdom's audio() and video() send their media inline.
  "media-src 'self' data: blob:",
  // uPlot and Lit set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the headers every HTML response needs; call before sending a page. */
export function htmlSecurityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
}

/** Adds `X-Content-Type-Options: nosniff` to every response, errors included. */
export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });
}
