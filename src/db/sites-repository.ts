import type { Db } from './pool';
import type { Policy } from '../moderation/policy';

/**
 * A policy as stored: JSON written by this or an older version of the service. Only readPolicy
 * (src/moderation/read-policy.ts) turns it into a Policy; sites/site.ts does so for every site read.
 */
export type StoredPolicy = unknown;

/** A site row as stored; secrets are never part of it. */
export interface StoredSite {
  id: string;
  name: string;
  callbackUrl: string | null;
  /**
   * Set when deliveries disabled the callback, until a callback URL is set again: `gone` after a
   * 410 Gone, `failing` after every attempt failed for CALLBACK_DISABLE_AFTER_MS.
   */
  callbackDisabled: { at: string; code: CallbackDisabledCode; reason: string } | null;
  /** Since when every callback attempt has failed; null while the callback works (or has no attempt yet). */
  callbackFailingSince: string | null;
  policy: StoredPolicy;
  createdAt: string;
  updatedAt: string;
}

export type CallbackDisabledCode = 'gone' | 'failing';

interface SiteRow {
  id: string;
  name: string;
  callback_url: string | null;
  callback_disabled_at: Date | null;
  callback_disabled_reason: string | null;
  callback_disabled_code: CallbackDisabledCode | null;
  callback_failing_since: Date | null;
  policy: StoredPolicy;
  created_at: Date;
  updated_at: Date;
}

const columns = `id, name, callback_url, callback_disabled_at, callback_disabled_reason, callback_disabled_code,
  callback_failing_since, policy, created_at, updated_at`;

function toStoredSite(row: SiteRow): StoredSite {
  return {
    id: row.id,
    name: row.name,
    callbackUrl: row.callback_url,
    callbackDisabled: row.callback_disabled_at
      ? {
          at: row.callback_disabled_at.toISOString(),
          code: row.callback_disabled_code ?? 'gone',
          reason: row.callback_disabled_reason ?? '',
        }
      : null,
    callbackFailingSince: row.callback_failing_since?.toISOString() ?? null,
    policy: row.policy,
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
): Promise<StoredSite> {
  const { rows } = await db.query<SiteRow>(
    `INSERT INTO sites (name, callback_url, policy, api_key_hash, webhook_secret)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [site.name, site.callbackUrl, site.policy, site.apiKeyHash, site.webhookSecret],
  );
  return toStoredSite(rows[0]!);
}

export async function findSiteById(db: Db, id: string): Promise<StoredSite | null> {
  const { rows } = await db.query<SiteRow>(`SELECT ${columns} FROM sites WHERE id = $1`, [id]);
  return rows[0] ? toStoredSite(rows[0]) : null;
}

/** Reads a site and locks its row until the caller's transaction ends, to serialise policy changes. */
export async function lockSite(db: Db, id: string): Promise<StoredSite | null> {
  const { rows } = await db.query<SiteRow>(`SELECT ${columns} FROM sites WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? toStoredSite(rows[0]) : null;
}

/**
 * Sites in creation order, after the cursor's id; ids are compared as created_at then id.
 * created_at is compared at millisecond precision, the precision of the cursor (an ISO string):
 * at full microsecond precision the previous page's last site would sort after its own cursor.
 */
export async function listSites(
  db: Db,
  options: { ids: string[] | null; limit: number; after: { createdAt: string; id: string } | null },
): Promise<StoredSite[]> {
  const { rows } = await db.query<SiteRow>(
    `SELECT ${columns} FROM sites
     WHERE ($1::uuid[] IS NULL OR id = ANY($1))
       AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) > ($2, $3::uuid))
     ORDER BY date_trunc('milliseconds', created_at), id LIMIT $4`,
    [options.ids, options.after?.createdAt ?? null, options.after?.id ?? null, options.limit],
  );
  return rows.map(toStoredSite);
}

export async function updateSite(
  db: Db,
  id: string,
  changes: { name?: string; callbackUrl?: string | null; policy?: Policy },
): Promise<StoredSite | null> {
  const { rows } = await db.query<SiteRow>(
    `UPDATE sites SET
       name = COALESCE($2, name),
       callback_url = CASE WHEN $3 THEN $4 ELSE callback_url END,
       callback_disabled_at = CASE WHEN $3 THEN NULL ELSE callback_disabled_at END,
       callback_disabled_reason = CASE WHEN $3 THEN NULL ELSE callback_disabled_reason END,
       callback_disabled_code = CASE WHEN $3 THEN NULL ELSE callback_disabled_code END,
       callback_failing_since = CASE WHEN $3 THEN NULL ELSE callback_failing_since END,
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
  return rows[0] ? toStoredSite(rows[0]) : null;
}

/** Ids of the given sites that exist. */
export async function existingSiteIds(db: Db, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM sites WHERE id = ANY($1::uuid[])', [ids]);
  return rows.map((row) => row.id);
}

/** A site found by one of its API keys; `validUntil` is set when the key is a rotated one in its grace period. */
export interface SiteKeyMatch {
  site: StoredSite;
  validUntil: Date | null;
}

/** The site whose current key, or previous key still inside its grace period, has this hash. */
export async function findSiteByCurrentOrPreviousKeyHash(
  db: Db,
  apiKeyHash: Buffer,
): Promise<SiteKeyMatch | null> {
  const { rows } = await db.query<SiteRow & { previous_valid_until: Date | null }>(
    `SELECT ${columns},
       CASE WHEN api_key_hash = $1 THEN NULL ELSE previous_api_key_expires_at END AS previous_valid_until
     FROM sites
     WHERE api_key_hash = $1 OR (previous_api_key_hash = $1 AND previous_api_key_expires_at > now())`,
    [apiKeyHash],
  );
  const row = rows[0];
  return row ? { site: toStoredSite(row), validUntil: row.previous_valid_until } : null;
}

/**
 * Replaces a site's API key; the replaced key keeps working for `graceSeconds` (none when 0).
 * Returns when the replaced key stops working, or undefined when there is no such site.
 * Rotating again within a grace period ends the older key's grace: only one previous key is kept.
 */
export async function rotateApiKeyHash(
  db: Db,
  id: string,
  apiKeyHash: Buffer,
  graceSeconds: number,
): Promise<{ previousValidUntil: Date | null } | undefined> {
  const { rows } = await db.query<{ previous_api_key_expires_at: Date | null }>(
    `UPDATE sites SET
       previous_api_key_hash = CASE WHEN $3::int > 0 THEN api_key_hash END,
       previous_api_key_expires_at = CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::int) END,
       api_key_hash = $2,
       updated_at = now()
     WHERE id = $1 RETURNING previous_api_key_expires_at`,
    [id, apiKeyHash, graceSeconds],
  );
  return rows[0] ? { previousValidUntil: rows[0].previous_api_key_expires_at } : undefined;
}

/** The secrets a site signs requests with: its webhook secret and, during a rotation's grace, the previous one. */
export interface SiteSigningSecrets {
  site: StoredSite;
  secrets: string[];
}

/** The site and the webhook secrets that verify its signed requests. */
export async function findSiteSigningSecrets(db: Db, id: string): Promise<SiteSigningSecrets | null> {
  const { rows } = await db.query<SiteRow & { webhook_secret: string; previous_secret: string | null }>(
    `SELECT ${columns}, webhook_secret,
       CASE WHEN previous_webhook_secret_expires_at > now() THEN previous_webhook_secret END AS previous_secret
     FROM sites WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const secrets = [row.webhook_secret, row.previous_secret].filter((secret): secret is string => !!secret);
  return { site: toStoredSite(row), secrets };
}

/** Every site's id and stored policy, for maintenance that runs per site (retention). */
export async function listSitePolicies(db: Db): Promise<Array<{ id: string; policy: StoredPolicy }>> {
  const { rows } = await db.query<{ id: string; policy: StoredPolicy }>(
    'SELECT id, policy FROM sites ORDER BY id',
  );
  return rows;
}
