import type { Pool, PoolClient } from 'pg';
import { classifierRows } from '../db/classifier-repository';
import { withRetriedTransaction } from '../db/pool';
import { createLearner, type Learner } from '../moderation/classifier/learner';

/** Learning in PostgreSQL, each call in its own transaction, retried on deadlock (learning is idempotent). */
export function createPgLearner(pool: Pool): Learner {
  return createLearner((work) => withRetriedTransaction(pool, (client) => work(classifierRows(client))));
}

/**
 * Learning inside the caller's open transaction (READ COMMITTED), which commits or rolls it back
 * with the rest of its work: a moderator's decision and its lesson are one. The rows it locks stay
 * locked until then, so learn once per transaction and commit soon.
 */
export function learnerInTransaction(client: PoolClient): Learner {
  return createLearner((work) => work(classifierRows(client)));
}
