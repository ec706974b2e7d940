import { LRUCache } from 'lru-cache';
import type { Pool } from 'pg';
import { findSiteByCurrentOrPreviousKeyHash } from '../db/sites-repository';
import { findModeratorByTokenHash, type Moderator } from '../db/moderators-repository';
import { hashSecret, secretsEqual } from '../secrets';
import { toSite, type Site } from '../sites/site';
import type { Principal } from './principal';

export interface CredentialsDeps {
  pool: Pool;
  adminToken: string;
  /** How long a verified key stays in the in-process cache; 0 disables it. */
  cacheMs: number;
}

/**
 * Who a secret belongs to: a site's API key, a moderator's token or the operator's ADMIN_TOKEN.
 * Keys and tokens are looked up by their SHA-256, and a verified one is cached briefly, so intake
 * does not pay a PostgreSQL round trip per request.
 */
/** A site found by one of its API keys; `validUntil` is set when the key is a rotated one in its grace period. */
type KeyedSite = { site: Site; validUntil: Date | null };

export function createCredentials({ pool, adminToken, cacheMs }: CredentialsDeps) {
  const findSiteByKeyHash = async (hash: Buffer): Promise<KeyedSite | null> => {
    const match = await findSiteByCurrentOrPreviousKeyHash(pool, hash);
    return match && { site: toSite(match.site), validUntil: match.validUntil };
  };
  const cache = new LRUCache<string, { site?: KeyedSite; moderator?: Moderator }>({
    max: 10_000,
    ttl: Math.max(cacheMs, 1),
  });
  /** Counts forget() calls. */
  let generation = 0;
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
    const loadedIn = generation;
    const found = await load(hash);
    const ttl = found ? Math.min(cacheMs, (expiresAt(found)?.getTime() ?? Infinity) - Date.now()) : 0;
    // A row read before a change was forgotten must not be cached after it.
    if (found && ttl > 0 && loadedIn === generation) cache.set(key, { [kind]: found }, { ttl });
    return found;
  };

  return {
    /** The site of an API key: the current one, or the one a rotation replaced, during its grace period. */
    async siteByKey(key: string): Promise<Site | null> {
      const found = await cached('site', key, findSiteByKeyHash, (match) => match.validUntil);
      return found?.site ?? null;
    },

    /** The operator for ADMIN_TOKEN, else the moderator whose token it is; null for neither. */
    async principalByToken(token: string): Promise<Principal | null> {
      if (secretsEqual(token, adminToken)) return { kind: 'operator' };
      const moderator = await cached('moderator', token, (hash) => findModeratorByTokenHash(pool, hash));
      return moderator && { kind: 'moderator', moderator };
    },

    /** Drops every cached credential: after a key rotation or a change of a moderator's role or sites. */
    forget(): void {
      generation += 1;
      cache.clear();
    },
  };
}

export type Credentials = ReturnType<typeof createCredentials>;
