import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import type { Pool } from 'pg';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { findSiteByCurrentOrPreviousKeyHash, type Site, type SiteKeyMatch } from '../db/sites-repository';
import { findModeratorByTokenHash, type Moderator } from '../db/moderators-repository';
import { hashSecret, secretsEqual } from '../secrets';
import type { SessionAuth } from './session-auth';

/** Who is calling the moderator and admin APIs. */
export type Principal = { kind: 'operator' } | { kind: 'moderator'; moderator: Moderator };

declare module 'express-serve-static-core' {
  interface Request {
    /** The site a site key authenticated. */
    site?: Site;
    /** The moderator or operator a token authenticated. */
    principal?: Principal;
  }
}

/** Sites a principal may see; null means every site. */
export function siteScope(principal: Principal): string[] | null {
  if (principal.kind === 'operator' || principal.moderator.role === 'admin') return null;
  return principal.moderator.siteIds;
}

export function isAdmin(principal: Principal): boolean {
  return siteScope(principal) === null;
}

/** The principal set by the auth middleware; routes behind it may rely on it. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

export function siteOf(req: Request): Site {
  if (!req.site) throw new UnauthorizedError();
  return req.site;
}

function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export interface AuthDeps {
  pool: Pool;
  adminToken: string;
  /** How long a verified key stays in the in-process cache; 0 disables it. */
  cacheMs: number;
  /** The moderator a dashboard session cookie signs in (checking CSRF); without it only bearer tokens work. */
  sessions?: SessionAuth;
}

/**
 * Authentication middlewares. Keys and tokens are looked up by their SHA-256, and a verified one is
 * cached briefly, so intake does not pay a PostgreSQL round trip per request.
 */
export function createAuth({ pool, adminToken, cacheMs, sessions }: AuthDeps) {
  const cache = new LRUCache<string, { site?: SiteKeyMatch; moderator?: Moderator }>({
    max: 10_000,
    ttl: Math.max(cacheMs, 1),
  });
  const cached = async <T>(
    kind: 'site' | 'moderator',
    token: string,
    load: (hash: Buffer) => Promise<T | null>,
    /** When the credential stops working, if it expires: the cache must not remember it longer. */
    expiresAt: (found: T) => Date | null = () => null,
  ) => {
    const hash = hashSecret(token);
    const key = `${kind}:${hash.toString('hex')}`;
    const hit = cacheMs > 0 ? cache.get(key) : undefined;
    if (hit) return (hit[kind] as T | undefined) ?? null;
    const found = await load(hash);
    const ttl = found ? Math.min(cacheMs, (expiresAt(found)?.getTime() ?? Infinity) - Date.now()) : 0;
    if (found && ttl > 0) cache.set(key, { [kind]: found }, { ttl });
    return found;
  };

  /** Requires a site's API key: the current one, or the one a rotation replaced, during its grace period. */
  const site: RequestHandler = async (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) throw new UnauthorizedError("Send the site's API key as a bearer token.");
    const found = await cached(
      'site',
      token,
      (hash) => findSiteByCurrentOrPreviousKeyHash(pool, hash),
      (match) => match.validUntil,
    );
    if (!found) throw new UnauthorizedError('The API key is not valid.');
    req.site = found.site;
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
    if (secretsEqual(token, adminToken)) {
      req.principal = { kind: 'operator' };
      return next();
    }
    const found = await cached('moderator', token, (hash) => findModeratorByTokenHash(pool, hash));
    if (!found) throw new UnauthorizedError('The token is not valid.');
    req.principal = { kind: 'moderator', moderator: found };
    next();
  };

  /** Requires the operator's ADMIN_TOKEN or an admin moderator. */
  const admin: RequestHandler = async (req, res, next) => {
    await moderator(req, res, () => undefined);
    if (!isAdmin(principalOf(req))) throw new ForbiddenError('This needs an admin token.');
    next();
  };

  /** The site of an API key sent some other way than as a bearer token (Akismet's form field); null if none. */
  const siteByKey = async (key: string): Promise<Site | null> => {
    const found = await cached(
      'site',
      key,
      (hash) => findSiteByCurrentOrPreviousKeyHash(pool, hash),
      (match) => match.validUntil,
    );
    return found?.site ?? null;
  };

  return { site, moderator, admin, siteByKey, forget: () => cache.clear() };
}

export type Auth = ReturnType<typeof createAuth>;
