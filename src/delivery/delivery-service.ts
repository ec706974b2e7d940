import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { findDelivery, restartDelivery } from '../db/deliveries-repository';
import { rotateWebhookSecret } from '../db/site-callbacks-repository';
import { findSiteById } from '../db/sites-repository';
import { runDeliveryNow, type DeliveryJob } from '../queues';
import { generateWebhookSecret } from '../secrets';
import { checkCallbackUrl, createAllowHosts, resolveAll, type ResolveAll } from './ssrf';

/**
 * The registration-time SSRF check of a callback URL, for POST and PATCH /v1/sites: a refused URL
 * is a 400 at body.callbackUrl. Absent or null (no callback) passes.
 */
export function createCallbackUrlCheck(options: { allowHosts: readonly string[]; resolve?: ResolveAll }) {
  const allow = createAllowHosts(options.allowHosts);
  return async (url: string | null | undefined): Promise<void> => {
    if (url === null || url === undefined) return;
    const refusal = await checkCallbackUrl(url, { allow, resolve: options.resolve ?? resolveAll });
    if (refusal) {
      throw new ValidationError(
        [{ path: 'body.callbackUrl', message: refusal }],
        `The callback URL is refused: ${refusal}.`,
      );
    }
  };
}

export type CallbackUrlCheck = ReturnType<typeof createCallbackUrlCheck>;

/**
 * Sends a delivery again now, whatever became of it, with a fresh retry schedule; the new attempt is
 * recorded beside the earlier ones. A site without a callback URL (removed, or disabled by a 410)
 * has nowhere to send it: 409.
 */
export async function redeliver(pool: Pool, queue: Queue<DeliveryJob>, siteId: string, deliveryId: string) {
  const site = await findSiteById(pool, siteId);
  if (!site) throw new NotFoundError(`Site ${siteId}`);
  if (!site.callbackUrl) {
    throw new ConflictError(
      'callback_disabled',
      'The site has no callback URL (removed, or disabled after a 410 Gone); set one to redeliver.',
    );
  }
  if (!(await restartDelivery(pool, siteId, deliveryId))) throw new NotFoundError(`Delivery ${deliveryId}`);
  await runDeliveryNow(queue, deliveryId);
  return (await findDelivery(pool, siteId, deliveryId))!;
}

/**
 * Issues a new webhook secret, shown once. Callbacks carry signatures with both the new and the old
 * secret until the grace period ends, so the site can deploy the new one without failing a callback.
 */
export async function rotateSiteWebhookSecret(pool: Pool, siteId: string, graceSeconds: number) {
  const webhookSecret = generateWebhookSecret();
  const rotated = await rotateWebhookSecret(pool, siteId, webhookSecret, graceSeconds);
  if (!rotated) throw new NotFoundError(`Site ${siteId}`);
  return { webhookSecret, previousSecretValidUntil: rotated.previousValidUntil?.toISOString() ?? null };
}
