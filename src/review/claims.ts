import type { RedisClient } from '../redis-connection';
import { ConflictError, UnavailableError } from '../errors';
import type { Principal } from '../access/principal';
import { readLuaScript } from '../redis-scripts';

/** Who has an item open, until when. */
export interface Claim {
  moderatorId: string | null;
  name: string;
  expiresAt: string;
}

const ownerOf = (principal: Principal) =>
  principal.kind === 'operator' ? 'operator' : `moderator:${principal.moderator.id}`;

function toClaim(json: string): Claim {
  const stored = JSON.parse(json) as Claim & { owner: string };
  return { moderatorId: stored.moderatorId, name: stored.name, expiresAt: stored.expiresAt };
}

/** The Redis key of the claim on a review item (a comment), under the claims' namespace. */
export const claimKey = (namespace: string, itemId: string) => `${namespace}:${itemId}`;

/**
 * Claims on review items, in Redis with a TTL: advisory locks that show colleagues who has an item
 * open, never a reason to refuse a decision (versions guard against clobbering). Lost with Redis,
 * they come back as the dashboards renew them.
 */
export function createClaimStore(deps: {
  redis: RedisClient;
  /** The claims' Redis namespace (src/redis-keys.ts). */
  namespace: string;
  ttlSeconds: number;
}) {
  const key = (itemId: string) => claimKey(deps.namespace, itemId);
  const claimScript = readLuaScript(__dirname, 'claim');
  const releaseScript = readLuaScript(__dirname, 'release-claim');
  const unavailable = () =>
    new UnavailableError('Claims are unavailable right now (Redis); decisions still work.');

  return {
    ttlSeconds: deps.ttlSeconds,

    /** Claims or renews; 409 `already_claimed` with `claimedBy` when a colleague holds it. */
    async claim(principal: Principal, itemId: string): Promise<Claim> {
      const owner = ownerOf(principal);
      const claim = {
        owner,
        moderatorId: principal.kind === 'moderator' ? principal.moderator.id : null,
        name: principal.kind === 'moderator' ? principal.moderator.name : 'operator',
        expiresAt: new Date(Date.now() + deps.ttlSeconds * 1000).toISOString(),
      };
      const value = JSON.stringify(claim);
      const answer = (await deps.redis
        .eval(claimScript, 1, key(itemId), owner, value, deps.ttlSeconds * 1000)
        .catch(() => Promise.reject(unavailable()))) as string;
      if (answer !== value) {
        const holder = toClaim(answer);
        throw new ConflictError('already_claimed', `${holder.name} has this item open.`, {
          claimedBy: holder,
        });
      }
      return toClaim(value);
    },

    /** Releases the caller's claim; a colleague's claim stays. True when the caller's claim was released. */
    async release(principal: Principal, itemId: string): Promise<boolean> {
      const deleted = await deps.redis
        .eval(releaseScript, 1, key(itemId), ownerOf(principal))
        .catch(() => Promise.reject(unavailable()));
      return deleted === 1;
    },

    /** Current claims of the items, by item id; empty when Redis cannot answer (claims are advisory). */
    async lookup(itemIds: string[]): Promise<Map<string, Claim>> {
      const claims = new Map<string, Claim>();
      if (itemIds.length === 0) return claims;
      const values = await deps.redis.mget(itemIds.map(key)).catch(() => [] as Array<string | null>);
      values.forEach((value, index) => {
        if (value) claims.set(itemIds[index]!, toClaim(value));
      });
      return claims;
    },
  };
}

export type ClaimStore = ReturnType<typeof createClaimStore>;
