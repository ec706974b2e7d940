import type { Db } from './pool';
import { commentColumns, toComment, type Comment, type CommentStatus } from './comments-repository';

export type QueueSort = 'score' | 'oldest' | 'newest';

/** Where the previous page ended: the last item's score and arrival sequence. */
export interface QueuePosition {
  score: number;
  seq: string;
}

export interface QueueFilter {
  status: CommentStatus;
  /** Sites the reader may see; null means every site. */
  siteIds: string[] | null;
  sort: QueueSort;
  limit: number;
  after: QueuePosition | null;
}

const order: Record<QueueSort, { by: string; after: string }> = {
  score: {
    by: 'COALESCE(score, 0) DESC, seq',
    after: '(COALESCE(score, 0) < $4 OR (COALESCE(score, 0) = $4 AND seq > $5))',
  },
  oldest: { by: 'seq', after: 'seq > $5' },
  newest: { by: 'seq DESC', after: 'seq < $5' },
};

/** One page of the review queue, with each item's position for the next page's cursor. */
export async function listQueue(
  db: Db,
  filter: QueueFilter,
): Promise<Array<{ comment: Comment; position: QueuePosition }>> {
  const { by, after } = order[filter.sort];
  const { rows } = await db.query(
    `SELECT ${commentColumns}, seq::text AS seq FROM comments
     WHERE status = $1 AND ($2::uuid[] IS NULL OR site_id = ANY($2))
       AND ($3::boolean IS FALSE OR ${after})
     ORDER BY ${by} LIMIT $6`,
    [
      filter.status,
      filter.siteIds,
      filter.after !== null,
      filter.after?.score ?? 0,
      filter.after?.seq ?? '0',
      filter.limit,
    ],
  );
  return rows.map((row) => ({
    comment: toComment(row),
    position: { score: row.score ?? 0, seq: row.seq as string },
  }));
}

/** How many comments the author has in each status on the site (the author's track record). */
export async function authorHistory(
  db: Db,
  siteId: string,
  authorKey: string,
): Promise<Record<CommentStatus, number>> {
  const { rows } = await db.query<{ status: CommentStatus; count: string }>(
    'SELECT status, count(*) AS count FROM comments WHERE site_id = $1 AND author_key = $2 GROUP BY status',
    [siteId, authorKey],
  );
  return countsByStatus(rows);
}

/** The author's latest comments on the site, newest first. */
export async function recentByAuthor(
  db: Db,
  siteId: string,
  authorKey: string,
  limit: number,
): Promise<Comment[]> {
  const { rows } = await db.query(
    `SELECT ${commentColumns} FROM comments WHERE site_id = $1 AND author_key = $2 ORDER BY seq DESC LIMIT $3`,
    [siteId, authorKey, limit],
  );
  return rows.map(toComment);
}

/** Comments per status over the given sites. */
export async function statusCounts(db: Db, siteIds: string[] | null): Promise<Record<CommentStatus, number>> {
  const { rows } = await db.query<{ status: CommentStatus; count: string }>(
    `SELECT status, count(*) AS count FROM comments
     WHERE $1::uuid[] IS NULL OR site_id = ANY($1) GROUP BY status`,
    [siteIds],
  );
  return countsByStatus(rows);
}

function countsByStatus(
  rows: Array<{ status: CommentStatus; count: string }>,
): Record<CommentStatus, number> {
  const counts: Record<CommentStatus, number> = { queued: 0, pending_review: 0, approved: 0, rejected: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
