import { Router } from 'express';
import { withTimeout } from '../timeout';
import type { Pool } from 'pg';
import type { RedisClient } from '../redis-connection';

/** /healthz: the process is up. /readyz: it can reach PostgreSQL and Redis, so it can take traffic. */
export function createHealthRouter(deps: { pool: Pool; redis: RedisClient }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [postgres, redis] = await Promise.allSettled([
      withTimeout(deps.pool.query('SELECT 1'), 2_000),
      withTimeout(deps.redis.ping(), 2_000),
    ]);
    const checks = { postgres: postgres.status === 'fulfilled', redis: redis.status === 'fulfilled' };
    const ready = checks.postgres && checks.redis;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  return router;
}
