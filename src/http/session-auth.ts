import type { Request } from 'express';
import type { SessionsService } from '../sessions/sessions-service';
import { readSessionCookie } from './session-cookie';

/** The moderator a request's session cookie signs in, or null; throws CsrfError for an unsafe request without the token. */
export type SessionAuth = (req: Request) => ReturnType<SessionsService['authenticate']>;

/** Reads the session cookie and the x-csrf-token header for the sessions use case. */
export function createSessionAuth(sessions: Pick<SessionsService, 'authenticate'>): SessionAuth {
  return async (req) => {
    const sessionId = readSessionCookie(req);
    if (!sessionId) return null;
    return sessions.authenticate({ sessionId, method: req.method, csrfToken: req.headers['x-csrf-token'] });
  };
}
