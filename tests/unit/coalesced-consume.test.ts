import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { createCoalescedConsume } from '../../src/coalesced-consume';

/** A limiter of `points` per minute that records the consumes it receives. */
function countingLimiter(points: number) {
  const limiter = new RateLimiterMemory({ points, duration: 60 });
  const calls: Array<[string, number]> = [];
  return {
    calls,
    points,
    consume(key: string, n: number) {
      calls.push([key, n]);
      return limiter.consume(key, n);
    },
  };
}

const outcome = (settled: PromiseSettledResult<RateLimiterRes>) =>
  settled.status === 'fulfilled'
    ? `ok ${settled.value.consumedPoints}/${settled.value.remainingPoints}`
    : settled.reason instanceof RateLimiterRes
      ? `refused ${settled.reason.consumedPoints}/${settled.reason.remainingPoints}`
      : `error ${String(settled.reason)}`;

describe('createCoalescedConsume', () => {
  it('when consumes of several keys arrive together, makes one call per key and answers each as if alone, in order', async () => {
    const limiter = countingLimiter(3);
    const consume = createCoalescedConsume(limiter);
    const settled = await Promise.allSettled([
      consume('a', 1),
      consume('b', 2),
      consume('a', 1),
      consume('a', 1),
      consume('a', 1),
      consume('b', 2),
    ]);
    expect(settled.map(outcome)).toEqual([
      'ok 1/2',
      'ok 2/1',
      'ok 2/1',
      'ok 3/0',
      'refused 4/0',
      'refused 4/0',
    ]);
    expect(limiter.calls).toEqual([
      ['a', 4],
      ['b', 4],
    ]);
  });

  it('counts refused consumes, as the limiter does, and answers later ones from the same window', async () => {
    const limiter = countingLimiter(2);
    const consume = createCoalescedConsume(limiter);
    await Promise.allSettled([consume('a', 1), consume('a', 5)]);
    const later = await Promise.allSettled([consume('a', 1)]);
    expect(later.map(outcome)).toEqual(['refused 7/0']);
    const window = (later[0] as PromiseRejectedResult).reason as RateLimiterRes;
    expect(window.msBeforeNext).toBeGreaterThan(0);
    expect(window.msBeforeNext).toBeLessThanOrEqual(60_000);
  });

  it("when the limiter fails for a key, fails that key's consumes only", async () => {
    const limiter = countingLimiter(3);
    const consume = createCoalescedConsume({
      points: 3,
      consume: (key, n) =>
        key === 'down' ? Promise.reject(new Error('unreachable')) : limiter.consume(key, n),
    });
    const settled = await Promise.allSettled([consume('down', 1), consume('up', 1), consume('down', 1)]);
    expect(settled.map(outcome)).toEqual(['error Error: unreachable', 'ok 1/2', 'error Error: unreachable']);
  });
});
