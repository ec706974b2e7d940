import type { Db } from './pool';
import type { Action } from '../moderation/types';
import type { CommentStatus } from './comments-repository';

/**
 * What a decision did: a verdict's action, or what the site did (`edit`: a new revision was queued,
 * `delete`: the site removed the comment, `appeal`: the commenter contested it), or `erase` (an
 * administrator erased the author's data).
 */
export type DecisionAction = Action | 'edit' | 'delete' | 'appeal' | 'erase';

/** One entry of the audit log: a change of a comment's status and who made it. */
export interface Decision {
  id: string;
  commentId: string;
  siteId: string;
  version: number;
  fromStatus: CommentStatus;
  toStatus: CommentStatus;
  action: DecisionAction;
  decidedBy: 'auto' | 'moderator' | 'site';
  moderatorId: string | null;
  score: number | null;
  /** The decider's own words (internal). */
  reason: string | null;
  /** The public reason code the commenter may be shown. */
  reasonCode: string | null;
  /** Trial mode: the worker's verdict was only observed. */
  observed: boolean;
  note: string | null;
  /** The decision this one undid, if it is an undo. */
  undoes: string | null;
  createdAt: string;
}

interface DecisionRow {
  id: string;
  comment_id: string;
  site_id: string;
  version: number;
  from_status: CommentStatus;
  to_status: CommentStatus;
  action: DecisionAction;
  decided_by: Decision['decidedBy'];
  moderator_id: string | null;
  score: number | null;
  reason: string | null;
  reason_code: string | null;
  observed: boolean;
  note: string | null;
  undoes: string | null;
  created_at: Date;
}

/** The decision columns, of the table or alias `d`. */
const columnsOf = (d: string) => `${d}.id::text AS id, ${d}.comment_id, ${d}.site_id, ${d}.version,
  ${d}.from_status, ${d}.to_status, ${d}.action, ${d}.decided_by, ${d}.moderator_id, ${d}.score,
  ${d}.reason, ${d}.reason_code, ${d}.observed, ${d}.note, ${d}.undoes::text AS undoes, ${d}.created_at`;
const columns = columnsOf('decisions');

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
  reasonCode: row.reason_code,
  observed: row.observed,
  note: row.note,
  undoes: row.undoes,
  createdAt: row.created_at.toISOString(),
});

export async function insertDecision(
  db: Db,
  decision: Omit<Decision, 'id' | 'createdAt' | 'undoes' | 'observed'> & { undoes?: string | null },
): Promise<Decision> {
  const { rows } = await db.query<DecisionRow>(
    `INSERT INTO decisions (comment_id, site_id, version, from_status, to_status, action, decided_by, moderator_id,
                            score, reason, note, undoes, reason_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${columns}`,
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
      decision.undoes ?? null,
      decision.reasonCode,
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

/** A decision as the audit log shows it: with the comment's own id on its site and the start of its text. */
export interface AuditEntry extends Decision {
  externalId: string;
  excerpt: string;
}

/** How long an excerpt of the comment the audit log shows: enough to recognise it. */
const EXCERPT_CHARS = 160;

const auditColumns = `${columnsOf('d')}, c.external_id, left(c.content, ${EXCERPT_CHARS}) AS excerpt`;

const toAuditEntry = (row: DecisionRow & { external_id: string; excerpt: string }): AuditEntry => ({
  ...toDecision(row),
  externalId: row.external_id,
  excerpt: row.excerpt,
});

export interface AuditFilter {
  siteIds: string[] | null;
  moderatorId: string | null;
  /** `human`: a moderator or the site, anything but the worker. */
  decidedBy: Decision['decidedBy'] | 'human' | null;
  action: Action | null;
  since: string | null;
  until: string | null;
  limit: number;
  /** The id of the last decision of the previous page. */
  before: string | null;
}

/** The audit log, newest first, each decision with its comment's id on the site and an excerpt. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  // One site as an equality, so the page is a range of decisions_site_idx (site_id, id DESC):
  // PostgreSQL 15 cannot read an index in order under `= ANY(...)` and walks the primary key instead.
  const sites =
    filter.siteIds?.length === 1
      ? 'd.site_id = ($1::uuid[])[1]'
      : '($1::uuid[] IS NULL OR d.site_id = ANY($1))';
  const { rows } = await db.query(
    `SELECT ${auditColumns} FROM decisions d JOIN comments c ON c.id = d.comment_id
     WHERE ${sites}
       AND ($2::uuid IS NULL OR d.moderator_id = $2)
       AND ($3::text IS NULL OR d.decided_by = $3 OR ($3 = 'human' AND d.decided_by <> 'auto'))
       AND ($4::timestamptz IS NULL OR d.created_at >= $4)
       AND ($5::timestamptz IS NULL OR d.created_at < $5)
       AND ($6::bigint IS NULL OR d.id < $6)
       AND ($8::text IS NULL OR d.action = $8)
     ORDER BY d.id DESC LIMIT $7`,
    [
      filter.siteIds,
      filter.moderatorId,
      filter.decidedBy,
      filter.since,
      filter.until,
      filter.before,
      filter.limit,
      filter.action,
    ],
  );
  return rows.map(toAuditEntry);
}

/** A moderator's own decisions, newest first, with where each comment stands now. */
export async function listDecisionsOfModerator(
  db: Db,
  filter: { moderatorId: string; siteIds: string[] | null; limit: number; before: string | null },
): Promise<Array<AuditEntry & { current: { status: CommentStatus; version: number } }>> {
  const { rows } = await db.query(
    `SELECT ${auditColumns}, c.status AS current_status, c.version AS current_version
       FROM decisions d JOIN comments c ON c.id = d.comment_id
      WHERE d.moderator_id = $1 AND ($2::uuid[] IS NULL OR d.site_id = ANY($2))
        AND ($4::bigint IS NULL OR d.id < $4)
      ORDER BY d.id DESC LIMIT $3`,
    [filter.moderatorId, filter.siteIds, filter.limit, filter.before],
  );
  return rows.map((row) => ({
    ...toAuditEntry(row),
    current: { status: row.current_status, version: row.current_version },
  }));
}

/** One decision, if it is of one of the sites (null: any site). */
export async function findDecision(db: Db, id: string, siteIds: string[] | null): Promise<Decision | null> {
  const { rows } = await db.query<DecisionRow>(
    `SELECT ${columns} FROM decisions WHERE id = $1 AND ($2::uuid[] IS NULL OR site_id = ANY($2))`,
    [id, siteIds],
  );
  return rows[0] ? toDecision(rows[0]) : null;
}

/** Whether a later decision already undid this one. */
export async function isUndone(db: Db, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM decisions WHERE undoes = $1', [id]);
  return rows.length > 0;
}
