import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { fnv1a } from './moderation/hashing';
import { groupBy } from './group-by';
import type { FairQueueing } from './fairness/fair-share';
import { createRedis, parseRedisUrl, type RedisClient } from './redis-connection';

export { createRedis } from './redis-connection';

/** The only place that names a queue. */
export const QUEUE = { moderation: 'moderation', maintenance: 'maintenance', delivery: 'delivery' } as const;

/**
 * The job of the moderation queue: the comment's id (the worker loads the rest) and its site, whose
 * cap on jobs in flight the worker applies (src/fairness/). Jobs queued before the site was added lack it.
 */
export interface ModerationJob {
  commentId: string;
  siteId?: string;
  /** The job's stalls already counted as failed attempts (workers/moderation.processor.ts). */
  stallsCounted?: number;
}

export const SWEEP_SCHEDULER = 'sweep-queued';
/**
 * The maintenance jobs' template: a sweep every 5 s would otherwise keep 17,280 finished jobs a day
 * in Redis for ever. The last few stay for Bull Board; failures a week, to be looked at.
 */
export const maintenanceJobOptions = {
  removeOnComplete: { count: 100 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
} satisfies JobsOptions;
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

export interface Queues {
  /** The moderation queues, MODERATION_QUEUES of them (one by default); moderationQueueOf picks a site's. */
  moderation: Array<Queue<ModerationJob>>;
  maintenance: Queue;
  delivery: Queue<DeliveryJob>;
}

/**
 * The queues, as a producer uses them. They neither wait for Redis nor ask its version at start
 * (the worker does), so the api starts, and intake keeps answering, while Redis is down.
 */
export function createQueues(connection: RedisClient, prefix: string, moderationQueues = 1): Queues {
  const options = { connection, prefix, skipWaitingForReady: true, skipVersionCheck: true };
  return {
    moderation: moderationShards(prefix, moderationQueues).map(
      (shard) => new Queue<ModerationJob>(shard.name, { ...options, prefix: shard.prefix }),
    ),
    maintenance: new Queue(QUEUE.maintenance, options),
    delivery: new Queue<DeliveryJob>(QUEUE.delivery, options),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all([...allQueues(queues).map((queue) => queue.close())]);
}

/** Every queue, the moderation shards first: for metrics, the queue board and closing. */
export const allQueues = (queues: Queues): Queue[] => [
  ...queues.moderation,
  queues.delivery,
  queues.maintenance,
];

/**
 * The name and BullMQ prefix of each moderation queue. One queue keeps the name and keys it always
 * had. Several each get a prefix of their own whose {hash tag} puts all of one queue's keys (which
 * BullMQ's scripts touch together) in one Redis Cluster slot, and different queues in different
 * slots, so the shards spread over the cluster's masters: `{moderation:0}:moderation-0:wait`.
 */
export function moderationShards(prefix: string, count: number): Array<{ name: string; prefix: string }> {
  if (count === 1) return [{ name: QUEUE.moderation, prefix }];
  const untagged = prefix.replace(/[{}]/g, '');
  return Array.from({ length: count }, (_, shard) => ({
    name: `${QUEUE.moderation}-${shard}`,
    prefix: `{${untagged}:${shard}}`,
  }));
}

/** The moderation queue of a site: always the same one, by a hash of the site id. */
export function moderationQueueOf<Q>(queues: readonly Q[], siteId: string): Q {
  return queues[queues.length === 1 ? 0 : fnv1a(siteId) % queues.length]!;
}

/** A comment to moderate: its id, and its site, whose moderation queue takes it. */
export interface ToModerate {
  id: string;
  siteId: string;
}

/**
 * Enqueues comments for moderation, each on its site's queue (moderationQueueOf), with the priority
 * its site's backlog gives it when `fair` is given (src/fairness/); one round trip per site for the
 * priorities, then one per queue touched, whatever their number.
 */
export async function enqueueModeration(
  queues: ReadonlyArray<Queue<ModerationJob>>,
  comments: readonly ToModerate[],
  fair?: FairQueueing,
): Promise<void> {
  const byQueue = new Map<Queue<ModerationJob>, PlannedJob[]>();
  await Promise.all(
    [...groupBy(comments, (comment) => comment.siteId)].map(async ([siteId, group]) => {
      const ids = group.map((comment) => comment.id);
      const priorities = fair ? await fair.priorities(siteId, ids) : [];
      const queue = moderationQueueOf(queues, siteId);
      const planned = byQueue.get(queue) ?? [];
      ids.forEach((commentId, i) => planned.push({ commentId, siteId, priority: priorities[i] ?? 0 }));
      byQueue.set(queue, planned);
    }),
  );
  await Promise.all([...byQueue].map(([queue, jobs]) => addModerationJobs(queue, jobs)));
}

/**
 * The comments whose moderation job (job id = comment id) is not in Redis: what a sweep must
 * enqueue again. A job waiting, delayed or running still has its key (finished jobs are removed),
 * and adding it again would do nothing but cost a script call; one pipeline of EXISTS per queue
 * (whose keys share one cluster slot) finds them.
 */
export async function withoutModerationJob(
  queues: ReadonlyArray<Queue<ModerationJob>>,
  comments: readonly ToModerate[],
): Promise<ToModerate[]> {
  const byQueue = groupBy(comments, (comment) => moderationQueueOf(queues, comment.siteId));
  const missing = await Promise.all(
    [...byQueue].map(async ([queue, group]) => {
      // The connection createQueues was given: BullMQ's own type of it lacks the plain commands.
      const redis = (await queue.getBackend().client) as unknown as RedisClient;
      const pipeline = redis.pipeline();
      for (const comment of group) pipeline.exists(queue.toKey(comment.id));
      const answers = (await pipeline.exec()) ?? [];
      return group.filter((_, i) => {
        const [error, exists] = answers[i] ?? [new Error('no answer')];
        if (error) throw error;
        return exists === 0;
      });
    }),
  );
  return missing.flat();
}

type PlannedJob = Required<Pick<ModerationJob, 'commentId' | 'siteId'>> & { priority: number };

/** Priority 0 is BullMQ's plain wait list (first in, first out), ahead of every prioritized job. */
const jobOf = ({ commentId, siteId, priority }: PlannedJob) => ({
  name: 'moderate',
  data: { commentId, siteId },
  opts: { ...moderationJobOptions, jobId: commentId, ...(priority > 0 ? { priority } : {}) },
});

async function addModerationJobs(queue: Queue<ModerationJob>, jobs: PlannedJob[]): Promise<void> {
  if (jobs.length === 1) {
    const { name, data, opts } = jobOf(jobs[0]!);
    await queue.add(name, data, opts);
    return;
  }
  await queue.addBulk(jobs.map(jobOf));
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
  queues: ReadonlyArray<Queue<ModerationJob>>,
  comment: ToModerate & { version: number },
): Promise<void> {
  const { id: commentId, version } = comment;
  await moderationQueueOf(queues, comment.siteId).add(
    'moderate',
    { commentId, siteId: comment.siteId },
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
export function createModerationEvents(url: string, prefix: string, moderationQueues = 1): QueueEvents[] {
  return moderationShards(prefix, moderationQueues).map(
    (shard) => new QueueEvents(shard.name, { connection: blockingConnection(url), prefix: shard.prefix }),
  );
}

/**
 * The connection of a blocking BullMQ client (QueueEvents): options BullMQ connects with itself,
 * except through Sentinel or on a cluster, where it takes a client of its own (closed with it).
 */
function blockingConnection(url: string) {
  if (parseRedisUrl(url).kind === 'single') return { url, maxRetriesPerRequest: null };
  return createRedis(url, 'worker');
}

/**
 * Closes the events' connection. QueueEvents#close waits for ever for a connection that never came
 * up (Redis down since the start), so after a moment the connection is torn down instead.
 */
export async function closeModerationEvents(all: QueueEvents[], graceMs = 1_000): Promise<void> {
  await Promise.all(
    all.map(async (events) => {
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), graceMs)));
      const outcome = await Promise.race([events.close().then(() => 'closed' as const), stuck]);
      clearTimeout(timer);
      if (outcome === 'stuck') await events.getBackend().close(true);
      // A client given to BullMQ (Sentinel, cluster) is not closed by it.
      const given = events.opts.connection;
      if (given instanceof Cluster || given instanceof Redis) given.disconnect();
    }),
  );
}
