import { createBatcher, fulfilled } from '../batcher';
import { groupBy } from '../group-by';
import type { RedisClient } from '../redis-connection';
import { readLuaScript } from '../redis-scripts';

/** BullMQ's largest priority (2^21 - 1); a larger place in a backlog waits at this one. */
const MAX_PRIORITY = 2_097_151;

/** How long a job counts in its site's backlog at most: one lost with its job stops counting then. */
export const BACKLOG_HORIZON_MS = 3_600_000;

/** The intake side: where a site's new jobs queue. */
export interface FairQueueing {
  /** Records jobs of one site in its backlog; returns each one's BullMQ priority, in order (0: the plain wait list). */
  priorities(siteId: string, jobIds: readonly string[]): Promise<number[]>;
}

/** The worker side: the per-site cap on jobs in flight, and the backlog jobs leave. */
export interface FairRunning {
  /** Takes an in-flight slot for the job; false when its site already runs its cap of jobs. */
  enter(siteId: string, jobId: string): Promise<boolean>;
  /** Gives the slot back; `done`: the job will not run again, so it leaves its site's backlog too. */
  leave(siteId: string, jobId: string, done: boolean): Promise<void>;
}

type Script<Reply = number> = (key: string, ...args: Array<string | number>) => Promise<Reply>;

/** The per-site keys of the fairness namespace (src/redis-keys.ts), and their scripts on this connection. */
function fairKeys(redis: RedisClient, namespace: string) {
  if (!('enterBacklog' in redis)) {
    redis.defineCommand('enterBacklog', { numberOfKeys: 1, lua: readLuaScript(__dirname, 'enter-backlog') });
    redis.defineCommand('takeSlots', { numberOfKeys: 1, lua: readLuaScript(__dirname, 'take-slots') });
  }
  return {
    scripts: redis as unknown as { enterBacklog: Script; takeSlots: Script<number[]> },
    backlog: (siteId: string) => `${namespace}:backlog:${siteId}`,
    inFlight: (siteId: string) => `${namespace}:in-flight:${siteId}`,
  };
}

/**
 * Fairness between sites, in Redis and shared by every process: each site's backlog (its moderation
 * jobs queued or running), one sorted set per site, touched by one single-key script per enqueue
 * (Redis Cluster needs no tag). A site's first `fastLane` jobs queue as usual; beyond them, a job's
 * BullMQ priority is its place in the site's backlog, so a site that sends ten thousand comments at
 * once has them wait behind every other site's (whose backlogs are short), and two flooding sites
 * take turns. Nothing is refused: the flood runs whenever nothing else waits. Losing these keys
 * only loses the ordering.
 */
export function createFairQueueing(
  redis: RedisClient,
  namespace: string,
  /** Jobs of one site that queue in the plain wait list, ahead of every prioritized job (SITE_FAST_LANE). */
  fastLane: number,
): FairQueueing {
  const keys = fairKeys(redis, namespace);
  return {
    async priorities(siteId, jobIds) {
      if (jobIds.length === 0) return [];
      const size = await keys.scripts.enterBacklog(
        keys.backlog(siteId),
        Date.now(),
        BACKLOG_HORIZON_MS,
        ...jobIds,
      );
      // The last job holds place `size`; those before it, the places just before.
      return jobIds.map((_, i) => {
        const place = size - (jobIds.length - 1 - i);
        return place <= fastLane ? 0 : Math.min(place, MAX_PRIORITY);
      });
    },
  };
}

/** Items grouped by site, each group's in arrival order. */
const bySite = <T extends { siteId: string }>(items: readonly T[]) => groupBy(items, (item) => item.siteId);

/** Calls gathered per turn of the event loop: one script or ZREM per site instead of one per job. */
const GROUPED = { maxBatch: 256, maxInFlight: 4 };

/**
 * The per-site cap on moderation jobs in flight, all worker processes together: one sorted set of
 * running job ids per site; an entry older than the job lock stops counting (its worker died, and
 * BullMQ will run the job again). Leaving also takes a finished job out of its site's backlog. The
 * jobs that start (or end) together ask together: one Redis command per site for all of them.
 */
export function createFairRunning(
  redis: RedisClient,
  namespace: string,
  settings: {
    /** Jobs of one site running at once; 0: no cap (SITE_MAX_IN_FLIGHT). */
    maxInFlight: number;
    /** The workers' job lock (WORKER_LOCK_MS). */
    lockMs: number;
  },
): FairRunning {
  const keys = fairKeys(redis, namespace);
  const capped = settings.maxInFlight > 0;
  type Entering = { siteId: string; jobId: string };
  const enter = createBatcher(async (jobs: Entering[]) => {
    const admitted = new Map<Entering, boolean>();
    await Promise.all(
      [...bySite(jobs)].map(async ([siteId, group]) => {
        const args = [Date.now(), settings.lockMs, settings.maxInFlight, ...group.map((job) => job.jobId)];
        const answers = await keys.scripts.takeSlots(keys.inFlight(siteId), ...args);
        group.forEach((job, i) => admitted.set(job, answers[i] === 1));
      }),
    );
    return fulfilled(jobs.map((job) => admitted.get(job) ?? false));
  }, GROUPED);
  const leave = createBatcher(async (jobs: Array<Entering & { done: boolean }>) => {
    await Promise.all(
      [...bySite(jobs)].flatMap(([siteId, group]) => {
        const finished = group.filter((job) => job.done).map((job) => job.jobId);
        return [
          capped ? redis.zrem(keys.inFlight(siteId), ...group.map((job) => job.jobId)) : 0,
          finished.length > 0 ? redis.zrem(keys.backlog(siteId), ...finished) : 0,
        ];
      }),
    );
    return fulfilled(jobs.map(() => undefined));
  }, GROUPED);
  return {
    enter: (siteId, jobId) => (capped ? enter({ siteId, jobId }) : Promise.resolve(true)),
    leave: (siteId, jobId, done) => leave({ siteId, jobId, done }),
  };
}
