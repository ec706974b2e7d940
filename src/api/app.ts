import express, { type Express } from 'express';
import type { Pool } from 'pg';
import type { RedisClient } from '../redis-connection';
import type { Logger } from '../logger';
import { allQueues, type Queues } from '../queues';
import { createMetrics, type Metrics } from '../metrics';
import type { VerdictWaiter } from '../intake/verdict-waiter';
import { createAuth } from '../http/auth';
import { createErrorHandler, notFoundHandler } from '../http/problem';
import { rejectUnsafeUrl } from '../http/text-guard';
import { createRequestMetrics } from '../http/request-metrics';
import { createRequestLog } from '../http/request-log';
import { createSecurityHeaders } from '../http/security-headers';
import { createSessionAuth } from '../http/session-auth';
import type { LiveHub } from '../live/live-hub';
import type { CredentialChanges } from '../access/credential-changes';
import { routeTable, type RoutesConfig } from './routes';
import { createServices, type ServicesConfig } from './services';

export interface AppDeps {
  config: ServicesConfig & RoutesConfig;
  logger: Logger;
  pool: Pool;
  /** Where the review queue, stats and audit are read: a replica's pool, or `pool` (the default). */
  readPool?: Pool;
  /** The producer connection: used for /readyz. */
  redis: RedisClient;
  queues: Queues;
  /** Wakes `Prefer: wait` requests; without it intake answers at once whatever the Prefer header says. */
  verdictWaiter?: VerdictWaiter;
  /** The built dashboard's folder; dist/dashboard by default. */
  dashboardDir?: string;
  /** The process's metrics, shared with its workers in the all-in-one process; a registry of its own if absent. */
  metrics?: Metrics;
  /** Live events for open dashboards (one subscriber per process); without it they poll. */
  live?: LiveHub;
  /** Other api processes' credential changes (on the same subscriber); without it, caches expire by themselves. */
  credentialChanges?: CredentialChanges;
}

/** The api's Express app, without listen, so tests drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const { logger, queues } = deps;
  const services = createServices(deps);
  const auth = createAuth({
    credentials: services.credentials,
    sessions: createSessionAuth(services.sessions),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(createSecurityHeaders());
  const metrics = deps.metrics ?? createMetrics();
  metrics.trackQueues(allQueues(queues));
  app.use(createRequestMetrics(metrics));

  app.use(createRequestLog(logger));
  app.use(rejectUnsafeUrl);
  for (const handler of routeTable({ ...deps, services, auth, metrics })) app.use(handler);
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
