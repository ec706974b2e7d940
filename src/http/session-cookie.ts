import type { Request, Response } from 'express';

/** The dashboard's session cookie; its value is a random id whose SHA-256 names the sessions row. */
export const SESSION_COOKIE = 'cm_session';

export type CookieSecurity = 'auto' | 'always' | 'never';

/** The session id the request's Cookie header carries, if any. */
export function readSessionCookie(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * HttpOnly so page scripts never read it, SameSite=Strict so other sites' pages never send it,
 * Secure over https, and it expires with the session.
 */
export function setSessionCookie(
  req: Request,
  res: Response,
  sessionId: string,
  options: { security: CookieSecurity; expiresAt: string },
): void {
  res.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.security === 'always' || (options.security === 'auto' && req.secure),
    path: '/',
    expires: new Date(options.expiresAt),
  });
}

export function clearSessionCookie(req: Request, res: Response, security: CookieSecurity): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: security === 'always' || (security === 'auto' && req.secure),
    path: '/',
  });
}
