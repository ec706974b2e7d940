import { Router } from 'express';
import { parseOr400 } from '../http/validate';
import {
  clearSessionCookie,
  readSessionCookie,
  setSessionCookie,
  type CookieSecurity,
} from '../http/session-cookie';
import { presentSession, signInSchema, type SessionsService } from './sessions-service';

/**
 * The dashboard's sign-in (POST), its session (GET: `signedIn`, and when true who and the CSRF
 * token) and sign-out (DELETE) at /v1/session.
 */
export function createSessionRouter(deps: {
  sessions: SessionsService;
  cookieSecurity: CookieSecurity;
}): Router {
  const { sessions } = deps;
  const router = Router();
  const security = deps.cookieSecurity;
  // A session's answer carries its CSRF token: no cache may keep it.
  router.use('/v1/session', (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });

  router.post('/v1/session', async (req, res) => {
    const input = parseOr400(signInSchema, req.body);
    // req.ip: the peer, or the X-Forwarded-For of a proxy on loopback ('trust proxy' in src/api/app.ts).
    const { sessionId, session } = await sessions.signIn(input, req.ip ?? req.socket.remoteAddress ?? '');
    setSessionCookie(req, res, sessionId, { security, expiresAt: session.expiresAt });
    res.status(201).json(presentSession(session));
  });

  // "Am I signed in?" has two ordinary answers: a page asks it on every load, and "no" is not an
  // error to log in its console.
  router.get('/v1/session', async (req, res) => {
    const sessionId = readSessionCookie(req);
    const session = sessionId ? await sessions.find(sessionId) : null;
    res.json(session ? { signedIn: true, ...presentSession(session) } : { signedIn: false });
  });

  router.delete('/v1/session', async (req, res) => {
    const sessionId = readSessionCookie(req);
    if (sessionId) {
      await sessions.signOut({ sessionId, method: req.method, csrfToken: req.headers['x-csrf-token'] });
    }
    clearSessionCookie(req, res, security);
    res.status(204).end();
  });

  return router;
}
