import { Router } from 'express';
import { z } from 'zod';
import type { Auth } from '../http/auth';
import { createPager, pageQuery } from '../http/pager';
import { uuidParam } from '../http/params';
import { parseOr400 } from '../http/validate';
import type { DeliveryService } from './delivery-service';
import { bigintText } from '../validation';

export const listQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
  ...pageQuery,
});
const bySeq = createPager(z.object({ seq: bigintText() }), (row: { seq: string }) => ({
  seq: row.seq,
}));

/**
 * Admin routes of a site's callback: its deliveries with their attempts, redelivery, and the
 * rotation of the secret that signs them.
 */
export function createDeliveryRouter(deps: { auth: Auth; deliveries: DeliveryService }): Router {
  const { deliveries } = deps;
  const router = Router();
  router.use(['/v1/sites/:id/deliveries', '/v1/sites/:id/rotate-secret'], deps.auth.admin);

  router.get('/v1/sites/:id/deliveries', async (req, res) => {
    const siteId = uuidParam(req, 'id', 'Site');
    const query = parseOr400(listQuery, req.query, 'query');
    const rows = await deliveries.list(siteId, {
      status: query.status ?? null,
      limit: query.limit,
      beforeSeq: bySeq.after(query.cursor)?.seq ?? null,
    });
    res.json(bySeq.page(rows, query.limit, (row) => row.delivery));
  });

  router.get('/v1/sites/:id/deliveries/:deliveryId', async (req, res) => {
    const siteId = uuidParam(req, 'id', 'Site');
    res.json(await deliveries.get(siteId, uuidParam(req, 'deliveryId', 'Delivery')));
  });

  router.post('/v1/sites/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    const siteId = uuidParam(req, 'id', 'Site');
    res.status(202).json(await deliveries.redeliver(siteId, uuidParam(req, 'deliveryId', 'Delivery')));
  });

  router.post('/v1/sites/:id/rotate-secret', async (req, res) => {
    res.json(await deliveries.rotateSecret(uuidParam(req, 'id', 'Site')));
  });

  return router;
}
