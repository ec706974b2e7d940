import type { Job, Queue } from 'bullmq';
import type { Pool } from 'pg';
import { findStaleQueued } from '../src/db/comments-repository';
import { enqueueModeration, type ModerationJob } from '../src/queues';
import type { Logger } from '../src/logger';

/** At most this many comments are re-enqueued per sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 1_000;

/**
 * Maintenance jobs. `sweep`: comments still queued after `staleAfterMs` lost their job (Redis
 * restarted without persistence, keys flushed, the enqueue failed), so they are enqueued again.
 * Job id = comment id, so a comment whose job is merely waiting is not enqueued twice.
 */
export function createMaintenanceProcessor(deps: {
  pool: Pool;
  moderationQueue: Queue<ModerationJob>;
  staleAfterMs: number;
  logger: Logger;
}) {
  return async (job: Job): Promise<{ requeued: number }> => {
    if (job.name !== 'sweep') throw new Error(`unknown maintenance job ${job.name}`);
    const ids = await findStaleQueued(deps.pool, deps.staleAfterMs, SWEEP_BATCH);
    if (ids.length > 0) {
      await enqueueModeration(deps.moderationQueue, ids);
      deps.logger.info({ requeued: ids.length }, 'sweeper re-enqueued queued comments');
    }
    return { requeued: ids.length };
  };
}
