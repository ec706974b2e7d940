import type { Request, RequestHandler } from 'express';
import type { RedisClient } from '../redis-connection';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { Logger } from '../logger';
import { authenticatedSite } from './auth';
import { createInsuredLimiter, isRedisUnreachable } from '../redis-limiter';
import { createCoalescedConsume } from '../coalesced-consume';

const WINDOW_SECONDS = 60;

export interface RateLimitDeps {
  /** The api's producer connection (no offline queue): a command fails at once while Redis is down. */
  redis: RedisClient;
  /** The rate limit's Redis namespace (src/redis-keys.ts). */
  namespace: string;
  /** Comments per site per minute; 0 disables the limit. */
  perMinute: number;
  logger: Logger;
}

/** How many comments a request submits, the points it costs. */
export type RequestCost = (req: Request) => number;

/**
 * RateLimit fields of draft-ietf-httpapi-ratelimit-headers in the form most clients read
 * (limit, remaining, seconds to reset, and the policy: so many per 60 s window).
 */
function rateLimitHeaders(limit: number, state: RateLimiterRes): Record<string, string> {
  return {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(state.remainingPoints),
    'ratelimit-reset': String(Math.max(Math.ceil(state.msBeforeNext / 1000), 0)),
    'ratelimit-policy': `${limit};w=${WINDOW_SECONDS}`,
  };
}

/**
 * Per-site intake rate limiting in Redis, shared by every api process: a fixed one-minute window
 * per site, consumed by the number of comments a request submits. Returns a middleware factory
 * taking the request's cost; routes behind site authentication only.
 *
 * A busy Redis is waited for: the count stays exact whatever the load. Only while Redis is
 * unreachable does each api process count alone, in memory, with the same limit (a warning once
 * per outage): intake stores durably in PostgreSQL and must keep working, so an outage lets a site
 * send at most its limit per api process.
 */
export function createRateLimit(deps: RateLimitDeps): (cost: RequestCost) => RequestHandler {
  const { perMinute, logger } = deps;
  if (perMinute === 0) return () => (_req, _res, next) => next();
  // Concurrent requests' consumes go to Redis together: one round trip per site and batch.
  const consume = createCoalescedConsume(
    createInsuredLimiter({
      redis: deps.redis,
      keyPrefix: deps.namespace,
      points: perMinute,
      durationSeconds: WINDOW_SECONDS,
    }),
  );
  let inMemory = false;

  return (cost) => async (req, res, next) => {
    const site = authenticatedSite(req);
    const points = Math.max(1, cost(req));
    if (points > perMinute) {
      // It could never pass: refuse without spending the site's budget, and without a Retry-After.
      throw new RateLimitedError(
        `This request submits ${points} comments, more than the limit of ${perMinute} per minute; send smaller batches.`,
        { 'ratelimit-policy': `${perMinute};w=${WINDOW_SECONDS}` },
      );
    }
    if (isRedisUnreachable(deps.redis) !== inMemory) {
      inMemory = !inMemory;
      if (inMemory) logger.warn('rate limiter cannot reach redis; each api process limits in memory');
    }
    let state: RateLimiterRes;
    try {
      state = await consume(site.id, points);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new RateLimitedError(`The site may submit ${perMinute} comments per minute.`, {
        ...rateLimitHeaders(perMinute, error),
        'retry-after': String(Math.max(Math.ceil(error.msBeforeNext / 1000), 1)),
      });
    }
    res.set(rateLimitHeaders(perMinute, state));
    next();
  };
}

/** The cost of a batch: its number of comments (a malformed body costs 1 and fails validation). */
export const batchCost: RequestCost = (req) => {
  const comments = (req.body as { comments?: unknown } | undefined)?.comments;
  return Array.isArray(comments) ? comments.length : 1;
};
