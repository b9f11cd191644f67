/**
 * Session cookies: what a browser (a `?token=` link) or the Visdom client (a login)
 * holds instead of the credential itself.
 *
 * Each session is a fresh random id, an expiry and the kind of credential it stands
 * for, signed with the cookie secret together with that credential. So a cookie is
 * new at every login (a stolen or planted one is not reused by the next login), it
 * expires, it cannot be derived from the password, and it stops working when the
 * credential changes. It is checked by its signature rather than looked up in a
 * table, so with a fixed RUNBOARD_COOKIE_SECRET sessions survive a restart, and the
 * server keeps no per-session memory that logins could grow.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'runboard_session';
/**
 * The login cookie's name in Visdom. The Python client reads it back from its session
 * by this name and sends it as `Cookie: user_password=…` on its /vis_socket upgrade.
 */
export const VISDOM_LOGIN_COOKIE = 'user_password';

/** Which credential a session stands for: the token, the write token, or the Visdom login. */
export type SessionKind = 't' | 'w' | 'l';

/** Seven days, unless --session-days says otherwise. */
export const DEFAULT_SESSION_SECONDS = 7 * 24 * 3600;

export class Sessions {
  /**
   * @param secret signs cookies (RUNBOARD_COOKIE_SECRET or random per start)
   * @param credentials the configured credential of each kind; a kind not configured has no valid sessions
   * @param maxAgeSeconds lifetime of a new session
   * @param now the clock, in ms (injected by tests)
   */
  constructor(
    private readonly secret: string,
    private readonly credentials: Partial<Record<SessionKind, string>>,
    readonly maxAgeSeconds: number,
    private readonly now: () => number,
  ) {}

  /** A new session for a credential of this kind: `kind.expiry.id.signature`. */
  issue(kind: SessionKind): string {
    const expires = Math.floor(this.now() / 1000) + this.maxAgeSeconds;
    const payload = `${kind}.${expires.toString(36)}.${randomBytes(18).toString('base64url')}`;
    return `${payload}.${this.mac(payload, kind)}`;
  }

  /** The kind of credential a cookie value stands for, or null if it is forged, expired or its credential changed. */
  verify(value: string): SessionKind | null {
    const m = /^([twl])\.([0-9a-z]{1,12})\.([\w-]{24})\.([\w-]{43})$/.exec(value);
    if (!m) return null;
    const kind = m[1] as SessionKind;
    if (this.credentials[kind] === undefined) return null;
    const sent = Buffer.from(m[4]!);
    const expected = Buffer.from(this.mac(value.slice(0, value.lastIndexOf('.')), kind));
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return null;
    return parseInt(m[2]!, 36) * 1000 > this.now() ? kind : null;
  }

  private mac(payload: string, kind: SessionKind): string {
    // The credential is part of what is signed: changing the token or password ends its sessions.
    return createHmac('sha256', this.secret).update(`${payload}|${this.credentials[kind]}`, 'utf8').digest('base64url');
  }
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, value: string, maxAge: number, name = SESSION_COOKIE): void {
  // Secure only over https (TLS, or a trusted proxy that says so): runboard is usually
  // reached over plain HTTP on localhost, where a Secure cookie would never come back.
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${name}=${value}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax${secure}`);
}
