import type { Db } from './pool';
import { commentColumns, toComment, type Author, type Comment, type NewComment } from './comments-repository';
import type { Action, Signal } from '../moderation/types';

/** An earlier revision of an edited comment, with the verdict the worker gave it. */
export interface CommentRevision {
  revision: number;
  content: string;
  author: Author;
  /** When this revision arrived. */
  receivedAt: string;
  verdict: { action: Action; score: number; signals: Signal[] } | null;
}

/**
 * Replaces a locked comment's text (and what else the site sent) with a new revision: the current
 * one is kept in comment_revisions with its verdict, and the comment is queued again with its
 * verdict cleared, a new revision number and version. Returns the comment as it is now.
 */
export async function reviseComment(db: Db, id: string, next: NewComment): Promise<Comment> {
  await db.query(
    `INSERT INTO comment_revisions (comment_id, revision, content, author, received_at, action, score, signals)
     SELECT id, revision, content, author, COALESCE(queued_at, received_at), action, score, signals
       FROM comments WHERE id = $1`,
    [id],
  );
  const { rows } = await db.query(
    `UPDATE comments SET content = $2, author = $3, author_key = $4, thread = $5, parent_id = $6, lang = $7,
       honeypot = $8, meta = $9, created_at = $10, status = 'queued', revision = revision + 1,
       version = version + 1, queued_at = now(), decided_at = now(), action = NULL, score = NULL,
       signals = NULL, reason = NULL, observed = false,
       processing_attempts = 0, processing_error = NULL
     WHERE id = $1 RETURNING ${commentColumns}`,
    [
      id,
      next.content,
      next.author,
      next.authorKey,
      next.thread,
      next.parentId,
      next.lang,
      next.honeypot,
      next.meta,
      next.createdAt,
    ],
  );
  return toComment(rows[0]);
}

/** A comment's earlier revisions, oldest first (the current one is the comment itself). */
export async function listRevisions(db: Db, commentId: string): Promise<CommentRevision[]> {
  const { rows } = await db.query<{
    revision: number;
    content: string;
    author: Author;
    received_at: Date;
    action: Action | null;
    score: number | null;
    signals: Signal[] | null;
  }>(
    `SELECT revision, content, author, received_at, action, score, signals FROM comment_revisions
     WHERE comment_id = $1 ORDER BY revision`,
    [commentId],
  );
  return rows.map((row) => ({
    revision: row.revision,
    content: row.content,
    author: row.author,
    receivedAt: row.received_at.toISOString(),
    verdict: row.action ? { action: row.action, score: row.score ?? 0, signals: row.signals ?? [] } : null,
  }));
}
