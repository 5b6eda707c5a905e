import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/authorizer.js';

export const SESSION_COOKIE = 'trailmap_session';
/** Readable by the page (not HttpOnly) so it can echo it in CSRF_HEADER; other origins cannot read it. */
export const CSRF_COOKIE = 'trailmap_csrf';
export const CSRF_HEADER = 'x-trailmap-csrf';
const TTL_MS = 12 * 3_600_000;
const MAX_SESSIONS = 10_000;

/**
 * Browser sessions of the web app, kept in memory: a random token (the HttpOnly cookie) → who it
 * acts as (the loopback read-only session, a key's, or a signed-in admin's) and its scopes. No key
 * reaches the browser; a restart ends all sessions.
 */
export class WebSessions {
  private readonly sessions = new Map<string, { principal: Principal; expires: number; csrf: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new session: its token (the HttpOnly cookie) and its CSRF token (double-submitted by the page). */
  create(principal: Principal): { token: string; csrf: string } {
    this.prune();
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    this.sessions.set(token, { principal, expires: this.now() + TTL_MS, csrf });
    return { token, csrf };
  }

  /** The session of the request's cookie (who it acts as and its CSRF token), or null. */
  sessionOf(req: FastifyRequest): { principal: Principal; csrf: string } | null {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    if (s.expires <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    return s;
  }

  /** Who the request's session cookie acts as, or null. */
  principalOf(req: FastifyRequest): Principal | null {
    return this.sessionOf(req)?.principal ?? null;
  }

  end(req: FastifyRequest): void {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (token) this.sessions.delete(token);
  }

  private prune(): void {
    const now = this.now();
    for (const [t, s] of this.sessions) if (s.expires <= now) this.sessions.delete(t);
    // Oldest first (insertion order): a flood of page loads cannot grow the map without bound.
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }
}

export const sessionCookies = (s: { token: string; csrf: string }) => [
  `${SESSION_COOKIE}=${s.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${TTL_MS / 1000}`,
  `${CSRF_COOKIE}=${s.csrf}; Path=/; SameSite=Strict; Max-Age=${TTL_MS / 1000}`,
];
export const clearedSessionCookies = () => [`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`, `${CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0`];

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim() || null;
  }
  return null;
}

/**
 * A cookie only counts for requests the page itself made: SameSite=Strict keeps other sites'
 * requests from carrying it, and this also refuses any request a browser marks as cross-origin.
 */
export function isSameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export const sameKey = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the web session cookie acts as, for same-origin requests without an Authorization header (see register-web.ts). */
    webSession: Principal | null;
  }
}
