import type { Db } from './pool';
import type { Action, Signal } from '../moderation/types';
import type { AuthorStanding } from '../moderation/context';

export type CommentStatus = 'queued' | 'approved' | 'pending_review' | 'rejected';

export interface Author {
  id?: string;
  name?: string;
  email?: string;
  url?: string;
  ip?: string;
  userAgent?: string;
}

export interface Thread {
  id?: string;
  url?: string;
  title?: string;
}

/** A comment with its current verdict, as stored. */
export interface Comment {
  id: string;
  siteId: string;
  externalId: string;
  content: string;
  author: Author;
  authorKey: string | null;
  thread: Thread;
  parentId: string | null;
  lang: string | null;
  honeypot: string | null;
  meta: Record<string, unknown>;
  createdAt: string | null;
  receivedAt: string;
  status: CommentStatus;
  version: number;
  verdict: { action: Action; score: number; signals: Signal[] } | null;
  decidedAt: string | null;
}

/** What intake stores for a new comment. */
export type NewComment = Pick<
  Comment,
  | 'siteId'
  | 'externalId'
  | 'content'
  | 'author'
  | 'authorKey'
  | 'thread'
  | 'parentId'
  | 'lang'
  | 'honeypot'
  | 'meta'
  | 'createdAt'
>;

interface CommentRow {
  id: string;
  site_id: string;
  external_id: string;
  content: string;
  author: Author;
  author_key: string | null;
  thread: Thread;
  parent_id: string | null;
  lang: string | null;
  honeypot: string | null;
  meta: Record<string, unknown>;
  created_at: Date | null;
  received_at: Date;
  status: CommentStatus;
  version: number;
  action: Action | null;
  score: number | null;
  signals: Signal[] | null;
  decided_at: Date | null;
}

export const commentColumns = `id, site_id, external_id, content, author, author_key, thread, parent_id, lang,
  honeypot, meta, created_at, received_at, status, version, action, score, signals, decided_at`;

export function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    siteId: row.site_id,
    externalId: row.external_id,
    content: row.content,
    author: row.author,
    authorKey: row.author_key,
    thread: row.thread,
    parentId: row.parent_id,
    lang: row.lang,
    honeypot: row.honeypot,
    meta: row.meta,
    createdAt: row.created_at?.toISOString() ?? null,
    receivedAt: row.received_at.toISOString(),
    status: row.status,
    version: row.version,
    verdict: row.action ? { action: row.action, score: row.score ?? 0, signals: row.signals ?? [] } : null,
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

/**
 * Inserts a comment unless the site already sent one with that id.
 * Returns the stored comment and whether this call created it.
 */
export async function insertComment(
  db: Db,
  comment: NewComment,
): Promise<{ comment: Comment; created: boolean }> {
  const values = [
    comment.siteId,
    comment.externalId,
    comment.content,
    comment.author,
    comment.authorKey,
    comment.thread,
    comment.parentId,
    comment.lang,
    comment.honeypot,
    comment.meta,
    comment.createdAt,
  ];
  const inserted = await db.query<CommentRow>(
    `INSERT INTO comments (site_id, external_id, content, author, author_key, thread, parent_id, lang, honeypot, meta, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (site_id, external_id) DO NOTHING
     RETURNING ${commentColumns}`,
    values,
  );
  if (inserted.rows[0]) return { comment: toComment(inserted.rows[0]), created: true };
  const existing = await findCommentByExternalId(db, comment.siteId, comment.externalId);
  // The row can only vanish between the two statements if it was deleted; report it as a fresh conflict.
  if (!existing) throw new Error('comment disappeared during idempotent insert');
  return { comment: existing, created: false };
}

export async function findCommentByExternalId(
  db: Db,
  siteId: string,
  externalId: string,
): Promise<Comment | null> {
  const { rows } = await db.query<CommentRow>(
    `SELECT ${commentColumns} FROM comments WHERE site_id = $1 AND external_id = $2`,
    [siteId, externalId],
  );
  return rows[0] ? toComment(rows[0]) : null;
}

/** A comment by our id, if it belongs to one of the sites (null: any site). */
export async function findCommentById(db: Db, id: string, siteIds: string[] | null): Promise<Comment | null> {
  const { rows } = await db.query<CommentRow>(
    `SELECT ${commentColumns} FROM comments WHERE id = $1 AND ($2::uuid[] IS NULL OR site_id = ANY($2))`,
    [id, siteIds],
  );
  return rows[0] ? toComment(rows[0]) : null;
}

/** Locks a comment for a decision within the caller's transaction. */
export async function lockComment(db: Db, id: string, siteIds: string[] | null): Promise<Comment | null> {
  const { rows } = await db.query<CommentRow>(
    `SELECT ${commentColumns} FROM comments
     WHERE id = $1 AND ($2::uuid[] IS NULL OR site_id = ANY($2)) FOR UPDATE`,
    [id, siteIds],
  );
  return rows[0] ? toComment(rows[0]) : null;
}

/** Locks a site's comment, by the site's own id, within the caller's transaction. */
export async function lockCommentByExternalId(db: Db, siteId: string, externalId: string): Promise<Comment | null> {
  const { rows } = await db.query<CommentRow>(
    `SELECT ${commentColumns} FROM comments WHERE site_id = $1 AND external_id = $2 FOR UPDATE`,
    [siteId, externalId],
  );
  return rows[0] ? toComment(rows[0]) : null;
}

/** Sets a new status on a locked comment and bumps its version; returns the new version. */
export async function setStatus(db: Db, id: string, status: CommentStatus): Promise<Comment> {
  const { rows } = await db.query<CommentRow>(
    `UPDATE comments SET status = $2, version = version + 1, decided_at = now()
     WHERE id = $1 RETURNING ${commentColumns}`,
    [id, status],
  );
  return toComment(rows[0]!);
}

/**
 * Stores the worker's verdict and its decision row in one statement, only if the comment is still
 * queued: a job that runs twice (BullMQ is at-least-once) finds nothing to update the second time.
 * Returns the new version, or null when the comment was already decided.
 */
export async function storeAutoVerdict(
  db: Db,
  id: string,
  verdict: { status: CommentStatus; action: Action; score: number; signals: Signal[] },
): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    `WITH updated AS (
       UPDATE comments
       SET status = $2, action = $3, score = $4, signals = $5, version = version + 1, decided_at = now()
       WHERE id = $1 AND status = 'queued'
       RETURNING id, site_id, version, status
     )
     INSERT INTO decisions (comment_id, site_id, version, from_status, to_status, action, decided_by, score)
     SELECT id, site_id, version, 'queued', status, $3, 'auto', $4 FROM updated
     RETURNING version`,
    [id, verdict.status, verdict.action, verdict.score, JSON.stringify(verdict.signals)],
  );
  return rows[0]?.version ?? null;
}

/** Ids of comments still queued after `olderThanMs`: their job was lost or has not run. */
export async function findStaleQueued(db: Db, olderThanMs: number, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM comments
     WHERE status = 'queued' AND received_at < now() - make_interval(secs => $1::double precision / 1000)
     ORDER BY received_at LIMIT $2`,
    [olderThanMs, limit],
  );
  return rows.map((row) => row.id);
}

/**
 * A comment, its site's stored policy and its author's standing on the site (other comments
 * only), in one round trip: the worker's whole PostgreSQL read before the checks.
 */
export async function findCommentForModeration(
  db: Db,
  id: string,
): Promise<{ comment: Comment; policy: unknown; author: AuthorStanding | null } | null> {
  const { rows } = await db.query(
    `SELECT c.*,
       (SELECT policy FROM sites WHERE sites.id = c.site_id) AS site_policy,
       h.approved, h.rejected, h.recent_rejected
     FROM (SELECT ${commentColumns} FROM comments WHERE id = $1) c
     LEFT JOIN LATERAL (
       SELECT count(*) FILTER (WHERE o.status = 'approved') AS approved,
              count(*) FILTER (WHERE o.status = 'rejected') AS rejected,
              count(*) FILTER (WHERE o.status = 'rejected' AND o.received_at > now() - interval '30 days') AS recent_rejected
       FROM comments o
       WHERE o.site_id = c.site_id AND o.author_key = c.author_key AND o.id <> c.id
     ) h ON c.author_key IS NOT NULL`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const author =
    row.author_key === null
      ? null
      : {
          approved: Number(row.approved),
          rejected: Number(row.rejected),
          recentRejected: Number(row.recent_rejected),
        };
  return { comment: toComment(row), policy: row.site_policy, author };
}
