import type { Db } from './pool';
import type { AuthorAccount, AuthorStanding } from '../moderation/check-context';
import { commentColumns, toComment, type Comment } from './comments-repository';
import { toAuthorAccount } from './author-standings-repository';

/*
 * What checking a stored comment reads besides the comment: its site's policy and its author's
 * standing and account, in one query for the worker's group of jobs (and the policy preview's page).
 */

/** A comment with what the worker reads alongside it. */
export interface CommentForModeration {
  comment: Comment;
  /**
   * The site's policy as stored, as its JSON text (null without a site row): the worker reads each
   * distinct text once (readStoredPolicyText), not every comment's copy.
   */
  policyText: string | null;
  author: AuthorStanding | null;
  account: AuthorAccount | null;
}

/**
 * Comments with their site's stored policy, their author's standing on the site (other comments
 * only) and account (author actions), in one query: the worker's whole PostgreSQL read before the
 * checks. Absent ids are absent.
 */
export async function findCommentsForModeration(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, CommentForModeration>> {
  const { rows } = await db.query(
    `SELECT c.*,
       (SELECT policy::text FROM sites WHERE sites.id = c.site_id) AS site_policy,
       h.approved, h.rejected, h.recent_rejected, h.comments,
       s.standing, s.until AS standing_until, s.reason AS standing_reason
     FROM (SELECT ${commentColumns} FROM comments WHERE id = ANY($1::uuid[])) c
     LEFT JOIN author_standings s ON s.site_id = c.site_id AND s.author_key = c.author_key
     LEFT JOIN LATERAL (
       SELECT count(*) FILTER (WHERE o.status <> 'deleted') AS comments,
              count(*) FILTER (WHERE o.status = 'approved') AS approved,
              count(*) FILTER (WHERE o.status = 'rejected') AS rejected,
              count(*) FILTER (WHERE o.status = 'rejected' AND o.received_at > now() - interval '30 days') AS recent_rejected
       FROM comments o
       WHERE o.site_id = c.site_id AND o.author_key = c.author_key AND o.id <> c.id
     ) h ON c.author_key IS NOT NULL`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.id as string,
      {
        comment: toComment(row),
        policyText: row.site_policy,
        author:
          row.author_key === null
            ? null
            : {
                approved: Number(row.approved),
                rejected: Number(row.rejected),
                recentRejected: Number(row.recent_rejected),
              },
        account: row.author_key === null ? null : toAuthorAccount(row),
      },
    ]),
  );
}

/**
 * An author's standing on a site (their other comments), for a comment that is checked without
 * being stored (Akismet's comment-check); the worker gets it with findCommentsForModeration.
 */
export async function findAuthorStanding(db: Db, siteId: string, authorKey: string): Promise<AuthorStanding> {
  const { rows } = await db.query<{ approved: number; rejected: number; recent_rejected: number }>(
    `SELECT count(*) FILTER (WHERE status = 'approved')::int AS approved,
            count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
            count(*) FILTER (WHERE status = 'rejected' AND received_at > now() - interval '30 days')::int AS recent_rejected
       FROM comments WHERE site_id = $1 AND author_key = $2`,
    [siteId, authorKey],
  );
  const row = rows[0]!;
  return { approved: row.approved, rejected: row.rejected, recentRejected: row.recent_rejected };
}
