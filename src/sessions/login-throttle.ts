import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { Logger } from '../logger';
import { withTimeout } from '../timeout';

const WINDOW_SECONDS = 15 * 60;
const REDIS_TIMEOUT_MS = 500;

/**
 * Counts failed password sign-ins per moderator name in Redis, shared by every api process, so
 * guessing a password is slow. Fails open when Redis is down: scrypt still makes each guess cost.
 */
export function createLoginThrottle(deps: {
  redis: Redis;
  /** The throttle's Redis namespace (src/redis-keys.ts). */
  namespace: string;
  attempts: number;
  logger: Logger;
}) {
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: deps.namespace,
    points: deps.attempts,
    duration: WINDOW_SECONDS,
    rejectIfRedisNotReady: true,
  });
  const key = (name: string) => name.trim().toLowerCase();
  const quietly = async <T>(work: Promise<T>): Promise<T | null> => {
    try {
      return await withTimeout(work, REDIS_TIMEOUT_MS, 'login throttle');
    } catch (error) {
      deps.logger.warn({ err: error }, 'login throttle unavailable');
      return null;
    }
  };

  return {
    /** Refuses with 429 while the name has used up its failed attempts. */
    async assertAllowed(name: string): Promise<void> {
      const state = await quietly(limiter.get(key(name)));
      if (state && state.consumedPoints >= deps.attempts) {
        const retryAfter = Math.max(Math.ceil(state.msBeforeNext / 1000), 1);
        throw new RateLimitedError(`Too many failed sign-ins for this name; try again in ${retryAfter} s.`, {
          'retry-after': String(retryAfter),
        });
      }
    },
    async failed(name: string): Promise<void> {
      // consume() rejects with the limiter's state once the budget is spent: that is expected here.
      await quietly(limiter.consume(key(name)).catch(() => null));
    },
    async succeeded(name: string): Promise<void> {
      await quietly(limiter.delete(key(name)));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
