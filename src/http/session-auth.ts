import type { Request } from 'express';
import type { Pool } from 'pg';
import type { Moderator } from '../db/moderators-repository';
import { readSessionCookie } from './session-cookie';
import { assertCsrf, sessionOf } from '../sessions/sessions-service';

/** The moderator a request's session cookie signs in, or null; throws CsrfError for an unsafe request without the token. */
export type SessionAuth = (req: Request) => Promise<Moderator | null>;

/** Sessions are read from PostgreSQL on every request, uncached, so a sign-out takes effect at once everywhere. */
export function createSessionAuth(pool: Pool): SessionAuth {
  return async (req) => {
    const sessionId = readSessionCookie(req);
    if (!sessionId) return null;
    const session = await sessionOf(pool, sessionId);
    if (!session) return null;
    assertCsrf(req.method, req.headers['x-csrf-token'], session);
    return session.moderator;
  };
}
