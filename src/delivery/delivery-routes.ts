import { Router } from 'express';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { findDelivery, listDeliveries } from '../db/deliveries-repository';
import { findSiteById } from '../db/sites-repository';
import type { Auth } from '../http/auth';
import { decodeCursor, page } from '../http/cursor';
import { parseOr400 } from '../http/validate';
import type { DeliveryJob } from '../queues';
import { redeliver, rotateSiteWebhookSecret } from './delivery-service';

export const listQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
const seqCursor = z.object({ seq: z.string().regex(/^\d+$/) });

/** Reads a uuid route parameter; a malformed one cannot name anything, so it is a 404. */
function uuidParam(value: string | undefined, what: string): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new NotFoundError(`${what} ${value}`);
  return parsed.data;
}

/**
 * Admin routes of a site's callback: its deliveries with their attempts, redelivery, and the
 * rotation of the secret that signs them.
 */
export function createDeliveryRouter(deps: {
  pool: Pool;
  auth: Auth;
  deliveryQueue: Queue<DeliveryJob>;
  secretGraceSeconds: number;
}): Router {
  const { pool, auth } = deps;
  const router = Router();
  router.use(['/v1/sites/:id/deliveries', '/v1/sites/:id/rotate-secret'], auth.admin);

  router.get('/v1/sites/:id/deliveries', async (req, res) => {
    const siteId = uuidParam(req.params.id, 'Site');
    const query = parseOr400(listQuery, req.query, 'query');
    if (!(await findSiteById(pool, siteId))) throw new NotFoundError(`Site ${siteId}`);
    const rows = await listDeliveries(pool, siteId, {
      status: query.status ?? null,
      limit: query.limit,
      beforeSeq: decodeCursor(seqCursor, query.cursor)?.seq ?? null,
    });
    res.json(
      page(
        rows,
        query.limit,
        (row) => row.delivery,
        (row) => ({ seq: row.seq }),
      ),
    );
  });

  router.get('/v1/sites/:id/deliveries/:deliveryId', async (req, res) => {
    const siteId = uuidParam(req.params.id, 'Site');
    const deliveryId = uuidParam(req.params.deliveryId, 'Delivery');
    const delivery = await findDelivery(pool, siteId, deliveryId);
    if (!delivery) throw new NotFoundError(`Delivery ${deliveryId}`);
    res.json(delivery);
  });

  router.post('/v1/sites/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    const siteId = uuidParam(req.params.id, 'Site');
    const deliveryId = uuidParam(req.params.deliveryId, 'Delivery');
    res.status(202).json(await redeliver(pool, deps.deliveryQueue, siteId, deliveryId));
  });

  router.post('/v1/sites/:id/rotate-secret', async (req, res) => {
    const siteId = uuidParam(req.params.id, 'Site');
    res.json(await rotateSiteWebhookSecret(pool, siteId, deps.secretGraceSeconds));
  });

  return router;
}
