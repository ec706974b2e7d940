import type { Db } from './pool';
import type { Action } from '../moderation/types';
import type { Label } from '../moderation/classifier';

/** One Akismet comment-check as recorded: what was answered, and the site's later submission. */
export interface AkismetCheck {
  guid: string;
  siteId: string;
  checkedAt: string;
  spam: boolean;
  action: Action | null;
  score: number | null;
  isTest: boolean;
  submittedAs: Label | null;
}

interface AkismetCheckRow {
  guid: string;
  site_id: string;
  checked_at: Date;
  spam: boolean;
  action: Action | null;
  score: number | null;
  is_test: boolean;
  submitted_as: Label | null;
}

const toCheck = (row: AkismetCheckRow): AkismetCheck => ({
  guid: row.guid,
  siteId: row.site_id,
  checkedAt: row.checked_at.toISOString(),
  spam: row.spam,
  action: row.action,
  score: row.score,
  isTest: row.is_test,
  submittedAs: row.submitted_as,
});

/** Records a check; returns its guid. */
export async function insertAkismetCheck(
  db: Db,
  check: Pick<AkismetCheck, 'siteId' | 'spam' | 'action' | 'score' | 'isTest'>,
): Promise<string> {
  const { rows } = await db.query<{ guid: string }>(
    `INSERT INTO akismet_checks (site_id, spam, action, score, is_test) VALUES ($1, $2, $3, $4, $5)
     RETURNING guid`,
    [check.siteId, check.spam, check.action, check.score, check.isTest],
  );
  return rows[0]!.guid;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records the site's submission on its check and returns the check; null when the site has no
 * check of that guid (unknown, another site's, purged, or not a guid of ours).
 */
export async function recordAkismetSubmission(
  db: Db,
  siteId: string,
  guid: string,
  label: Label,
): Promise<AkismetCheck | null> {
  if (!UUID.test(guid)) return null;
  const { rows } = await db.query<AkismetCheckRow>(
    `UPDATE akismet_checks SET submitted_as = $3, submitted_at = now()
     WHERE site_id = $1 AND guid = $2
     RETURNING guid, site_id, checked_at, spam, action, score, is_test, submitted_as`,
    [siteId, guid, label],
  );
  return rows[0] ? toCheck(rows[0]) : null;
}

/** Deletes up to `limit` checks older than `olderThanMs`; returns how many. */
export async function purgeAkismetChecks(db: Db, olderThanMs: number, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM akismet_checks WHERE guid IN (
       SELECT guid FROM akismet_checks WHERE checked_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY checked_at LIMIT $2)`,
    [olderThanMs, limit],
  );
  return rowCount ?? 0;
}
