import type { Db } from './pool';

export type AppealStatus = 'pending' | 'upheld' | 'overturned' | 'withdrawn';

/** A commenter's appeal against the rejection of one comment version. */
export interface Appeal {
  id: string;
  commentId: string;
  siteId: string;
  /** The comment version it contests, and the revision of the text. */
  version: number;
  revision: number;
  text: string;
  status: AppealStatus;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: 'moderator' | 'site' | null;
  moderatorId: string | null;
}

interface AppealRow {
  id: string;
  comment_id: string;
  site_id: string;
  version: number;
  revision: number;
  text: string;
  status: AppealStatus;
  created_at: Date;
  decided_at: Date | null;
  decided_by: Appeal['decidedBy'];
  moderator_id: string | null;
}

const columns =
  'id, comment_id, site_id, version, revision, text, status, created_at, decided_at, decided_by, moderator_id';

const toAppeal = (row: AppealRow): Appeal => ({
  id: row.id,
  commentId: row.comment_id,
  siteId: row.site_id,
  version: row.version,
  revision: row.revision,
  text: row.text,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  decidedAt: row.decided_at?.toISOString() ?? null,
  decidedBy: row.decided_by,
  moderatorId: row.moderator_id,
});

/** Records an appeal against a comment version; null when that revision of the text was appealed before. */
export async function insertAppeal(
  db: Db,
  appeal: { commentId: string; siteId: string; version: number; revision: number; text: string },
): Promise<Appeal | null> {
  const { rows } = await db.query<AppealRow>(
    `INSERT INTO appeals (comment_id, site_id, version, revision, text) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (comment_id, revision) DO NOTHING RETURNING ${columns}`,
    [appeal.commentId, appeal.siteId, appeal.version, appeal.revision, appeal.text],
  );
  return rows[0] ? toAppeal(rows[0]) : null;
}

/** Ends the comment's pending appeal, if it has one, as decided; returns it. */
export async function closePendingAppeal(
  db: Db,
  commentId: string,
  close: {
    status: Exclude<AppealStatus, 'pending'>;
    decidedBy: Appeal['decidedBy'];
    moderatorId: string | null;
  },
): Promise<Appeal | null> {
  const { rows } = await db.query<AppealRow>(
    `UPDATE appeals SET status = $2, decided_by = $3, moderator_id = $4, decided_at = now()
     WHERE comment_id = $1 AND status = 'pending' RETURNING ${columns}`,
    [commentId, close.status, close.decidedBy, close.moderatorId],
  );
  return rows[0] ? toAppeal(rows[0]) : null;
}

/** A comment's appeals, oldest first. */
export async function listAppealsForComment(db: Db, commentId: string): Promise<Appeal[]> {
  const { rows } = await db.query<AppealRow>(
    `SELECT ${columns} FROM appeals WHERE comment_id = $1 ORDER BY created_at, id`,
    [commentId],
  );
  return rows.map(toAppeal);
}

/** A comment's latest appeal, if it has one. */
export async function findLatestAppeal(db: Db, commentId: string): Promise<Appeal | null> {
  const { rows } = await db.query<AppealRow>(
    `SELECT ${columns} FROM appeals WHERE comment_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [commentId],
  );
  return rows[0] ? toAppeal(rows[0]) : null;
}
