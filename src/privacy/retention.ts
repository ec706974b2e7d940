import type { Pool } from 'pg';
import { withTransaction } from '../db/pool';
import { listSitePolicies } from '../db/sites-repository';
import {
  anonymiseComments,
  deleteExpiredDeliveries,
  findExpiredComments,
} from '../db/personal-data-repository';
import { readPolicy } from '../moderation/read-policy';

/** Rows handled per statement, and statements per site and kind in one run; the next run goes on. */
const BATCH = 500;
const BATCHES_PER_RUN = 20;

export interface RetentionRun {
  /** Sites that keep comments for a limited time. */
  sites: number;
  /** Comments whose personal data was removed. */
  comments: number;
  /** Finished callbacks deleted. */
  deliveries: number;
}

/**
 * The retention job: for every site whose policy sets `retentionDays`, comments received before the
 * cutoff lose their personal data (text, author, revisions, appeal texts, decision notes, their
 * callbacks, classifier examples) in batches, one transaction each, and finished callbacks older
 * than the cutoff are deleted. Comments still waiting for a person (queued, held, appealed) are
 * left until decided. The comment and decision rows stay, anonymous, so counts and stats stay right.
 */
export async function applyRetention(pool: Pool, now = new Date()): Promise<RetentionRun> {
  const run: RetentionRun = { sites: 0, comments: 0, deliveries: 0 };
  for (const site of await listSitePolicies(pool)) {
    const days = readPolicy(site.policy).policy.retentionDays;
    if (days === null) continue;
    run.sites++;
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
      const ids = await findExpiredComments(pool, site.id, cutoff, BATCH);
      if (ids.length === 0) break;
      run.comments += (await withTransaction(pool, (client) => anonymiseComments(client, ids))).comments;
      if (ids.length < BATCH) break;
    }
    for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
      const deleted = await deleteExpiredDeliveries(pool, site.id, cutoff, BATCH);
      run.deliveries += deleted;
      if (deleted < BATCH) break;
    }
  }
  return run;
}
