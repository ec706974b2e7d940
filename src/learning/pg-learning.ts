import type { Pool, PoolClient } from 'pg';
import { classifierRows, loadTokenCounts } from '../db/classifier-repository';
import { withRetriedTransaction, type Db } from '../db/pool';
import { GLOBAL_SCOPE, scopedStats, type ScopedStats } from '../moderation/classifier';
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

/**
 * The classifier's counts of many comments' tokens, each for its site and all sites, in one query
 * (the worker's group read): the union of their scopes and tokens is read once, then each comment
 * gets the counts of its own tokens, in input order.
 */
export async function loadClassifierStatsMany(
  db: Db,
  requests: ReadonlyArray<{ siteId: string; tokens: readonly string[] }>,
): Promise<ScopedStats[]> {
  const scopes = [...new Set([GLOBAL_SCOPE, ...requests.map((r) => r.siteId)])];
  const counts = await loadTokenCounts(db, scopes, [...new Set(requests.flatMap((r) => r.tokens))]);
  return requests.map((r) => scopedStats(counts, r.siteId, r.tokens));
}

/** loadClassifierStatsMany for one comment. */
export async function loadClassifierStats(
  db: Db,
  siteId: string,
  tokens: readonly string[],
): Promise<ScopedStats> {
  return (await loadClassifierStatsMany(db, [{ siteId, tokens }]))[0]!;
}
