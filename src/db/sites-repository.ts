import type { Db } from './pool';
import { policySchema, type Policy } from '../moderation/policy';

/** A site as the service sees it; secrets are never part of it. */
export interface Site {
  id: string;
  name: string;
  callbackUrl: string | null;
  policy: Policy;
  createdAt: string;
  updatedAt: string;
}

interface SiteRow {
  id: string;
  name: string;
  callback_url: string | null;
  policy: unknown;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, name, callback_url, policy, created_at, updated_at';

/** Stored policies are re-parsed, so keys added since a site was saved get their defaults. */
function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    callbackUrl: row.callback_url,
    policy: policySchema.parse(row.policy ?? {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function insertSite(
  db: Db,
  site: {
    name: string;
    callbackUrl: string | null;
    policy: Policy;
    apiKeyHash: Buffer;
    webhookSecret: string;
  },
): Promise<Site> {
  const { rows } = await db.query<SiteRow>(
    `INSERT INTO sites (name, callback_url, policy, api_key_hash, webhook_secret)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [site.name, site.callbackUrl, site.policy, site.apiKeyHash, site.webhookSecret],
  );
  return toSite(rows[0]!);
}

export async function findSiteById(db: Db, id: string): Promise<Site | null> {
  const { rows } = await db.query<SiteRow>(`SELECT ${columns} FROM sites WHERE id = $1`, [id]);
  return rows[0] ? toSite(rows[0]) : null;
}

/** Reads a site and locks its row until the caller's transaction ends, to serialise policy changes. */
export async function lockSite(db: Db, id: string): Promise<Site | null> {
  const { rows } = await db.query<SiteRow>(`SELECT ${columns} FROM sites WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? toSite(rows[0]) : null;
}

export async function findSiteByKeyHash(db: Db, apiKeyHash: Buffer): Promise<Site | null> {
  const { rows } = await db.query<SiteRow>(`SELECT ${columns} FROM sites WHERE api_key_hash = $1`, [
    apiKeyHash,
  ]);
  return rows[0] ? toSite(rows[0]) : null;
}

/**
 * Sites in creation order, after the cursor's id; ids are compared as created_at then id.
 * created_at is compared at millisecond precision, the precision of the cursor (an ISO string):
 * at full microsecond precision the previous page's last site would sort after its own cursor.
 */
export async function listSites(
  db: Db,
  options: { ids: string[] | null; limit: number; after: { createdAt: string; id: string } | null },
): Promise<Site[]> {
  const { rows } = await db.query<SiteRow>(
    `SELECT ${columns} FROM sites
     WHERE ($1::uuid[] IS NULL OR id = ANY($1))
       AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) > ($2, $3::uuid))
     ORDER BY date_trunc('milliseconds', created_at), id LIMIT $4`,
    [options.ids, options.after?.createdAt ?? null, options.after?.id ?? null, options.limit],
  );
  return rows.map(toSite);
}

export async function updateSite(
  db: Db,
  id: string,
  changes: { name?: string; callbackUrl?: string | null; policy?: Policy },
): Promise<Site | null> {
  const { rows } = await db.query<SiteRow>(
    `UPDATE sites SET
       name = COALESCE($2, name),
       callback_url = CASE WHEN $3 THEN $4 ELSE callback_url END,
       policy = COALESCE($5, policy),
       updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [
      id,
      changes.name ?? null,
      changes.callbackUrl !== undefined,
      changes.callbackUrl ?? null,
      changes.policy ?? null,
    ],
  );
  return rows[0] ? toSite(rows[0]) : null;
}

export async function setSiteKeyHash(db: Db, id: string, apiKeyHash: Buffer): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE sites SET api_key_hash = $2, updated_at = now() WHERE id = $1',
    [id, apiKeyHash],
  );
  return rowCount === 1;
}

/** Ids of the given sites that exist. */
export async function existingSiteIds(db: Db, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM sites WHERE id = ANY($1::uuid[])', [ids]);
  return rows.map((row) => row.id);
}
