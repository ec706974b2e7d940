import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** The only place that names a queue. */
export const QUEUE = { moderation: 'moderation', maintenance: 'maintenance', delivery: 'delivery' } as const;

/** The job of the moderation queue: only the comment's id; the worker loads the rest. */
export interface ModerationJob {
  commentId: string;
}

export const SWEEP_SCHEDULER = 'sweep-queued';
/** The repeatable job that removes personal data past each site's retentionDays. */
export const RETENTION_SCHEDULER = 'retention';

/** The job of the delivery queue: only the delivery's id; PostgreSQL holds the event and its state. */
export interface DeliveryJob {
  deliveryId: string;
}

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
 * hangs on a dead Redis; a worker waits and retries for ever, as BullMQ requires. A subscriber (the
 * api's live events) also reconnects for ever, and ioredis subscribes it again each time.
 */
export function createRedis(url: string, role: 'producer' | 'worker' | 'counters' | 'subscriber'): Redis {
  if (role === 'producer') {
    return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  }
  // The worker's counters (crowd index) get their own connection with auto-pipelining, which sends
  // the pipelines of all jobs in flight as one write; BullMQ's own connection is left as it expects.
  return new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: role === 'counters' });
}

export interface Queues {
  moderation: Queue<ModerationJob>;
  maintenance: Queue;
  delivery: Queue<DeliveryJob>;
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
    delivery: new Queue<DeliveryJob>(QUEUE.delivery, options),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all([queues.moderation.close(), queues.maintenance.close(), queues.delivery.close()]);
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

/**
 * Job id = delivery id, so a delivery is never queued twice. The retry schedule of a callback is not
 * BullMQ's: the processor records each attempt and moves its own job to delayed (see
 * workers/delivery.processor.ts). These attempts only cover the processor failing itself
 * (PostgreSQL down); a delivery whose job is removed while pending is re-added by the sweeper.
 */
const deliveryJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: true,
};

/** Enqueues callback deliveries; one round trip whatever their number. */
export async function enqueueDeliveries(queue: Queue<DeliveryJob>, deliveryIds: string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await queue.addBulk(
    deliveryIds.map((deliveryId) => ({
      name: 'deliver',
      data: { deliveryId },
      opts: { ...deliveryJobOptions, jobId: deliveryId },
    })),
  );
}

/**
 * The job id of a comment queued again by an edit: not the comment id, which a job still running
 * on the earlier text may hold (BullMQ would ignore the add), but one per version. Both jobs are
 * harmless together: only a verdict on the version that is queued now is stored.
 */
export const remoderationJobId = (commentId: string, version: number) => `${commentId}-v${version}`;

/** Enqueues an edited comment for moderation under its version's job id. */
export async function enqueueRemoderation(
  queue: Queue<ModerationJob>,
  commentId: string,
  version: number,
): Promise<void> {
  await queue.add(
    'moderate',
    { commentId },
    { ...moderationJobOptions, jobId: remoderationJobId(commentId, version) },
  );
}

/**
 * Makes a delivery's job run now: a job delayed until its next retry is promoted, a finished or
 * missing one added again. A job already waiting or running is left alone: it is about to send.
 */
export async function runDeliveryNow(queue: Queue<DeliveryJob>, deliveryId: string): Promise<void> {
  const job = await queue.getJob(deliveryId);
  if (job) {
    const state = await job.getState();
    if (state === 'delayed') return job.promote();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    await job.remove();
  }
  await enqueueDeliveries(queue, [deliveryId]);
}

/**
 * The moderation queue's events, for the api: a job's completion wakes the `Prefer: wait` request
 * of its comment. QueueEvents blocks on its connection, so it opens its own, and waits out Redis
 * outages (no retry limit per command), as BullMQ requires of blocking connections.
 */
export function createModerationEvents(url: string, prefix: string): QueueEvents {
  return new QueueEvents(QUEUE.moderation, { connection: { url, maxRetriesPerRequest: null }, prefix });
}

/**
 * Closes the events' connection. QueueEvents#close waits for ever for a connection that never came
 * up (Redis down since the start), so after a moment the connection is torn down instead.
 */
export async function closeModerationEvents(events: QueueEvents, graceMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), graceMs)));
  const outcome = await Promise.race([events.close().then(() => 'closed' as const), stuck]);
  clearTimeout(timer);
  if (outcome === 'stuck') await events.getBackend().close(true);
}
