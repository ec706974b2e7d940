import { Router } from 'express';
import { UnauthorizedError } from '../errors';
import { parseOr400 } from '../http/validate';
import {
  clearSessionCookie,
  readSessionCookie,
  setSessionCookie,
  type CookieSecurity,
} from '../http/session-cookie';
import {
  assertCsrf,
  presentSession,
  sessionOf,
  signIn,
  signInSchema,
  signOut,
  type SessionDeps,
} from './sessions-service';

/** The dashboard's sign-in (POST), its session (GET) and sign-out (DELETE) at /v1/session. */
export function createSessionRouter(deps: SessionDeps & { cookieSecurity: CookieSecurity }): Router {
  const router = Router();
  const security = deps.cookieSecurity;
  // A session's answer carries its CSRF token: no cache may keep it.
  router.use('/v1/session', (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });

  router.post('/v1/session', async (req, res) => {
    const input = parseOr400(signInSchema, req.body);
    const { sessionId, session } = await signIn(deps, input);
    setSessionCookie(req, res, sessionId, { security, expiresAt: session.expiresAt });
    res.status(201).json(presentSession(session));
  });

  router.get('/v1/session', async (req, res) => {
    const sessionId = readSessionCookie(req);
    const session = sessionId ? await sessionOf(deps.pool, sessionId) : null;
    if (!session) throw new UnauthorizedError('Not signed in, or the session expired.');
    res.json(presentSession(session));
  });

  router.delete('/v1/session', async (req, res) => {
    const sessionId = readSessionCookie(req);
    const session = sessionId ? await sessionOf(deps.pool, sessionId) : null;
    if (session && sessionId) {
      assertCsrf(req.method, req.headers['x-csrf-token'], session);
      await signOut(deps.pool, sessionId);
    }
    clearSessionCookie(req, res, security);
    res.status(204).end();
  });

  return router;
}
