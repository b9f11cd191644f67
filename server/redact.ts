/**
 * Keeps credentials out of the logs. Fastify logs each request's URL, and browsers and
 * WebSockets send the token as `?token=`: the request serializer logs the URL with the
 * token's value replaced, however its name is percent-encoded.
 */
import type { FastifyRequest } from 'fastify';

export const REDACTED = '[redacted]';

/** The URL with the value of every `token` query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return decodeName(name) === 'token' ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** The query parser decodes names (`%74oken` is `token`, `+` is a space), so the check does too. */
function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** Fastify's request serializer, with the URL redacted. */
export function requestSerializer(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
