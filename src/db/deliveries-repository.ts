import type { Db } from './pool';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One attempt to deliver a callback, as recorded. */
export interface DeliveryAttempt {
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** A `comment.verdict` event for a site, with a summary of the attempts to deliver it. */
export interface Delivery {
  id: string;
  siteId: string;
  commentId: string;
  version: number;
  eventType: string;
  webhookId: string;
  status: DeliveryStatus;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  attempts: { count: number; last: DeliveryAttempt | null };
}

/** An outbox row to record: one event for one version of a comment. */
export interface NewDelivery {
  siteId: string;
  commentId: string;
  version: number;
  /** `comment.verdict`, or `comment.appeal_decided` for the version that ends an appeal. */
  eventType: string;
  webhookId: string;
  /** The exact body to send, kept byte for byte (the column is json, not jsonb). */
  body: string;
}

/**
 * Records outbox rows inside the caller's transaction, the one that changes the verdicts, so an
 * event is recorded exactly when its change commits. Rows of sites without a callback URL are not
 * recorded, and an event already recorded for that comment version is not recorded again.
 * Returns the ids of the rows recorded.
 */
export async function insertDeliveries(db: Db, deliveries: readonly NewDelivery[]): Promise<string[]> {
  if (deliveries.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deliveries (site_id, comment_id, version, event_type, webhook_id, payload)
     SELECT (e->>'siteId')::uuid, (e->>'commentId')::uuid, (e->>'version')::int, e->>'eventType', e->>'webhookId',
            (e->>'body')::json
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
       JOIN sites s ON s.id = (e->>'siteId')::uuid
      WHERE s.callback_url IS NOT NULL
      ORDER BY n
     ON CONFLICT (comment_id, version) DO NOTHING
     RETURNING id`,
    [JSON.stringify(deliveries)],
  );
  return rows.map((row) => row.id);
}

interface DeliveryRow {
  id: string;
  site_id: string;
  comment_id: string;
  version: number;
  event_type: string;
  webhook_id: string;
  status: DeliveryStatus;
  next_attempt_at: Date | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  attempt_count: string;
  last_attempted_at: Date | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_attempt_error: string | null;
}

/** A delivery's columns with the count and the last of its attempts; `d` is the deliveries row. */
const summaryColumns = `d.id, d.site_id, d.comment_id, d.version, d.event_type, d.webhook_id, d.status,
  d.next_attempt_at, d.last_error, d.created_at, d.delivered_at,
  a.attempt_count, l.attempted_at AS last_attempted_at, l.status_code AS last_status_code,
  l.latency_ms AS last_latency_ms, l.error AS last_attempt_error`;
const summaryJoins = `
  CROSS JOIN LATERAL (SELECT count(*) AS attempt_count FROM delivery_attempts WHERE delivery_id = d.id) a
  LEFT JOIN LATERAL (
    SELECT attempted_at, status_code, latency_ms, error FROM delivery_attempts
    WHERE delivery_id = d.id ORDER BY id DESC LIMIT 1
  ) l ON TRUE`;

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    siteId: row.site_id,
    commentId: row.comment_id,
    version: row.version,
    eventType: row.event_type,
    webhookId: row.webhook_id,
    status: row.status,
    nextAttemptAt: row.status === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    attempts: {
      count: Number(row.attempt_count),
      last: row.last_attempted_at
        ? {
            attemptedAt: row.last_attempted_at.toISOString(),
            statusCode: row.last_status_code,
            latencyMs: row.last_latency_ms ?? 0,
            error: row.last_attempt_error,
          }
        : null,
    },
  };
}

/** A site's deliveries, newest first, after the cursor's seq; optionally of one status. */
export async function listDeliveries(
  db: Db,
  siteId: string,
  options: { status: DeliveryStatus | null; limit: number; beforeSeq: string | null },
): Promise<Array<{ delivery: Delivery; seq: string }>> {
  const { rows } = await db.query<DeliveryRow & { seq: string }>(
    `SELECT ${summaryColumns}, d.seq::text AS seq FROM deliveries d ${summaryJoins}
     WHERE d.site_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::bigint IS NULL OR d.seq < $3)
     ORDER BY d.seq DESC LIMIT $4`,
    [siteId, options.status, options.beforeSeq, options.limit],
  );
  return rows.map((row) => ({ delivery: toDelivery(row), seq: row.seq }));
}

/** One of a site's deliveries with its payload and every attempt, oldest first. */
export async function findDelivery(
  db: Db,
  siteId: string,
  id: string,
): Promise<(Delivery & { payload: unknown; attemptLog: DeliveryAttempt[] }) | null> {
  const { rows } = await db.query<DeliveryRow & { payload: unknown }>(
    `SELECT ${summaryColumns}, d.payload FROM deliveries d ${summaryJoins} WHERE d.site_id = $1 AND d.id = $2`,
    [siteId, id],
  );
  const row = rows[0];
  if (!row) return null;
  const attempts = await db.query<{
    attempted_at: Date;
    status_code: number | null;
    latency_ms: number;
    error: string | null;
  }>(
    'SELECT attempted_at, status_code, latency_ms, error FROM delivery_attempts WHERE delivery_id = $1 ORDER BY id',
    [id],
  );
  return {
    ...toDelivery(row),
    payload: row.payload,
    attemptLog: attempts.rows.map((attempt) => ({
      attemptedAt: attempt.attempted_at.toISOString(),
      statusCode: attempt.status_code,
      latencyMs: attempt.latency_ms,
      error: attempt.error,
    })),
  };
}

/**
 * Makes a delivery pending again with a fresh retry schedule, due now; returns false when the site
 * has no such delivery.
 */
export async function restartDelivery(db: Db, siteId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = now(), updated_at = now()
     WHERE site_id = $1 AND id = $2`,
    [siteId, id],
  );
  return rowCount === 1;
}

/** What the delivery worker needs to send one callback: the event and where and how to sign it. */
export interface DeliveryTarget {
  id: string;
  siteId: string;
  webhookId: string;
  status: DeliveryStatus;
  roundAttempts: number;
  /** The exact body, as stored. */
  body: string;
  callbackUrl: string | null;
  /** The current webhook secret first, then the previous one while its grace period lasts. */
  secrets: string[];
}

export async function findDeliveryTarget(db: Db, id: string): Promise<DeliveryTarget | null> {
  // The grace period is judged by PostgreSQL's clock, the one that set it.
  const { rows } = await db.query<{
    id: string;
    site_id: string;
    webhook_id: string;
    status: DeliveryStatus;
    round_attempts: number;
    body: string;
    callback_url: string | null;
    webhook_secret: string;
    previous_secret: string | null;
  }>(
    `SELECT d.id, d.site_id, d.webhook_id, d.status, d.round_attempts, d.payload::text AS body,
       s.callback_url, s.webhook_secret,
       CASE WHEN s.previous_webhook_secret_expires_at > now() THEN s.previous_webhook_secret END AS previous_secret
     FROM deliveries d JOIN sites s ON s.id = d.site_id WHERE d.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    siteId: row.site_id,
    webhookId: row.webhook_id,
    status: row.status,
    roundAttempts: row.round_attempts,
    body: row.body,
    callbackUrl: row.callback_url,
    secrets: row.previous_secret ? [row.webhook_secret, row.previous_secret] : [row.webhook_secret],
  };
}

/** What an attempt records until its outcome replaces it: seen only when the sender stopped mid-way. */
export const INTERRUPTED_ATTEMPT =
  'no outcome recorded: the worker stopped while sending (the site may have received it; same webhook-id)';

/**
 * Records an attempt before its request is sent, and counts it in the round, in one statement: a
 * worker killed while sending leaves this record (INTERRUPTED_ATTEMPT) and the retry its schedule.
 * Returns the attempt's id, or null when the delivery is no longer pending and nothing is to be sent.
 */
export async function startAttempt(
  db: Db,
  attempt: { deliveryId: string; webhookTimestamp: number },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `WITH counted AS (
       UPDATE deliveries SET round_attempts = round_attempts + 1, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING id
     )
     INSERT INTO delivery_attempts (delivery_id, webhook_timestamp, latency_ms, error)
     SELECT id, $2, 0, $3 FROM counted RETURNING id::text`,
    [attempt.deliveryId, attempt.webhookTimestamp, INTERRUPTED_ATTEMPT],
  );
  return rows[0]?.id ?? null;
}

/** What came of one attempt (started by startAttempt), and what the delivery becomes. */
export interface AttemptRecord {
  deliveryId: string;
  attemptId: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  outcome: { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; retryInMs: number };
}

/**
 * Records an attempt's outcome and moves the delivery on, in one transaction (the caller's). Only a
 * pending delivery moves: one cancelled meanwhile (its site's callback was disabled) stays cancelled.
 * Returns whether the delivery was still pending.
 */
export async function recordAttempt(db: Db, record: AttemptRecord): Promise<boolean> {
  await db.query('UPDATE delivery_attempts SET status_code = $2, latency_ms = $3, error = $4 WHERE id = $1', [
    record.attemptId,
    record.statusCode,
    record.latencyMs,
    record.error,
  ]);
  const { outcome } = record;
  const { rowCount } = await db.query(
    `UPDATE deliveries SET
       status = $2,
       next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $3::double precision / 1000) END,
       last_error = $4,
       delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
       updated_at = now()
     WHERE id = $1 AND status = 'pending'`,
    [
      record.deliveryId,
      outcome.status,
      outcome.status === 'pending' ? outcome.retryInMs : 0,
      outcome.status === 'delivered' ? null : record.error,
    ],
  );
  return rowCount === 1;
}

/** Ends a pending delivery without sending it (its site has no callback URL any more). */
export async function cancelDelivery(db: Db, id: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, last_error = $2, updated_at = now()
     WHERE id = $1 AND status = 'pending'`,
    [id, reason],
  );
}

/** Cancels every pending delivery of a site; returns how many. */
export async function cancelPendingDeliveries(db: Db, siteId: string, reason: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, last_error = $2, updated_at = now()
     WHERE site_id = $1 AND status = 'pending'`,
    [siteId, reason],
  );
  return rowCount ?? 0;
}

/**
 * Ids of pending deliveries due more than `overdueMs` ago: their job was lost (or has not run yet,
 * and then re-adding it under the same job id changes nothing).
 */
export async function findOverdueDeliveries(db: Db, overdueMs: number, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM deliveries
     WHERE status = 'pending' AND next_attempt_at < now() - make_interval(secs => $1::double precision / 1000)
     ORDER BY next_attempt_at LIMIT $2`,
    [overdueMs, limit],
  );
  return rows.map((row) => row.id);
}
