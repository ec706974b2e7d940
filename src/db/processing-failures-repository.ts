import type { Db } from './pool';
import type { StoredPolicy } from './sites-repository';

/** A queued comment after a failed attempt at moderating it. */
export interface FailedAttempt {
  siteId: string;
  /** The version a verdict must be stored at. */
  version: number;
  /** Failed attempts so far, this one included. */
  attempts: number;
  /** Its site's policy as stored, for the public reason and trial mode of the verdict that holds it. */
  policy: StoredPolicy;
}

/**
 * Counts failed attempts at moderating a comment (one, or the runs a stalled job lost) and keeps the
 * error's code on it. Null when the comment is no longer queued (another run decided it, or it was
 * deleted): there is nothing to hold.
 */
export async function recordFailedAttempt(
  db: Db,
  id: string,
  errorCode: string,
  count = 1,
): Promise<FailedAttempt | null> {
  const { rows } = await db.query<{
    site_id: string;
    version: number;
    processing_attempts: number;
    policy: StoredPolicy;
  }>(
    `UPDATE comments c SET processing_attempts = c.processing_attempts + $3, processing_error = $2
       FROM sites s
      WHERE c.id = $1 AND c.status = 'queued' AND s.id = c.site_id
      RETURNING c.site_id, c.version, c.processing_attempts, s.policy`,
    [id, errorCode, count],
  );
  const row = rows[0];
  return row
    ? { siteId: row.site_id, version: row.version, attempts: row.processing_attempts, policy: row.policy }
    : null;
}
