import type { Socket } from 'node:net';
import type { RedisClient } from '../../src/redis-connection';
import { allQueues } from '../../src/queues';
import { createTestApp, type TestApp, type TestEnv } from './test-env';

/** A Redis URL nothing listens on: connections are refused at once. */
export const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';

/**
 * ioredis's disconnect() arms a 2 s timer to destroy the socket of its last connection attempt,
 * cleared only by that socket's 'close' event, which a refused socket has already emitted; the timer
 * then keeps jest's worker alive after the tests. A destroyed socket needs no destroying: forget it.
 */
export function forgetRefusedSocket(redis: RedisClient): void {
  const connector = (redis as unknown as { connector?: { stream?: Socket } }).connector;
  if (connector?.stream?.destroyed) connector.stream = undefined;
}

/** The api's app as createTestApp builds it, but with its producer pointed at a Redis that is down. */
export function createTestAppWithoutRedis(env: TestEnv): TestApp {
  const down = createTestApp(env, UNREACHABLE_REDIS_URL);
  // Every queue reports each refused connection; without a listener BullMQ prints it.
  for (const queue of allQueues(down.queues)) queue.on('error', () => undefined);
  return {
    ...down,
    async close() {
      forgetRefusedSocket(down.redis);
      await down.close();
    },
  };
}
