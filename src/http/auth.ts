import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { isAdmin, type Principal } from '../access/principal';
import type { Credentials } from '../access/credentials';
import type { Site } from '../sites/site';
import type { SessionAuth } from './session-auth';

declare module 'express-serve-static-core' {
  interface Request {
    /** The site a site key authenticated. */
    site?: Site;
    /** The moderator or operator a token authenticated. */
    principal?: Principal;
  }
}

/** The principal set by the auth middleware; routes behind it may rely on it. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

/** The site the site authentication (API key or signature) set; routes behind it may rely on it. */
export function authenticatedSite(req: Request): Site {
  if (!req.site) throw new UnauthorizedError();
  return req.site;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

export interface AuthDeps {
  credentials: Credentials;
  /** The moderator a dashboard session cookie signs in (checking CSRF); without it only bearer tokens work. */
  sessions?: SessionAuth;
}

/** Authentication middlewares: they find who the credentials of a request belong to and refuse when nobody. */
export function createAuth({ credentials, sessions }: AuthDeps) {
  /** Requires a site's API key: the current one, or the one a rotation replaced, during its grace period. */
  const site: RequestHandler = async (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) throw new UnauthorizedError("Send the site's API key as a bearer token.");
    const found = await credentials.siteByKey(token);
    if (!found) throw new UnauthorizedError('The API key is not valid.');
    req.site = found;
    next();
  };

  /**
   * Requires a moderator token, an admin moderator token, the operator's ADMIN_TOKEN, or a dashboard
   * session. A bearer token wins over the cookie and needs no CSRF token: browsers never attach it on their own.
   */
  const moderator: RequestHandler = async (req, _res, next) => {
    // Routers mounted one after another may each require a moderator: authenticate once.
    if (req.principal) return next();
    const token = bearerToken(req);
    if (!token) {
      const signedIn = sessions ? await sessions(req) : null;
      if (!signedIn) throw new UnauthorizedError('Send a moderator token as a bearer token, or sign in.');
      req.principal = { kind: 'moderator', moderator: signedIn };
      return next();
    }
    const found = await credentials.principalByToken(token);
    if (!found) throw new UnauthorizedError('The token is not valid.');
    req.principal = found;
    next();
  };

  /** Requires the operator's ADMIN_TOKEN or an admin moderator. */
  const admin: RequestHandler = async (req, res, next) => {
    await moderator(req, res, () => undefined);
    if (!isAdmin(principalOf(req))) throw new ForbiddenError('This needs an admin token.');
    next();
  };

  return { site, moderator, admin };
}

export type Auth = ReturnType<typeof createAuth>;
