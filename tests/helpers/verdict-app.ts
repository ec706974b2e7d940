import type { Express } from 'express';
import type { QueueEvents } from 'bullmq';
import { createApp } from '../../src/api/app';
import { createVerdictWaiter, type VerdictWaiter } from '../../src/intake/verdict-waiter';
import {
  allQueues,
  closeModerationEvents,
  closeQueues,
  createModerationEvents,
  createQueues,
  createRedis,
} from '../../src/queues';
import { documentLimits, silentLogger, type TestEnv } from './test-env';
import { forgetRefusedSocket } from './unreachable-redis';
import { checkedApp } from './openapi-check';

export interface VerdictTestApp {
  app: Express;
  queueEvents: QueueEvents[];
  waiter: VerdictWaiter;
  close(): Promise<void>;
}

/**
 * The api's app as src/processes/api.ts composes it, with the moderation queue's events and the verdict
 * waiter that `Prefer: wait` needs; both connections go to `redisUrl` (a dead one tests outages).
 */
export async function createVerdictTestApp(
  env: TestEnv,
  redisUrl = env.config.REDIS_URL,
  options: { waitUntilListening?: boolean } = {},
): Promise<VerdictTestApp> {
  const redis = createRedis(redisUrl, 'producer', env.config.REDIS_CONNECT_TIMEOUT_MS);
  redis.on('error', () => undefined);
  const queues = createQueues(redis, env.config.QUEUE_PREFIX);
  for (const queue of allQueues(queues)) queue.on('error', () => undefined);
  const queueEvents = createModerationEvents(redisUrl, env.config.QUEUE_PREFIX);
  for (const events of queueEvents) events.on('error', () => undefined);
  const waiter = createVerdictWaiter(queueEvents);
  // Its first stream read starts from "now": wait for it, or the first completion might be missed.
  if (options.waitUntilListening !== false) {
    await Promise.all(queueEvents.map((events) => events.waitUntilReady()));
  }
  const app = createApp({
    config: env.config,
    logger: silentLogger,
    pool: env.pool,
    redis,
    queues,
    verdictWaiter: waiter,
  });
  return {
    app: checkedApp(app, documentLimits(env.config)),
    queueEvents,
    waiter,
    async close() {
      waiter.close();
      await closeQueues(queues);
      await closeModerationEvents(queueEvents);
      forgetRefusedSocket(redis);
      redis.disconnect();
    },
  };
}
