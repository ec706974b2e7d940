import type { Db } from './pool';

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
 * Disables a site's callback: the URL is cleared (so no new event is recorded for it) and the reason
 * kept, naming the URL, for the operator. Setting a callback URL again clears the reason.
 * Only the URL that failed is cleared: one changed meanwhile is left alone. Returns whether it was.
 */
export async function disableCallback(db: Db, siteId: string, url: string, reason: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sites SET callback_url = NULL, callback_disabled_at = now(), callback_disabled_reason = $3,
       updated_at = now()
     WHERE id = $1 AND callback_url = $2`,
    [siteId, url, reason],
  );
  return rowCount === 1;
}
