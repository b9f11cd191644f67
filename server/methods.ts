/**
 * Which methods a path answers to, so that a request with the wrong method gets
 * 405 and an Allow header instead of 404. Routes are recorded as they are added.
 */
import type { FastifyInstance } from 'fastify';

export interface MethodTable {
  /** The methods some route serves at this path (no query string), sorted; empty when no route matches. */
  allowed(path: string): string[];
}

/** Starts recording routes; call before any route is registered. */
export function methodTable(app: FastifyInstance): MethodTable {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
    if (methods.length > 0) routes.push({ pattern: patternOf(route.url ?? route.path), methods });
  });
  return {
    allowed(path) {
      const out = new Set<string>();
      for (const r of routes) if (r.pattern.test(path)) for (const m of r.methods) out.add(m);
      if (out.has('GET')) out.add('HEAD');
      return [...out].sort();
    },
  };
}

/** '/api/env/:env/win/:win' → one segment per param; a trailing '*' takes the rest. */
function patternOf(url: string): RegExp {
  const body = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}/?$`);
}
