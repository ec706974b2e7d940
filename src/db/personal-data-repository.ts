import type { Db } from './pool';
import type { CommentStatus } from './comments-repository';

/*
 * Where a commenter's personal data lives in PostgreSQL, table by table, and how each piece is
 * removed: one module, so that erasure and retention share one list and a new table that holds
 * comment text has one obvious place to be added. The learned classifier's counts are kept (they
 * cannot be traced back to a comment); its per-comment examples, which hold the comment's tokens,
 * are not.
 */

/** How many rows each removal touched. */
export interface Removed {
  comments: number;
  revisions: number;
  appeals: number;
  decisionNotes: number;
  deliveries: number;
  classifierExamples: number;
}

/**
 * Removes the personal data of these comments: their text, author, thread and extra data, the
 * messages and spans of their signals (which quote the text), earlier revisions, appeal texts,
 * the free text of their decisions, their callbacks (whose bodies quote signals) and their
 * classifier examples. Rows that count stay: the comment with its status, verdict action, score
 * and signal codes, and its decisions, so stats stay right.
 */
export async function anonymiseComments(db: Db, ids: readonly string[]): Promise<Removed> {
  if (ids.length === 0) {
    return { comments: 0, revisions: 0, appeals: 0, decisionNotes: 0, deliveries: 0, classifierExamples: 0 };
  }
  const comments = await db.query(
    `UPDATE comments SET content = '', author = '{}', author_key = NULL, thread = '{}', meta = '{}',
       honeypot = NULL, anonymised_at = now(),
       signals = CASE WHEN signals IS NULL THEN NULL ELSE (
         SELECT COALESCE(jsonb_agg(
           jsonb_build_object('check', s->'check', 'code', s->'code', 'score', s->'score', 'message', '')
             || CASE WHEN s ? 'force' THEN jsonb_build_object('force', s->'force') ELSE '{}'::jsonb END
           ORDER BY n), '[]'::jsonb)
         FROM jsonb_array_elements(signals) WITH ORDINALITY AS t(s, n)
       ) END
     WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const revisions = await db.query('DELETE FROM comment_revisions WHERE comment_id = ANY($1::uuid[])', [ids]);
  const appeals = await db.query(
    "UPDATE appeals SET text = '' WHERE comment_id = ANY($1::uuid[]) AND text <> ''",
    [ids],
  );
  const notes = await db.query(
    `UPDATE decisions SET note = NULL, reason = NULL
     WHERE comment_id = ANY($1::uuid[]) AND (note IS NOT NULL OR reason IS NOT NULL)`,
    [ids],
  );
  const deliveries = await db.query('DELETE FROM deliveries WHERE comment_id = ANY($1::uuid[])', [ids]);
  const examples = await db.query('DELETE FROM classifier_examples WHERE key = ANY($1::text[])', [ids]);
  return {
    comments: comments.rowCount ?? 0,
    revisions: revisions.rowCount ?? 0,
    appeals: appeals.rowCount ?? 0,
    decisionNotes: notes.rowCount ?? 0,
    deliveries: deliveries.rowCount ?? 0,
    classifierExamples: examples.rowCount ?? 0,
  };
}

/** One of a person's comments, with what erasure needs to find them elsewhere. */
export interface PersonComment {
  id: string;
  status: CommentStatus;
  version: number;
  authorKey: string | null;
  ip: string | null;
  email: string | null;
}

/**
 * A person's comments on a site, by any of their author keys or e-mail addresses (any case),
 * oldest first; `lock` locks them until the caller's transaction ends.
 */
export async function findPersonComments(
  db: Db,
  siteId: string,
  who: { authorKeys: readonly string[]; emails: readonly string[] },
  options: { lock: boolean },
): Promise<PersonComment[]> {
  const { rows } = await db.query<{
    id: string;
    status: CommentStatus;
    version: number;
    author_key: string | null;
    ip: string | null;
    email: string | null;
  }>(
    `SELECT id, status, version, author_key, author->>'ip' AS ip, author->>'email' AS email FROM comments
     WHERE site_id = $1 AND (author_key = ANY($2::text[]) OR lower(author->>'email') = ANY($3::text[]))
     ORDER BY seq ${options.lock ? 'FOR UPDATE' : ''}`,
    [siteId, who.authorKeys, who.emails.map((email) => email.toLowerCase())],
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    version: row.version,
    authorKey: row.author_key,
    ip: row.ip,
    email: row.email,
  }));
}

/**
 * Removes what moderators recorded about an author on a site: their standing, the actions taken
 * and the notes written about them.
 */
export async function deleteAuthorRecords(
  db: Db,
  siteId: string,
  authorKeys: readonly string[],
): Promise<{ standings: number; actions: number; notes: number }> {
  const remove = async (table: string) =>
    (
      await db.query(`DELETE FROM ${table} WHERE site_id = $1 AND author_key = ANY($2::text[])`, [
        siteId,
        authorKeys,
      ])
    ).rowCount ?? 0;
  return {
    standings: await remove('author_standings'),
    actions: await remove('author_actions'),
    notes: await remove('author_notes'),
  };
}

/** Ids of a site's comments received before the cutoff that still hold personal data and need no person any more. */
export async function findExpiredComments(
  db: Db,
  siteId: string,
  before: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM comments
     WHERE site_id = $1 AND received_at < $2 AND anonymised_at IS NULL
       AND status IN ('approved', 'rejected', 'deleted')
     ORDER BY received_at LIMIT $3`,
    [siteId, before, limit],
  );
  return rows.map((row) => row.id);
}

/** Deletes up to `limit` of a site's finished callbacks created before the cutoff; returns how many. */
export async function deleteExpiredDeliveries(
  db: Db,
  siteId: string,
  before: string,
  limit: number,
): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM deliveries WHERE id IN (
       SELECT id FROM deliveries WHERE site_id = $1 AND created_at < $2 AND status <> 'pending' LIMIT $3
     )`,
    [siteId, before, limit],
  );
  return rowCount ?? 0;
}
