import type { RedisClient } from './redis-connection';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/**
 * A fixed-window limiter counted atomically in Redis (one Lua script per consume, so concurrent
 * requests of every api process never race), insured by an in-memory limiter of the same size in
 * this process. The insurance counts only while Redis is unreachable (the connection is not ready
 * or a command fails); a Redis that is merely slow is waited for, never bypassed.
 */
export function createInsuredLimiter(deps: {
  /** A connection without offline queue, so a command fails at once while Redis is down. */
  redis: RedisClient;
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: deps.keyPrefix,
    points: deps.points,
    duration: deps.durationSeconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({
      keyPrefix: deps.keyPrefix,
      points: deps.points,
      duration: deps.durationSeconds,
    }),
  });
}

/** Whether a limiter's answer came from its in-memory insurance (Redis unreachable): worth a warning. */
export const isRedisUnreachable = (redis: RedisClient): boolean => redis.status !== 'ready';
