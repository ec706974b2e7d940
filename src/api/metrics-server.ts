import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { createMetricsRouter } from './metrics-routes';
import { createErrorHandler, notFoundHandler } from '../http/problem';

export interface MetricsServerDeps {
  registry: Registry;
  token: string;
  logger: Logger;
  /** 0 picks a free port (tests); the caller decides whether to serve at all. */
  port: number;
  /** Every interface when absent, as the api listens. */
  host?: string;
}

/**
 * A worker process's own /metrics, for a worker started without the api: nothing else listens there.
 * Resolves once listening; close it with `server.close()`.
 */
export async function startMetricsServer(deps: MetricsServerDeps): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.use(createMetricsRouter({ registry: deps.registry, token: deps.token }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
