import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { ConflictError, NotFoundError } from '../errors';
import {
  findDelivery,
  listDeliveries,
  restartDelivery,
  type DeliveryStatus,
} from '../db/deliveries-repository';
import { rotateWebhookSecret } from '../db/site-callbacks-repository';
import { runDeliveryNow, type DeliveryJob } from '../queues';
import { generateWebhookSecret } from '../secrets';
import { requireSite } from '../sites/sites-service';

export interface DeliveryServiceDeps {
  pool: Pool;
  deliveryQueue: Queue<DeliveryJob>;
  /** WEBHOOK_SECRET_GRACE_SECONDS: how long callbacks are also signed with a rotated-out secret. */
  secretGraceSeconds: number;
}

/** A site's callback, for admins: its deliveries with their attempts, redelivery, and its signing secret. */
export function createDeliveryService(deps: DeliveryServiceDeps) {
  const { pool } = deps;
  const requireDelivery = async (siteId: string, deliveryId: string) => {
    const delivery = await findDelivery(pool, siteId, deliveryId);
    if (!delivery) throw new NotFoundError(`Delivery ${deliveryId}`);
    return delivery;
  };

  return {
    /** A site's deliveries, newest first, before `beforeSeq`; optionally of one status. */
    async list(
      siteId: string,
      filter: { status: DeliveryStatus | null; limit: number; beforeSeq: string | null },
    ) {
      await requireSite(pool, siteId);
      return listDeliveries(pool, siteId, filter);
    },

    /** One delivery with its payload and every attempt. */
    get: requireDelivery,

    /**
     * Sends a delivery again now, whatever became of it, with a fresh retry schedule; the new attempt is
     * recorded beside the earlier ones. A site without a callback URL (removed, or disabled after a
     * 410 Gone or failing for too long) has nowhere to send it: 409, saying why.
     */
    async redeliver(siteId: string, deliveryId: string) {
      const site = await requireSite(pool, siteId);
      if (!site.callbackUrl) {
        const why = site.callbackDisabled
          ? `it was disabled (${site.callbackDisabled.code === 'gone' ? '410 Gone' : 'failed for too long'}: ${site.callbackDisabled.reason})`
          : 'none was set, or it was removed';
        throw new ConflictError(
          'callback_disabled',
          `The site has no callback URL: ${why}. Set one with PATCH /v1/sites/${siteId} to redeliver.`,
        );
      }
      if (!(await restartDelivery(pool, siteId, deliveryId)))
        throw new NotFoundError(`Delivery ${deliveryId}`);
      await runDeliveryNow(deps.deliveryQueue, deliveryId);
      return requireDelivery(siteId, deliveryId);
    },

    /**
     * Issues a new webhook secret, shown once. Callbacks carry signatures with both the new and the old
     * secret until the grace period ends, so the site can deploy the new one without failing a callback.
     */
    async rotateSecret(siteId: string) {
      const webhookSecret = generateWebhookSecret();
      const rotated = await rotateWebhookSecret(pool, siteId, webhookSecret, deps.secretGraceSeconds);
      if (!rotated) throw new NotFoundError(`Site ${siteId}`);
      return { webhookSecret, previousSecretValidUntil: rotated.previousValidUntil?.toISOString() ?? null };
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
