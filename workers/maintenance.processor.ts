import type { Job, Queue } from 'bullmq';
import type { Pool } from 'pg';
import { findStaleQueued } from '../src/db/comments-repository';
import { findOverdueDeliveries } from '../src/db/deliveries-repository';
import { purgeAkismetChecks } from '../src/db/akismet-checks-repository';
import {
  enqueueDeliveries,
  enqueueModeration,
  withoutModerationJob,
  type DeliveryJob,
  type ModerationJob,
} from '../src/queues';
import type { Logger } from '../src/logger';
import type { FairQueueing } from '../src/fairness/fair-share';
import { applyRetention, type RetentionRun } from '../src/privacy/retention';

/** What a maintenance job did: a sweep's re-enqueued counts, or a retention run's. */
export type MaintenanceResult = {
  requeued?: number;
  akismetChecksPurged?: number;
  deliveriesRequeued?: number;
} & Partial<RetentionRun>;

/** At most this many comments are re-enqueued (or checks purged) per sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 1_000;
/** How long an Akismet check is kept for a submit-spam or submit-ham to name it by its guid. */
export const AKISMET_CHECK_RETENTION_MS = 90 * 86_400_000;

/**
 * Maintenance jobs. `retention`: personal data past each site's retentionDays is removed (see
 * applyRetention). `sweep`: comments still queued after `staleAfterMs` lost their job (Redis
 * restarted without persistence, keys flushed, the enqueue failed), so they are enqueued again.
 * Job id = comment id, so a comment whose job is merely waiting is not enqueued twice.
 * Likewise pending callback deliveries overdue by `staleAfterMs` (the relay missed their
 * notification, or their job was lost) when a delivery queue is given. And Akismet checks past
 * their retention are deleted (an index range, so an empty one costs one probe).
 */
export function createMaintenanceProcessor(deps: {
  pool: Pool;
  /** Every moderation queue: a stale comment goes back to its site's. */
  moderationQueues: ReadonlyArray<Queue<ModerationJob>>;
  /** Where a site's comments queue (src/fairness/): a re-enqueued one keeps its place in its site's backlog. */
  fairQueueing?: FairQueueing;
  deliveryQueue?: Queue<DeliveryJob>;
  staleAfterMs: number;
  /** The worker's MAX_PROCESSING_ATTEMPTS: a comment that failed more often is not re-enqueued. */
  maxProcessingAttempts?: number;
  logger: Logger;
}) {
  return async (job: Job): Promise<MaintenanceResult> => {
    if (job.name === 'retention') {
      const run = await applyRetention(deps.pool);
      if (run.comments + run.deliveries > 0) deps.logger.info(run, 'retention removed personal data');
      return run;
    }
    if (job.name !== 'sweep') throw new Error(`unknown maintenance job ${job.name}`);
    const akismetChecksPurged = await purgeAkismetChecks(deps.pool, AKISMET_CHECK_RETENTION_MS, SWEEP_BATCH);
    const stale = await findStaleQueued(
      deps.pool,
      deps.staleAfterMs,
      SWEEP_BATCH,
      deps.maxProcessingAttempts ?? null,
    );
    // A backlog older than staleAfterMs is still queued in Redis: only the lost jobs are added again.
    const ids = stale.length > 0 ? await withoutModerationJob(deps.moderationQueues, stale) : [];
    if (ids.length > 0) {
      await enqueueModeration(deps.moderationQueues, ids, deps.fairQueueing);
      deps.logger.info({ requeued: ids.length }, 'sweeper re-enqueued queued comments');
    }
    if (!deps.deliveryQueue) return { requeued: ids.length, akismetChecksPurged };
    const deliveryIds = await findOverdueDeliveries(deps.pool, deps.staleAfterMs, SWEEP_BATCH);
    if (deliveryIds.length > 0) {
      await enqueueDeliveries(deps.deliveryQueue, deliveryIds);
      deps.logger.info({ requeued: deliveryIds.length }, 'sweeper re-enqueued pending deliveries');
    }
    return { requeued: ids.length, akismetChecksPurged, deliveriesRequeued: deliveryIds.length };
  };
}
