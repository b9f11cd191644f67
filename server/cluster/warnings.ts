/** Startup advice for a server that is one of several on a shared Postgres store. */
import type { AccessConfig } from '../config.js';

/**
 * Session cookies are signed, not stored: every server accepts the others' cookies only
 * when all sign with the same secret. Without RUNBOARD_COOKIE_SECRET each server picks
 * its own, and a login made through one server is refused by the next the balancer picks.
 */
export function clusterWarning(access: AccessConfig, onPostgres: boolean): string | null {
  if (!onPostgres || access.cookieSecret) return null;
  if (!access.token && !access.writeToken && !access.login) return null;
  return (
    'runboard: warning: on a shared Postgres store, set RUNBOARD_COOKIE_SECRET to the same value on every server; ' +
    'without it each server signs session cookies with its own random secret, and a login or ?token= visit on one server is refused by the others'
  );
}
