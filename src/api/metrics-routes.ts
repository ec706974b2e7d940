import { Router } from 'express';
import type { Registry } from 'prom-client';
import { UnauthorizedError } from '../errors';
import { secretsEqual } from '../secrets';
import { bearerToken } from '../http/auth';

export interface MetricsRouteDeps {
  registry: Registry;
  /** METRICS_TOKEN: when set, a scrape must send it as a bearer token; when empty, /metrics is open. */
  token: string;
}

/**
 * GET /metrics in Prometheus' text format. Open by default, because scrapers usually sit on a
 * private network and the numbers carry no comment data; set METRICS_TOKEN where they do not.
 */
export function createMetricsRouter({ registry, token }: MetricsRouteDeps): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (token) {
      const sent = bearerToken(req);
      if (!sent || !secretsEqual(sent, token)) {
        throw new UnauthorizedError('Send METRICS_TOKEN as a bearer token.');
      }
    }
    const body = await registry.metrics();
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(body);
  });
  return router;
}
