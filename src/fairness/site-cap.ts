import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../logger';
import type { FairRunning } from './fair-share';

/** How long a job of a site at its cap waits before it asks again. */
export const CAPPED_RETRY_MS = 250;

/**
 * Wraps the moderation processor with the per-site cap on jobs in flight: a job of a site that
 * already runs its cap goes back to the queue (delayed, keeping its priority) without running, and
 * without counting as an attempt. A job that ends for good (completed, unrecoverable, or its last
 * attempt failed) leaves its site's backlog. A job without a site (enqueued before this existed)
 * runs uncapped.
 */
export function withSiteCap<Data extends { siteId?: string }, Result>(
  running: FairRunning,
  logger: Logger,
  processor: (job: Job<Data>, token?: string) => Promise<Result>,
): (job: Job<Data>, token?: string) => Promise<Result> {
  return async (job, token) => {
    const siteId = job.data.siteId;
    if (!siteId || !job.id) return processor(job, token);
    if (!(await running.enter(siteId, job.id))) {
      await job.moveToDelayed(Date.now() + CAPPED_RETRY_MS, token);
      throw new DelayedError();
    }
    let done = true;
    try {
      return await processor(job, token);
    } catch (error) {
      done = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      throw error;
    } finally {
      // Best effort: a slot not given back stops counting after the job lock anyway.
      await running
        .leave(siteId, job.id, done)
        .catch((error: unknown) => logger.warn({ err: error, siteId }, 'cannot release a site slot'));
    }
  };
}
