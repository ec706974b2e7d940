import type { Db } from './pool';

/** One recorded change of a site's policy. */
export interface PolicyChange {
  id: string;
  siteId: string;
  changedBy: 'operator' | 'moderator';
  moderatorId: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  createdAt: string;
}

interface PolicyChangeRow {
  id: string;
  site_id: string;
  changed_by: PolicyChange['changedBy'];
  moderator_id: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  created_at: Date;
}

const toPolicyChange = (row: PolicyChangeRow): PolicyChange => ({
  id: row.id,
  siteId: row.site_id,
  changedBy: row.changed_by,
  moderatorId: row.moderator_id,
  before: row.before,
  after: row.after,
  createdAt: row.created_at.toISOString(),
});

export async function insertPolicyChange(
  db: Db,
  change: Omit<PolicyChange, 'id' | 'createdAt'>,
): Promise<void> {
  await db.query(
    'INSERT INTO policy_changes (site_id, changed_by, moderator_id, before, after) VALUES ($1, $2, $3, $4, $5)',
    [change.siteId, change.changedBy, change.moderatorId, change.before, change.after],
  );
}

/** A site's policy changes, newest first, before the cursor's id. */
export async function listPolicyChanges(
  db: Db,
  siteId: string,
  options: { limit: number; before: string | null },
): Promise<PolicyChange[]> {
  const { rows } = await db.query<PolicyChangeRow>(
    `SELECT id::text AS id, site_id, changed_by, moderator_id, before, after, created_at FROM policy_changes
     WHERE site_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY policy_changes.id DESC LIMIT $3`,
    [siteId, options.before, options.limit],
  );
  return rows.map(toPolicyChange);
}

/** Policy changes across sites for the audit view, newest first, before the cursor's id. */
export async function listPolicyChangesForAudit(
  db: Db,
  filter: {
    siteIds: string[] | null;
    moderatorId: string | null;
    since: string | null;
    until: string | null;
    limit: number;
    before: string | null;
  },
): Promise<PolicyChange[]> {
  const { rows } = await db.query<PolicyChangeRow>(
    `SELECT id::text AS id, site_id, changed_by, moderator_id, before, after, created_at FROM policy_changes
     WHERE ($1::uuid[] IS NULL OR site_id = ANY($1))
       AND ($2::uuid IS NULL OR moderator_id = $2)
       AND ($3::timestamptz IS NULL OR created_at >= $3)
       AND ($4::timestamptz IS NULL OR created_at < $4)
       AND ($5::bigint IS NULL OR id < $5)
     ORDER BY policy_changes.id DESC LIMIT $6`,
    [filter.siteIds, filter.moderatorId, filter.since, filter.until, filter.before, filter.limit],
  );
  return rows.map(toPolicyChange);
}
