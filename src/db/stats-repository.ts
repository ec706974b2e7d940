import type { Db } from './pool';

export type Bucket = 'hour' | 'day';

/** The sites and time range a stats question covers; buckets are cut in UTC. */
export interface StatsRange {
  /** Sites the reader may see; null means every site. */
  siteIds: string[] | null;
  from: string;
  to: string;
  bucket: Bucket;
}

// $1 sites, $2 from, $3 to, $4 bucket; every query reads decisions by created_at (indexed).
const inRange = (alias: string) =>
  `($1::uuid[] IS NULL OR ${alias}.site_id = ANY($1)) AND ${alias}.created_at >= $2 AND ${alias}.created_at < $3`;
const bucketOf = (alias: string) => `date_trunc($4::text, ${alias}.created_at, 'UTC')`;
const params = (range: StatsRange) => [range.siteIds, range.from, range.to, range.bucket];

/**
 * Status changes per bucket, by who made them, the status they led to, the action and whether the
 * worker's verdict was only observed (trial mode, where the action is what would have been done).
 */
export async function decisionCounts(db: Db, range: StatsRange) {
  const { rows } = await db.query<{
    bucket: Date;
    decided_by: string;
    to_status: string;
    action: string;
    observed: boolean;
    count: number;
  }>(
    `SELECT ${bucketOf('d')} AS bucket, d.decided_by, d.to_status, d.action, d.observed, count(*)::int AS count
     FROM decisions d WHERE ${inRange('d')} GROUP BY 1, 2, 3, 4, 5`,
    params(range),
  );
  return rows.map((row) => ({
    bucket: row.bucket.toISOString(),
    decidedBy: row.decided_by,
    toStatus: row.to_status,
    action: row.action,
    observed: row.observed,
    count: row.count,
  }));
}

/** Moderators' decisions in the range, most active first; the operator's have no moderator id. */
export async function decisionsByModerator(db: Db, range: StatsRange) {
  const { rows } = await db.query<{
    moderator_id: string | null;
    name: string | null;
    approved: number;
    rejected: number;
  }>(
    `SELECT d.moderator_id, m.name,
       count(*) FILTER (WHERE d.to_status = 'approved')::int AS approved,
       count(*) FILTER (WHERE d.to_status = 'rejected')::int AS rejected
     FROM decisions d LEFT JOIN moderators m ON m.id = d.moderator_id
     WHERE d.decided_by = 'moderator' AND ${inRange('d')}
     GROUP BY 1, 2 ORDER BY count(*) DESC, m.name`,
    params(range).slice(0, 3),
  );
  return rows.map((row) => ({
    moderatorId: row.moderator_id,
    name: row.name ?? 'operator',
    approved: row.approved,
    rejected: row.rejected,
    total: row.approved + row.rejected,
  }));
}

/** Median seconds from a comment's arrival to a moderator's decision on it: per bucket, and over the range (bucket null). */
export async function medianDecisionSeconds(db: Db, range: StatsRange) {
  const { rows } = await db.query<{ bucket: Date | null; median: number }>(
    `SELECT ${bucketOf('d')} AS bucket,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.created_at - c.received_at)) AS median
     FROM decisions d JOIN comments c ON c.id = d.comment_id
     WHERE d.decided_by = 'moderator' AND ${inRange('d')}
     GROUP BY ROLLUP (1)`,
    params(range),
  );
  return rows.map((row) => ({ bucket: row.bucket?.toISOString() ?? null, median: Number(row.median) }));
}

/**
 * How often each check fired on the comments the worker decided in the range: comments per check
 * per bucket, and comments per check and signal code over the range.
 */
export async function checkFirings(db: Db, range: StatsRange) {
  const from = `FROM decisions d JOIN comments c ON c.id = d.comment_id
     CROSS JOIN LATERAL jsonb_array_elements(COALESCE(c.signals, '[]'::jsonb)) s
     WHERE d.decided_by = 'auto' AND ${inRange('d')}`;
  const [perBucket, perCode] = await Promise.all([
    db.query<{ bucket: Date; check: string; count: number }>(
      `SELECT ${bucketOf('d')} AS bucket, s->>'check' AS check, count(DISTINCT c.id)::int AS count
       ${from} GROUP BY 1, 2`,
      params(range),
    ),
    db.query<{ check: string; code: string; count: number }>(
      `SELECT s->>'check' AS check, s->>'code' AS code, count(DISTINCT c.id)::int AS count
       ${from} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
      params(range).slice(0, 3),
    ),
  ]);
  return {
    perBucket: perBucket.rows.map((row) => ({
      bucket: row.bucket.toISOString(),
      check: row.check,
      count: row.count,
    })),
    perCode: perCode.rows,
  };
}
