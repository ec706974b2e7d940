import type { Db } from './pool';

export type AuthorActionKind = 'trust' | 'premoderate' | 'suspend' | 'ban' | 'clear' | 'reject_pending';

/** One action a moderator took on an author, as the audit shows it: who, when, why. */
export interface AuthorAction {
  id: string;
  siteId: string;
  authorKey: string;
  action: AuthorActionKind;
  until: string | null;
  reason: string;
  moderatorId: string | null;
  /** reject_pending: how many comments it rejected. */
  affected: number | null;
  createdAt: string;
}

interface AuthorActionRow {
  id: string;
  site_id: string;
  author_key: string;
  action: AuthorActionKind;
  until: Date | null;
  reason: string;
  moderator_id: string | null;
  affected: number | null;
  created_at: Date;
}

const columns =
  'id::text AS id, site_id, author_key, action, until, reason, moderator_id, affected, created_at';

const toAction = (row: AuthorActionRow): AuthorAction => ({
  id: row.id,
  siteId: row.site_id,
  authorKey: row.author_key,
  action: row.action,
  until: row.until?.toISOString() ?? null,
  reason: row.reason,
  moderatorId: row.moderator_id,
  affected: row.affected,
  createdAt: row.created_at.toISOString(),
});

export async function insertAuthorAction(
  db: Db,
  action: Omit<AuthorAction, 'id' | 'createdAt'>,
): Promise<AuthorAction> {
  const { rows } = await db.query<AuthorActionRow>(
    `INSERT INTO author_actions (site_id, author_key, action, until, reason, moderator_id, affected)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${columns}`,
    [
      action.siteId,
      action.authorKey,
      action.action,
      action.until,
      action.reason,
      action.moderatorId,
      action.affected,
    ],
  );
  return toAction(rows[0]!);
}

export interface AuthorActionFilter {
  /** Sites the reader may see; null means every site. */
  siteIds: string[] | null;
  authorKey: string | null;
  moderatorId: string | null;
  since: string | null;
  until: string | null;
  limit: number;
  /** The id of the last action of the previous page. */
  before: string | null;
}

/** Author actions, newest first. */
export async function listAuthorActions(db: Db, filter: AuthorActionFilter): Promise<AuthorAction[]> {
  const { rows } = await db.query<AuthorActionRow>(
    `SELECT ${columns} FROM author_actions
     WHERE ($1::uuid[] IS NULL OR site_id = ANY($1))
       AND ($2::text IS NULL OR author_key = $2)
       AND ($3::uuid IS NULL OR moderator_id = $3)
       AND ($4::timestamptz IS NULL OR created_at >= $4)
       AND ($5::timestamptz IS NULL OR created_at < $5)
       AND ($6::bigint IS NULL OR id < $6)
     ORDER BY author_actions.id DESC LIMIT $7`,
    [
      filter.siteIds,
      filter.authorKey,
      filter.moderatorId,
      filter.since,
      filter.until,
      filter.before,
      filter.limit,
    ],
  );
  return rows.map(toAction);
}
