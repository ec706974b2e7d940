import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis-connection';
import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import { parseAddress } from '../moderation/ip-networks';
import { createInsuredLimiter } from '../redis-limiter';

const WINDOW_SECONDS = 15 * 60;

/**
 * Whose attempts count together: an IPv4 address, or the /64 of an IPv6 one (what one customer
 * usually holds), hashed so that Redis keeps no address.
 */
export function addressKey(address: string): string {
  const parsed = parseAddress(address);
  const network = parsed?.family === 6 ? `${(parsed.value >> 64n).toString(16)}::/64` : address;
  return createHash('sha256').update(network).digest('base64url').slice(0, 22);
}

/** One sign-in in progress: its reserved attempts are kept when it fails and given back when it succeeds. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * The dashboard's sign-in throttle, shared by every api process through Redis (in memory per process
 * while Redis is unreachable). Following OWASP's authentication cheat sheet, failures count per
 * account (the moderator's name), whatever the address, and per address, whatever the name (guessing
 * names costs a scrypt each). An attempt is counted *before* the password is checked, atomically, so
 * concurrent guesses cannot all pass; a success gives its count back.
 *
 * A name that has used up its attempts is not locked for everyone: an address that has not failed
 * for that name still gets one try, so a moderator cannot be locked out by someone else's guesses.
 */
export function createLoginThrottle(deps: {
  redis: RedisClient;
  /** The throttle's Redis namespace (src/redis-keys.ts). */
  namespace: string;
  /** Failed sign-ins per name per 15 minutes. */
  attemptsPerName: number;
  /** Failed sign-ins per address per 15 minutes, whatever the names. */
  attemptsPerAddress: number;
}) {
  const limiter = (kind: string, points: number) =>
    createInsuredLimiter({
      redis: deps.redis,
      keyPrefix: `${deps.namespace}:${kind}`,
      points,
      durationSeconds: WINDOW_SECONDS,
    });
  const byName = limiter('name', deps.attemptsPerName);
  const byAddress = limiter('address', deps.attemptsPerAddress);
  // One point: has this address failed for this name in the window?
  const byPair = limiter('pair', 1);

  type Held = Array<[RateLimiterRedis, string]>;
  /** Takes a point; the refusal (the limiter's state) when there is none left. */
  const take = async (held: Held, limiter: RateLimiterRedis, key: string) => {
    try {
      await limiter.consume(key);
      held.push([limiter, key]);
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error;
      throw error;
    }
  };
  const giveBack = async (held: Held) => {
    await Promise.all(held.map(([limiter, key]) => limiter.reward(key)));
  };
  const refuse = (state: RateLimiterRes, whose: string): never => {
    const retryAfter = Math.max(Math.ceil(state.msBeforeNext / 1000), 1);
    throw new RateLimitedError(`Too many failed sign-ins ${whose}; try again in ${retryAfter} s.`, {
      'retry-after': String(retryAfter),
    });
  };

  return {
    /** Reserves an attempt for this name from this address, or refuses with 429. */
    async begin(name: string, address: string): Promise<LoginAttempt> {
      const nameKey = name.trim().toLowerCase();
      const from = addressKey(address);
      const held: Held = [];
      const addressRefused = await take(held, byAddress, from);
      if (addressRefused) return refuse(addressRefused, 'from this address');
      const nameRefused = await take(held, byName, nameKey);
      // Taken on every attempt, so that a failure marks the address for this name.
      const pairKey = `${from}:${nameKey}`;
      const pairRefused = await take(held, byPair, pairKey);
      if (nameRefused && pairRefused) {
        await giveBack(held);
        return refuse(nameRefused, 'for this name');
      }
      return {
        // The right password clears this address's earlier typos for the name, not the others' failures.
        succeeded: async () => {
          await giveBack(held);
          await byPair.delete(pairKey);
        },
      };
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
