import type { Db } from './pool';
import {
  COMMENT_STATUSES,
  commentColumns,
  toComment,
  type Comment,
  type CommentStatus,
} from './comments-repository';

export type QueueSort = 'score' | 'oldest' | 'newest';

/** Where the previous page ended: the last item's score and arrival sequence. */
export interface QueuePosition {
  score: number | null;
  seq: string;
}

export interface QueueFilter {
  /** null: every status (a search through everything). */
  status: CommentStatus | null;
  /** Sites the reader may see; null means every site. */
  siteIds: string[] | null;
  sort: QueueSort;
  limit: number;
  after: QueuePosition | null;
  /** Only comments with a signal of this code. */
  signal?: string;
  /** Only comments on this thread (the site's thread id). */
  threadId?: string;
  /** Only comments by this author (the site's author id). */
  authorId?: string;
  /** Only comments whose searchable text holds every one of these terms (see src/review/search-terms.ts). */
  terms?: string[];
}

/**
 * The searchable text of a comment, exactly as comments_search_idx indexes it (migration 050): a
 * query must repeat this expression for PostgreSQL to use the index.
 */
export const SEARCH_DOCUMENT = 'comment_search_document(content, author, thread, external_id)';

/** A LIKE pattern that matches the term anywhere, its own %, _ and backslash taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, '\\$&')}%`;
}

// $4 is the cursor's seq, $5 its score. Only the score order sends $5: PostgreSQL refuses a
// parameter that the statement never uses ("could not determine data type of parameter").
// `score DESC, seq` is the order of comments_queue_score_idx (nulls first: comments a person
// decided before the worker have no score), so a page is an index range, not a sort of the queue.
const order: Record<QueueSort, { by: string; after: string }> = {
  score: {
    by: 'score DESC, seq',
    after: `CASE WHEN $5::float8 IS NULL THEN (score IS NULL AND seq > $4) OR score IS NOT NULL
                 ELSE score < $5 OR (score = $5 AND seq > $4) END`,
  },
  oldest: { by: 'seq', after: 'seq > $4' },
  newest: { by: 'seq DESC', after: 'seq < $4' },
};

/** One page of the review queue, with each item's position for the next page's cursor. */
export async function listQueue(
  db: Db,
  filter: QueueFilter,
): Promise<Array<{ comment: Comment; position: QueuePosition }>> {
  const { by, after } = order[filter.sort];
  const params: unknown[] = [filter.status, filter.siteIds, filter.limit, filter.after?.seq ?? null];
  if (filter.sort === 'score') params.push(filter.after?.score ?? null);
  // Optional filters take the next parameter numbers, after the cursor's.
  const filters: string[] = [];
  const where = (value: string | undefined, condition: (param: string) => string) => {
    if (value === undefined) return;
    params.push(value);
    filters.push(`AND ${condition(`$${params.length}`)}`);
  };
  where(filter.signal, (p) => `signals @> jsonb_build_array(jsonb_build_object('code', ${p}::text))`);
  where(filter.threadId, (p) => `thread->>'id' = ${p}`);
  // author_key is how intake keys an author by their id (see src/intake/submit-comment.ts): it is indexed.
  where(filter.authorId, (p) => `author_key = 'id:' || ${p}`);
  for (const term of filter.terms ?? []) where(containsPattern(term), (p) => `${SEARCH_DOCUMENT} ILIKE ${p}`);
  const { rows } = await db.query(
    `SELECT ${commentColumns}, seq::text AS cursor_seq FROM comments
     WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid[] IS NULL OR site_id = ANY($2))
       AND ($4::bigint IS NULL OR ${after}) ${filters.join(' ')}
     ORDER BY ${by} LIMIT $3`,
    params,
  );
  return rows.map((row) => ({
    comment: toComment(row),
    // cursor_seq, not seq: an output column named seq would make ORDER BY seq sort text.
    position: { score: row.score ?? null, seq: row.cursor_seq as string },
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

/** Ids of an author's comments on a site in these statuses, oldest first. */
export async function findAuthorCommentIds(
  db: Db,
  siteId: string,
  authorKey: string,
  statuses: readonly string[],
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM comments WHERE site_id = $1 AND author_key = $2 AND status = ANY($3::text[]) ORDER BY seq`,
    [siteId, authorKey, statuses],
  );
  return rows.map((row) => row.id);
}

/**
 * Comments per status over the given sites, from the counts the triggers of migration 070 keep:
 * a site's few shard rows, not its comments.
 */
export async function statusCounts(db: Db, siteIds: string[] | null): Promise<Record<CommentStatus, number>> {
  const { rows } = await db.query<{ status: CommentStatus; count: string }>(
    `SELECT status, sum(n) AS count FROM comment_counts
     WHERE $1::uuid[] IS NULL OR site_id = ANY($1) GROUP BY status`,
    [siteIds],
  );
  return countsByStatus(rows);
}

function countsByStatus(
  rows: Array<{ status: CommentStatus; count: string }>,
): Record<CommentStatus, number> {
  const counts = Object.fromEntries(COMMENT_STATUSES.map((status) => [status, 0])) as Record<
    CommentStatus,
    number
  >;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** An author or a thread a moderator can filter by: the site's id for it, its name, and how many comments. */
export interface LookupEntry {
  id: string;
  label: string | null;
  comments: number;
}

const LOOKUP = {
  author: { id: `author->>'id'`, label: `author->>'name'` },
  thread: { id: `thread->>'id'`, label: `thread->>'title'` },
} as const;

/**
 * Authors or threads whose id or name holds the term, most commented first, with their latest name.
 * The search index narrows the comments first: the term is in their searchable text too.
 */
export async function lookupAuthorsOrThreads(
  db: Db,
  kind: keyof typeof LOOKUP,
  filter: { siteIds: string[] | null; term: string; limit: number },
): Promise<LookupEntry[]> {
  const { id, label } = LOOKUP[kind];
  const { rows } = await db.query<{ id: string; label: string | null; comments: number }>(
    `SELECT ${id} AS id, (array_agg(${label} ORDER BY seq DESC) FILTER (WHERE ${label} IS NOT NULL))[1] AS label, count(*)::int AS comments
       FROM comments
      WHERE ($1::uuid[] IS NULL OR site_id = ANY($1)) AND ${id} IS NOT NULL
        AND ${SEARCH_DOCUMENT} ILIKE $2 AND (${id} ILIKE $2 OR ${label} ILIKE $2)
      GROUP BY 1 ORDER BY comments DESC, id LIMIT $3`,
    [filter.siteIds, containsPattern(filter.term), filter.limit],
  );
  return rows;
}

/** A stored comment to re-score, and the latest approve or reject a person (moderator or site) gave it. */
export interface ReplayRow {
  id: string;
  seq: string;
  label: 'approved' | 'rejected' | null;
}

/**
 * One page of a site's comments received in [from, to) that the worker decided and that still have
 * their text, oldest first after the cursor's seq: what a policy preview re-scores.
 */
export async function listForReplay(
  db: Db,
  siteId: string,
  page: { from: string; to: string; afterSeq: string | null; limit: number },
): Promise<ReplayRow[]> {
  const { rows } = await db.query<ReplayRow>(
    `SELECT c.id, c.seq::text AS seq, h.to_status AS label FROM comments c
     LEFT JOIN LATERAL (
       SELECT to_status FROM decisions d
       WHERE d.comment_id = c.id AND d.decided_by IN ('moderator', 'site') AND d.action IN ('approve', 'reject')
       ORDER BY d.version DESC LIMIT 1
     ) h ON TRUE
     WHERE c.site_id = $1 AND c.received_at >= $2 AND c.received_at < $3 AND c.anonymised_at IS NULL
       AND c.action IS NOT NULL AND c.status <> 'deleted' AND ($4::bigint IS NULL OR c.seq > $4)
     ORDER BY c.seq LIMIT $5`,
    [siteId, page.from, page.to, page.afterSeq, page.limit],
  );
  return rows;
}
