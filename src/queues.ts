import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** The only place that names a queue. */
export const QUEUE = { moderation: 'moderation', maintenance: 'maintenance' } as const;

/** The job of the moderation queue: only the comment's id; the worker loads the rest. */
export interface ModerationJob {
  commentId: string;
}

export const SWEEP_SCHEDULER = 'sweep-queued';

/**
 * Job id = comment id, so BullMQ ignores a second add of a comment it already holds.
 * Finished jobs are removed: PostgreSQL keeps the outcome, and a comment whose job failed for good
 * while still queued is picked up again by the sweeper, which could not re-add a kept failed job.
 */
const moderationJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: true,
};

/**
 * Redis connections by role. A producer fails fast (no offline queue, one retry) so intake never
 * hangs on a dead Redis; a worker waits and retries for ever, as BullMQ requires.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  return role === 'producer'
    ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 })
    : new Redis(url, { maxRetriesPerRequest: null });
}

export interface Queues {
  moderation: Queue<ModerationJob>;
  maintenance: Queue;
}

/**
 * The queues, as a producer uses them. They neither wait for Redis nor ask its version at start
 * (the worker does), so the api starts, and intake keeps answering, while Redis is down.
 */
export function createQueues(connection: Redis, prefix: string): Queues {
  const options = { connection, prefix, skipWaitingForReady: true, skipVersionCheck: true };
  return {
    moderation: new Queue<ModerationJob>(QUEUE.moderation, options),
    maintenance: new Queue(QUEUE.maintenance, options),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all([queues.moderation.close(), queues.maintenance.close()]);
}

/** Enqueues comments for moderation; one round trip whatever their number. */
export async function enqueueModeration(queue: Queue<ModerationJob>, commentIds: string[]): Promise<void> {
  if (commentIds.length === 1) {
    await queue.add(
      'moderate',
      { commentId: commentIds[0]! },
      { ...moderationJobOptions, jobId: commentIds[0] },
    );
    return;
  }
  await queue.addBulk(
    commentIds.map((commentId) => ({
      name: 'moderate',
      data: { commentId },
      opts: { ...moderationJobOptions, jobId: commentId },
    })),
  );
}
