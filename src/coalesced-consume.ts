import { RateLimiterRes } from 'rate-limiter-flexible';
import { createBatcher } from './batcher';
import { groupBy } from './group-by';

/** Takes points from a key's window: resolves with the window's state, rejects with it past the limit. */
export type Consume = (key: string, points: number) => Promise<RateLimiterRes>;

/** Consumes per call (one call per key, all sent together) and calls in flight at once. */
const COALESCE = { maxBatch: 10_000, maxInFlight: 8 };

/**
 * A limiter's consume, with the consumes of concurrent requests gathered into one call per key,
 * so a busy api pays one Redis round trip for many requests instead of one each. The call adds
 * the points of all of them and the window's count after it tells each consume its own count as
 * if they had run one by one in arrival order: a consume past the limit is refused, and counted,
 * as the limiter itself does. The limiter's Redis atomicity and in-memory insurance are untouched.
 */
export function createCoalescedConsume(limiter: {
  points: number;
  consume(key: string, points: number): Promise<RateLimiterRes>;
}): Consume {
  const run = createBatcher(async (items: Array<{ key: string; points: number }>) => {
    const results = new Array<PromiseSettledResult<RateLimiterRes>>(items.length);
    const byKey = groupBy(items.keys(), (i) => items[i]!.key);
    await Promise.all(
      [...byKey].map(async ([key, indices]) => {
        const total = indices.reduce((sum, i) => sum + items[i]!.points, 0);
        let window: RateLimiterRes;
        try {
          window = await limiter.consume(key, total);
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) {
            for (const i of indices) results[i] = { status: 'rejected', reason: error };
            return;
          }
          window = error;
        }
        let counted = window.consumedPoints - total;
        for (const i of indices) {
          counted += items[i]!.points;
          const state = new RateLimiterRes(
            Math.max(limiter.points - counted, 0),
            window.msBeforeNext,
            counted,
            counted === items[i]!.points && window.isFirstInDuration,
          );
          results[i] =
            counted > limiter.points
              ? { status: 'rejected', reason: state }
              : { status: 'fulfilled', value: state };
        }
      }),
    );
    return results;
  }, COALESCE);
  return (key, points) => run({ key, points });
}
