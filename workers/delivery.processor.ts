import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { LookupFunction } from 'node:net';
import type { Pool } from 'pg';
import { z } from 'zod';
import {
  cancelDelivery,
  findDeliveryTarget,
  recordAttempt,
  startAttempt,
  type AttemptRecord,
} from '../src/db/deliveries-repository';
import { updateCallbackHealth } from '../src/delivery/callback-health';
import { withTransaction } from '../src/db/pool';
import { postCallback, type CallbackResponse } from '../src/delivery/send-callback';
import { nextRetryDelay, parseRetryAfter } from '../src/delivery/retry-schedule';
import { signedHeaders } from '../src/delivery/sign';
import { createAllowHosts, createPinnedLookup } from '../src/delivery/ssrf';
import type { DeliveryJob } from '../src/queues';
import type { Logger } from '../src/logger';
import type { DeliveryMetrics } from '../src/metrics';
import { USER_AGENT } from '../src/version';

const jobData = z.object({ deliveryId: z.uuid() });

export interface DeliveryResult {
  deliveryId: string;
  /** `disabled`: the attempt failed and the site's callback has been failing for too long. */
  outcome: 'delivered' | 'failed' | 'gone' | 'disabled' | 'skipped';
  statusCode: number | null;
}

export interface DeliveryDeps {
  pool: Pool;
  logger: Logger;
  /** The wait before each retry, in ms; its length is the number of retries. */
  schedule: readonly number[];
  timeoutMs: number;
  /** How long every attempt to a site's callback may fail before it is disabled; 0 never disables. */
  disableAfterMs: number;
  /** Host names and addresses that may be called although private (CALLBACK_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  /** A lookup other than the pinned, checking one; tests only. */
  lookup?: LookupFunction;
  random?: () => number;
  /** Attempts by outcome for Prometheus; none when absent. */
  metrics?: DeliveryMetrics;
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** What an answer makes of the delivery, after `failedBefore` failed attempts in this round. */
function outcomeOf(
  response: CallbackResponse,
  failedBefore: number,
  deps: DeliveryDeps,
): AttemptRecord['outcome'] | 'gone' {
  if (isSuccess(response.statusCode)) return { status: 'delivered' };
  if (response.statusCode === 410) return 'gone';
  // Our own SSRF policy refused the address: asking again cannot change the answer.
  if (response.refused) return { status: 'failed' };
  const delay = nextRetryDelay({
    failedAttempts: failedBefore + 1,
    schedule: deps.schedule,
    retryAfterMs: parseRetryAfter(response.retryAfter, Date.now()),
    random: deps.random,
  });
  return delay === null ? { status: 'failed' } : { status: 'pending', retryInMs: delay };
}

/**
 * Delivers one `comment.verdict` callback: a signed POST (Standard Webhooks) to the site's current
 * callback URL, every attempt recorded before it is sent. A 2xx delivers it; a 410 Gone, or failures for longer than
 * `disableAfterMs`, disable the site's callback and cancel its pending deliveries (callback-health.ts);
 * anything else is retried on the schedule, honouring a longer
 * Retry-After, by moving this very job to delayed (its id stays the delivery id), until the schedule
 * is spent and the delivery fails. PostgreSQL, not BullMQ, counts the attempts, so a lost job that
 * the sweeper re-adds resumes the schedule where it was.
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  const allow = createAllowHosts(deps.allowHosts);
  const lookup = deps.lookup ?? createPinnedLookup(allow);

  return async (job: Job<DeliveryJob>, token?: string): Promise<DeliveryResult> => {
    const data = jobData.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError('malformed delivery job: deliveryId must be a uuid');
    const { deliveryId } = data.data;
    const skipped: DeliveryResult = { deliveryId, outcome: 'skipped', statusCode: null };

    const target = await findDeliveryTarget(deps.pool, deliveryId);
    // Gone (its comment or site deleted), or delivered, failed or cancelled meanwhile.
    if (!target || target.status !== 'pending') return skipped;
    const log = deps.logger.child({
      jobId: job.id,
      deliveryId,
      siteId: target.siteId,
      attempt: target.roundAttempts + 1,
    });
    if (!target.callbackUrl) {
      await cancelDelivery(deps.pool, deliveryId, 'the site has no callback URL');
      log.info('delivery cancelled: no callback URL');
      return skipped;
    }

    const timestamp = new Date();
    const webhookTimestamp = Math.floor(timestamp.getTime() / 1_000);
    // Recorded before sending: delivery is at least once, and a send the worker did not live to
    // record must still show in the log (the site deduplicates by webhook-id).
    const attemptId = await startAttempt(deps.pool, { deliveryId, webhookTimestamp });
    if (!attemptId) return skipped;
    const headers = {
      ...signedHeaders({
        webhookId: target.webhookId,
        timestamp,
        body: target.body,
        secrets: target.secrets,
      }),
      'user-agent': USER_AGENT,
    };
    const response = await postCallback(target.callbackUrl, headers, target.body, {
      allow,
      lookup,
      timeoutMs: deps.timeoutMs,
    });
    const outcome = outcomeOf(response, target.roundAttempts, deps);
    const error =
      response.error ?? (isSuccess(response.statusCode) ? null : `answered HTTP ${response.statusCode}`);
    const record: AttemptRecord = {
      deliveryId,
      attemptId,
      statusCode: response.statusCode,
      latencyMs: response.latencyMs,
      error,
      outcome: outcome === 'gone' ? { status: 'failed' } : outcome,
    };
    const callbackUrl = target.callbackUrl;
    const result = outcome === 'gone' ? 'gone' : outcome.status === 'delivered' ? 'delivered' : 'failed';
    const { stillPending, disabled } = await withTransaction(deps.pool, async (client) => ({
      stillPending: await recordAttempt(client, record),
      disabled: await updateCallbackHealth(
        client,
        { siteId: target.siteId, url: callbackUrl, result, error, at: timestamp },
        deps.disableAfterMs,
      ),
    }));
    const fields = { statusCode: response.statusCode, latencyMs: response.latencyMs, error };
    deps.metrics?.attempt(
      outcome === 'gone' ? 'gone' : outcome.status === 'pending' ? 'retry' : outcome.status,
    );

    if (outcome === 'gone') {
      log.warn(fields, 'callback gone: site callback disabled');
      return { deliveryId, outcome: 'gone', statusCode: 410 };
    }
    if (outcome.status === 'delivered') {
      log.info(fields, 'callback delivered');
      return { deliveryId, outcome: 'delivered', statusCode: response.statusCode };
    }
    if (disabled === 'failing') {
      log.warn(fields, 'callback failed for too long: site callback disabled');
      return { deliveryId, outcome: 'disabled', statusCode: response.statusCode };
    }
    if (outcome.status === 'failed') {
      log.warn({ ...fields, refused: response.refused }, 'callback failed for good');
      return { deliveryId, outcome: 'failed', statusCode: response.statusCode };
    }
    // Cancelled while this attempt was in flight: nothing more to send.
    if (!stillPending) return skipped;
    log.info({ ...fields, retryInMs: outcome.retryInMs }, 'callback failed; retrying later');
    await job.moveToDelayed(Date.now() + outcome.retryInMs, token);
    throw new DelayedError();
  };
}
