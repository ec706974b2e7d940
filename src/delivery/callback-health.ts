import type { Db } from '../db/pool';
import { cancelPendingDeliveries } from '../db/deliveries-repository';
import {
  disableCallback,
  recordCallbackFailure,
  recordCallbackSuccess,
} from '../db/site-callbacks-repository';
import type { CallbackDisabledCode } from '../db/sites-repository';

/** One attempt to a site's callback URL, as it bears on the callback: worked, failed, or 410 Gone. */
export interface CallbackAttempt {
  siteId: string;
  url: string;
  result: 'delivered' | 'failed' | 'gone';
  /** Why it failed, as recorded on the attempt. */
  error: string | null;
  at: Date;
}

const HOUR_MS = 3_600_000;

/** "3 days 4 h", "5 h", "12 min": how long a callback has been failing, for the reason an admin reads. */
export function describeDuration(ms: number): string {
  const days = Math.floor(ms / (24 * HOUR_MS));
  const hours = Math.floor((ms % (24 * HOUR_MS)) / HOUR_MS);
  if (days > 0) return hours > 0 ? `${days} days ${hours} h` : `${days} days`;
  if (hours > 0) return `${hours} h`;
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}

/**
 * What an attempt does to its site's callback, in the attempt's transaction. A 410 Gone disables it
 * at once (Standard Webhooks: the site asked to stop). A success ends its run of failures. A failure
 * extends the run, and once every attempt has failed for `disableAfterMs` (0: never) the callback
 * is disabled, so a dead endpoint stops costing retries, and the reason is kept for the site's
 * admin. Disabling cancels the site's pending deliveries; returns why it was disabled, if it was.
 */
export async function updateCallbackHealth(
  db: Db,
  attempt: CallbackAttempt,
  disableAfterMs: number,
): Promise<CallbackDisabledCode | null> {
  const { siteId, url } = attempt;
  if (attempt.result === 'delivered') {
    await recordCallbackSuccess(db, siteId, url);
    return null;
  }
  if (attempt.result === 'gone') {
    const reason = `${url} answered 410 Gone at ${attempt.at.toISOString()}`;
    await disableCallback(db, siteId, url, { code: 'gone', reason });
    await cancelPendingDeliveries(db, siteId, 'the site disabled its callback (410 Gone)');
    return 'gone';
  }
  const run = await recordCallbackFailure(db, siteId, url);
  if (!run || disableAfterMs <= 0 || run.failingMs < disableAfterMs) return null;
  const reason =
    `${url} failed every attempt for ${describeDuration(run.failingMs)}, since ` +
    `${run.since.toISOString()}; the last, at ${attempt.at.toISOString()}: ${attempt.error ?? 'failed'}`;
  if (!(await disableCallback(db, siteId, url, { code: 'failing', reason }))) return null;
  await cancelPendingDeliveries(db, siteId, 'the callback was disabled: it failed for too long');
  return 'failing';
}
