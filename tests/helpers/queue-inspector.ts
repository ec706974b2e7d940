import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE, SWEEP_SCHEDULER } from '../../src/queues';
import { REDIS_URL } from './test-env';

/**
 * Read-only views of a test's BullMQ queues, for assertions about what the service processes do.
 * `skipMetasUpdate` keeps these Queue objects from writing any key themselves.
 */
export function createQueueInspector(prefix: string, redisUrl = REDIS_URL) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const options = { connection: redis, prefix, skipMetasUpdate: true };
  const moderation = new Queue(QUEUE.moderation, options);
  const maintenance = new Queue(QUEUE.maintenance, options);
  return {
    moderation,
    /** Worker processes consuming the moderation queue (BullMQ names their connections). */
    moderationWorkers: () => moderation.getWorkersCount(),
    /** Jobs waiting to run: in the plain wait list, or by priority (a site past its fast lane, src/fairness/). */
    waitingJobs: () => moderation.getJobCountByTypes('waiting', 'prioritized'),
    /** Jobs a worker holds right now (they stay in the active list if it is killed). */
    activeJobs: () => moderation.getActiveCount(),
    /** The sweeper's job scheduler, as the worker keeps it in Redis. */
    sweepScheduler: () => maintenance.getJobScheduler(SWEEP_SCHEDULER),
    /** Any of the maintenance queue's job schedulers, by id. */
    jobScheduler: (id: string) => maintenance.getJobScheduler(id),
    /** Every key under the prefix, counted with SCAN. */
    async countKeys(): Promise<number> {
      let count = 0;
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
        count += (keys as string[]).length;
      }
      return count;
    },
    async close(): Promise<void> {
      await Promise.all([moderation.close(), maintenance.close()]);
      redis.disconnect();
    },
  };
}

export type QueueInspector = ReturnType<typeof createQueueInspector>;
