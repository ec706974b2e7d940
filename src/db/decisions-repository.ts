import type { Db } from './pool';
import type { Action } from '../moderation/types';
import type { CommentStatus } from './comments-repository';

/** One entry of the audit log: a change of a comment's status and who made it. */
export interface Decision {
  id: string;
  commentId: string;
  siteId: string;
  version: number;
  fromStatus: CommentStatus;
  toStatus: CommentStatus;
  action: Action;
  decidedBy: 'auto' | 'moderator' | 'site';
  moderatorId: string | null;
  score: number | null;
  reason: string | null;
  note: string | null;
  createdAt: string;
}

interface DecisionRow {
  id: string;
  comment_id: string;
  site_id: string;
  version: number;
  from_status: CommentStatus;
  to_status: CommentStatus;
  action: Action;
  decided_by: Decision['decidedBy'];
  moderator_id: string | null;
  score: number | null;
  reason: string | null;
  note: string | null;
  created_at: Date;
}

const columns = `id::text AS id, comment_id, site_id, version, from_status, to_status, action, decided_by,
  moderator_id, score, reason, note, created_at`;

const toDecision = (row: DecisionRow): Decision => ({
  id: row.id,
  commentId: row.comment_id,
  siteId: row.site_id,
  version: row.version,
  fromStatus: row.from_status,
  toStatus: row.to_status,
  action: row.action,
  decidedBy: row.decided_by,
  moderatorId: row.moderator_id,
  score: row.score,
  reason: row.reason,
  note: row.note,
  createdAt: row.created_at.toISOString(),
});

export async function insertDecision(
  db: Db,
  decision: Omit<Decision, 'id' | 'createdAt'>,
): Promise<Decision> {
  const { rows } = await db.query<DecisionRow>(
    `INSERT INTO decisions (comment_id, site_id, version, from_status, to_status, action, decided_by, moderator_id, score, reason, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${columns}`,
    [
      decision.commentId,
      decision.siteId,
      decision.version,
      decision.fromStatus,
      decision.toStatus,
      decision.action,
      decision.decidedBy,
      decision.moderatorId,
      decision.score,
      decision.reason,
      decision.note,
    ],
  );
  return toDecision(rows[0]!);
}

/** A comment's decisions, oldest first. */
export async function listDecisionsForComment(db: Db, commentId: string): Promise<Decision[]> {
  const { rows } = await db.query<DecisionRow>(
    `SELECT ${columns} FROM decisions WHERE comment_id = $1 ORDER BY version`,
    [commentId],
  );
  return rows.map(toDecision);
}

export interface AuditFilter {
  siteIds: string[] | null;
  moderatorId: string | null;
  decidedBy: Decision['decidedBy'] | null;
  since: string | null;
  until: string | null;
  limit: number;
  /** The id of the last decision of the previous page. */
  before: string | null;
}

/** The audit log, newest first. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<Decision[]> {
  const { rows } = await db.query<DecisionRow>(
    `SELECT ${columns} FROM decisions
     WHERE ($1::uuid[] IS NULL OR site_id = ANY($1))
       AND ($2::uuid IS NULL OR moderator_id = $2)
       AND ($3::text IS NULL OR decided_by = $3)
       AND ($4::timestamptz IS NULL OR created_at >= $4)
       AND ($5::timestamptz IS NULL OR created_at < $5)
       AND ($6::bigint IS NULL OR id < $6)
     ORDER BY decisions.id DESC LIMIT $7`, // qualified: the output column "id" is text
    [
      filter.siteIds,
      filter.moderatorId,
      filter.decidedBy,
      filter.since,
      filter.until,
      filter.before,
      filter.limit,
    ],
  );
  return rows.map(toDecision);
}
