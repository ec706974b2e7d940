import type { Db } from './pool';
import type { Action, Signal } from '../moderation/types';
import type { PublicReason } from '../moderation/reasons';

/** `appealed`: the commenter contests a rejection; `deleted`: the site removed it, or its author was erased. */
export type CommentStatus = 'queued' | 'approved' | 'pending_review' | 'rejected' | 'appealed' | 'deleted';

/** Every status, in the order lists show them. */
export const COMMENT_STATUSES = [
  'queued',
  'pending_review',
  'approved',
  'rejected',
  'appealed',
  'deleted',
] as const satisfies readonly CommentStatus[];

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
  /** 1, then one more for every edit the site sent (PUT). */
  revision: number;
  /** When the latest edit queued it again; null if never edited. */
  queuedAt: string | null;
  /** The public reason of the current review or reject (of the would-be one when observed). */
  reason: PublicReason | null;
  /** Trial mode: the worker's verdict was only observed; the comment was approved. */
  observed: boolean;
  /** When retention or erasure removed its personal data; null while it has it. */
  anonymisedAt: string | null;
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
  revision: number;
  queued_at: Date | null;
  reason: PublicReason | null;
  observed: boolean;
  anonymised_at: Date | null;
}

export const commentColumns = `id, site_id, external_id, content, author, author_key, thread, parent_id, lang,
  honeypot, meta, created_at, received_at, status, version, action, score, signals, decided_at, revision,
  queued_at, reason, observed, anonymised_at`;

/** A row's stored verdict: none until a worker or a person decided. */
const verdictOf = (row: Pick<CommentRow, 'action' | 'score' | 'signals'>): Comment['verdict'] =>
  row.action ? { action: row.action, score: row.score ?? 0, signals: row.signals ?? [] } : null;

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
    verdict: verdictOf(row),
    decidedAt: row.decided_at?.toISOString() ?? null,
    revision: row.revision,
    queuedAt: row.queued_at?.toISOString() ?? null,
    reason: row.reason,
    observed: row.observed,
    anonymisedAt: row.anonymised_at?.toISOString() ?? null,
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
  return (await storeComments(db, [comment]))[0]!;
}

/** A comment's identity within intake: its site and the site's own id for it. */
const keyOf = (c: { siteId: string; externalId: string }) => `${c.siteId}\u0000${c.externalId}`;

/**
 * Stores comments (of any sites) in one INSERT, skipping ids a site already sent, then reads those
 * back in one SELECT. Returns, in input order, each stored comment and whether this call created
 * it; of two inputs with the same site and id, only the first can be the creator.
 */
export async function storeComments(
  db: Db,
  comments: readonly NewComment[],
): Promise<Array<{ comment: Comment; created: boolean }>> {
  const inserted = new Map((await insertComments(db, comments)).map((c) => [keyOf(c), c]));
  const missing = comments.filter((c) => !inserted.has(keyOf(c)));
  const existing = new Map((await findCommentsByKeys(db, missing)).map((c) => [keyOf(c), c]));
  const claimed = new Set<string>();
  return comments.map((c) => {
    const k = keyOf(c);
    const created = inserted.get(k);
    if (created && !claimed.has(k)) {
      claimed.add(k);
      return { comment: created, created: true };
    }
    const stored = created ?? existing.get(k);
    // Only a delete between the two statements could lose the row; comments are never deleted.
    if (!stored) throw new Error('comment disappeared during idempotent insert');
    return { comment: stored, created: false };
  });
}

/** Comments by (site, the site's own id); pairs that were never sent are absent. */
async function findCommentsByKeys(
  db: Db,
  keys: ReadonlyArray<{ siteId: string; externalId: string }>,
): Promise<Comment[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<CommentRow>(
    `SELECT ${commentColumns} FROM comments
     WHERE (site_id, external_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
    [keys.map((k) => k.siteId), keys.map((k) => k.externalId)],
  );
  return rows.map(toComment);
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
export async function lockCommentByExternalId(
  db: Db,
  siteId: string,
  externalId: string,
): Promise<Comment | null> {
  const { rows } = await db.query<CommentRow>(
    `SELECT ${commentColumns} FROM comments WHERE site_id = $1 AND external_id = $2 FOR UPDATE`,
    [siteId, externalId],
  );
  return rows[0] ? toComment(rows[0]) : null;
}

/**
 * Sets a new status and public reason on a locked comment and bumps its version; returns the
 * updated comment. A person's decision ends trial mode's "only observed" for the comment.
 */
export async function setStatus(
  db: Db,
  id: string,
  status: CommentStatus,
  reason: PublicReason | null,
): Promise<Comment> {
  const { rows } = await db.query<CommentRow>(
    `UPDATE comments SET status = $2, reason = $3, observed = false, version = version + 1, decided_at = now()
     WHERE id = $1 RETURNING ${commentColumns}`,
    [id, status, reason],
  );
  return toComment(rows[0]!);
}

/** A comment the worker decided, as its verdict event reads it: not its text or author. */
export type DecidedComment = Pick<
  Comment,
  'id' | 'externalId' | 'siteId' | 'status' | 'version' | 'verdict' | 'decidedAt' | 'reason' | 'observed'
>;
type DecidedRow = Pick<
  CommentRow,
  | 'id'
  | 'site_id'
  | 'external_id'
  | 'status'
  | 'version'
  | 'action'
  | 'score'
  | 'signals'
  | 'decided_at'
  | 'reason'
  | 'observed'
>;

/** The worker's verdict on one comment, as stored. */
export interface AutoVerdict {
  status: CommentStatus;
  action: Action;
  score: number;
  signals: Signal[];
  reason: PublicReason | null;
  observed: boolean;
}

/**
 * Stores the worker's verdicts and their decision rows in one statement (the worker's group
 * commit), each only if its comment is still queued at the version the worker read: a job that
 * runs twice (BullMQ is at-least-once) finds nothing to update the second time, and a verdict on
 * text that an edit replaced meanwhile is dropped (the edit's own job decides the new text).
 * Returns the comments it changed (what their verdict events read), with their new version; the others are absent. Ids must be
 * distinct: with two rows for one comment, PostgreSQL would pick either to update.
 */
export async function storeAutoVerdicts(
  db: Db,
  verdicts: ReadonlyArray<AutoVerdict & { id: string; version: number }>,
): Promise<DecidedComment[]> {
  if (verdicts.length === 0) return [];
  const { rows } = await db.query<DecidedRow>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS i(id uuid, version integer, status text, action text, score double precision, signals jsonb,
              reason jsonb, observed boolean)
     ),
     updated AS (
       UPDATE comments c
       SET status = i.status, action = i.action, score = i.score, signals = i.signals, reason = i.reason,
           observed = i.observed, version = c.version + 1, decided_at = now()
       FROM input i
       WHERE c.id = i.id AND c.status = 'queued' AND c.version = i.version
       RETURNING c.id, c.site_id, c.external_id, c.status, c.version, c.action, c.score, c.signals,
                 c.decided_at, c.reason, c.observed
     ),
     decided AS (
       INSERT INTO decisions (comment_id, site_id, version, from_status, to_status, action, decided_by, score,
                              reason_code, observed)
       SELECT id, site_id, version, 'queued', status, action, 'auto', score, reason->>'code', observed FROM updated
     )
     SELECT * FROM updated`,
    [JSON.stringify(verdicts)],
  );
  return rows.map((row) => ({
    id: row.id,
    siteId: row.site_id,
    externalId: row.external_id,
    status: row.status,
    version: row.version,
    verdict: verdictOf(row),
    decidedAt: row.decided_at?.toISOString() ?? null,
    reason: row.reason,
    observed: row.observed,
  }));
}

/**
 * Comments (id and site) still queued after `olderThanMs`: their job was lost or has not run. A comment
 * that already failed more than `maxAttempts` times is left alone (null: no limit): the worker holds
 * it for review at the limit, so only one whose hold could not be stored gets there, and it must not
 * come back for ever.
 */
export async function findStaleQueued(
  db: Db,
  olderThanMs: number,
  limit: number,
  maxAttempts: number | null = null,
): Promise<Array<{ id: string; siteId: string }>> {
  const { rows } = await db.query<{ id: string; site_id: string }>(
    `SELECT id, site_id FROM comments
     WHERE status = 'queued'
       AND COALESCE(queued_at, received_at) < now() - make_interval(secs => $1::double precision / 1000)
       AND ($3::integer IS NULL OR processing_attempts <= $3)
     ORDER BY COALESCE(queued_at, received_at) LIMIT $2`,
    [olderThanMs, limit, maxAttempts],
  );
  return rows.map((row) => ({ id: row.id, siteId: row.site_id }));
}

/**
 * Inserts many comments in one statement, skipping ids their site already sent; returns only the
 * rows this call created, in no particular order. Rows are inserted in the given order, so their
 * arrival sequence follows it. A concurrent insert of the same id is waited for, then skipped.
 */
async function insertComments(db: Db, comments: readonly NewComment[]): Promise<Comment[]> {
  if (comments.length === 0) return [];
  // One JSON parameter instead of 11 per row: PostgreSQL allows at most 65535 parameters.
  const { rows } = await db.query<Omit<CommentRow, SentColumn>>(
    `INSERT INTO comments (site_id, external_id, content, author, author_key, thread, parent_id, lang, honeypot, meta, created_at)
     SELECT (e->>'siteId')::uuid, e->>'externalId', e->>'content', e->'author', e->>'authorKey', e->'thread',
            e->>'parentId', e->>'lang', e->>'honeypot', e->'meta', (e->>'createdAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
      ORDER BY n
     ON CONFLICT (site_id, external_id) DO NOTHING
     RETURNING ${insertedColumns}`,
    [JSON.stringify(comments)],
  );
  // Of two inputs with the same site and id, the first is the one inserted (ORDER BY n).
  const sent = new Map<string, NewComment>();
  for (const comment of comments) {
    const key = keyOf(comment);
    if (!sent.has(key)) sent.set(key, comment);
  }
  return rows.map((row) => {
    const comment = sent.get(keyOf({ siteId: row.site_id, externalId: row.external_id }))!;
    return toComment({
      ...row,
      content: comment.content,
      author: comment.author,
      author_key: comment.authorKey,
      thread: comment.thread,
      parent_id: comment.parentId,
      lang: comment.lang,
      honeypot: comment.honeypot,
      meta: comment.meta,
    });
  });
}

/** Columns of a new row that are exactly what intake sent: not read back from the INSERT. */
type SentColumn = 'content' | 'author' | 'author_key' | 'thread' | 'parent_id' | 'lang' | 'honeypot' | 'meta';

/**
 * What PostgreSQL decides for a new row (id, times, defaults), and the keys to match it with its
 * input. Reading back the text and JSON a site just sent cost both processes more than the insert's
 * answer needs: intake's hot path pays it for every comment.
 */
const insertedColumns = `id, site_id, external_id, created_at, received_at, status, version, action, score, signals,
  decided_at, revision, queued_at, reason, observed, anonymised_at`;

/**
 * The site's most recent comment with exactly this content, for Akismet's submit-spam/ham, which
 * name a comment only by its content. No index serves it: it reads the site's comments, which is
 * fine at the rate people report spam.
 */
export async function findLatestCommentByContent(
  db: Db,
  siteId: string,
  content: string,
): Promise<Comment | null> {
  const { rows } = await db.query<CommentRow>(
    `SELECT ${commentColumns} FROM comments WHERE site_id = $1 AND content = $2 ORDER BY seq DESC LIMIT 1`,
    [siteId, content],
  );
  return rows[0] ? toComment(rows[0]) : null;
}
