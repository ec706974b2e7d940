import type { Db } from './pool';
import type { CallbackDisabledCode } from './sites-repository';

/**
 * Replaces a site's webhook secret; the replaced one keeps signing callbacks beside the new one for
 * `graceSeconds` (none when 0). Rotating again within a grace period ends the older secret's grace:
 * only one previous secret is kept. Returns when the previous secret stops being used, or undefined
 * when there is no such site.
 */
export async function rotateWebhookSecret(
  db: Db,
  id: string,
  webhookSecret: string,
  graceSeconds: number,
): Promise<{ previousValidUntil: Date | null } | undefined> {
  const { rows } = await db.query<{ previous_webhook_secret_expires_at: Date | null }>(
    `UPDATE sites SET
       previous_webhook_secret = CASE WHEN $3::int > 0 THEN webhook_secret END,
       previous_webhook_secret_expires_at = CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::int) END,
       webhook_secret = $2,
       updated_at = now()
     WHERE id = $1 RETURNING previous_webhook_secret_expires_at`,
    [id, webhookSecret, graceSeconds],
  );
  return rows[0] ? { previousValidUntil: rows[0].previous_webhook_secret_expires_at } : undefined;
}

/**
 * Disables a site's callback: the URL is cleared (so no new event is recorded for it) and why is
 * kept, naming the URL, for the site's admin. Setting a callback URL again clears it. Only the URL
 * that failed is cleared: one changed meanwhile is left alone. Returns whether it was.
 */
export async function disableCallback(
  db: Db,
  siteId: string,
  url: string,
  why: { code: CallbackDisabledCode; reason: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sites SET callback_url = NULL, callback_disabled_at = now(), callback_disabled_code = $3,
       callback_disabled_reason = $4, callback_failing_since = NULL, updated_at = now()
     WHERE id = $1 AND callback_url = $2`,
    [siteId, url, why.code, why.reason],
  );
  return rowCount === 1;
}

/**
 * Records a failed attempt to the site's callback URL: the start of its run of failures is kept
 * (set now if this is the first). Returns the run's start and how long it has lasted, by
 * PostgreSQL's clock; null when the site's URL is no longer this one.
 */
export async function recordCallbackFailure(
  db: Db,
  siteId: string,
  url: string,
): Promise<{ since: Date; failingMs: number } | null> {
  const { rows } = await db.query<{ since: Date; failing_ms: number }>(
    `UPDATE sites SET callback_failing_since = COALESCE(callback_failing_since, now())
     WHERE id = $1 AND callback_url = $2
     RETURNING callback_failing_since AS since,
       (extract(epoch FROM now() - callback_failing_since) * 1000)::float8 AS failing_ms`,
    [siteId, url],
  );
  return rows[0] ? { since: rows[0].since, failingMs: rows[0].failing_ms } : null;
}

/** A delivered callback ends the run of failures of the site's URL. */
export async function recordCallbackSuccess(db: Db, siteId: string, url: string): Promise<void> {
  await db.query(
    `UPDATE sites SET callback_failing_since = NULL
     WHERE id = $1 AND callback_url = $2 AND callback_failing_since IS NOT NULL`,
    [siteId, url],
  );
}
