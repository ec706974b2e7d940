import type { Server } from 'node:http';
import { loadConfig, type ApiConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { createPool } from '../db/pool';
import { poolSettingsFor } from '../config/database-pools';
import { migrate } from '../db/migrate';
import {
  allQueues,
  closeModerationEvents,
  closeQueues,
  createModerationEvents,
  createQueues,
  createRedis,
} from '../queues';
import { createApp } from '../api/app';
import { createVerdictWaiter } from '../intake/verdict-waiter';
import { exitOnStartupFailure, onShutdown } from '../shutdown';
import { createServerDrain } from '../server-drain';
import { createMetrics, type Metrics } from '../metrics';
import { createLiveHub } from '../live/live-hub';
import { redisKeyspace } from '../redis-keys';
import { createCredentialChanges } from '../access/credential-changes';

/**
 * Composition root of the api: pool → migrations → Redis producer → queues → app → listen.
 * Returns the server and a function that stops accepting, finishes in-flight requests and closes.
 */
export async function startApi(
  config: ApiConfig,
  logger: Logger,
  /** The all-in-one process passes the registry its workers report to, so /metrics shows both. */
  options: { metrics?: Metrics } = {},
): Promise<{ server: Server; close: () => Promise<void> }> {
  const onIdleError = (error: Error) => logger.warn({ err: error }, 'idle database connection lost');
  const poolSettings = poolSettingsFor('api', config);
  const pool = createPool(config.DATABASE_URL, { ...poolSettings, onIdleError });
  await migrate(pool);
  // The review queue, stats and audit reads go to the replica when there is one.
  const readPool = config.DATABASE_READ_URL
    ? createPool(config.DATABASE_READ_URL, { ...poolSettings, readOnly: true, onIdleError })
    : pool;
  const redis = createRedis(config.REDIS_URL, 'producer', config.REDIS_CONNECT_TIMEOUT_MS);
  let redisDown = false;
  redis.on('error', (error) => {
    // ioredis repeats the error on every reconnect attempt; say it once per outage.
    if (!redisDown)
      logger.warn({ err: error }, 'redis unavailable; intake continues, the sweeper enqueues later');
    redisDown = true;
  });
  redis.on('ready', () => (redisDown = false));
  const queues = createQueues(redis, config.QUEUE_PREFIX, config.MODERATION_QUEUES);
  // The connection's own listener reports outages; these keep BullMQ from printing each one again.
  for (const queue of allQueues(queues)) {
    queue.on('error', (error: Error) => logger.debug({ err: error, queue: queue.name }, 'queue error'));
  }

  // Completions of moderation jobs, heard on a connection of their own, wake `Prefer: wait` requests.
  const queueEvents = createModerationEvents(config.REDIS_URL, config.QUEUE_PREFIX, config.MODERATION_QUEUES);
  for (const events of queueEvents) {
    events.on('error', (error) => logger.debug({ err: error }, 'queue events error'));
  }
  const verdictWaiter = createVerdictWaiter(queueEvents);

  // One subscriber for the process feeds every open dashboard's live events (src/live/).
  const subscriber = createRedis(config.REDIS_URL, 'subscriber');
  subscriber.on('error', (error) => logger.debug({ err: error }, 'live events connection error'));
  const keys = redisKeyspace(config.REDIS_KEY_PREFIX);
  const live = createLiveHub({ subscriber, channel: keys.live, logger });
  // The same subscriber hears revocations: every api process drops its cached credentials at once.
  const credentialChanges = createCredentialChanges({
    publisher: redis,
    subscriber,
    channel: keys.credentialChanges,
    logger,
  });

  const metrics = options.metrics ?? createMetrics();
  const app = createApp({
    config,
    logger,
    pool,
    readPool,
    redis,
    queues,
    verdictWaiter,
    metrics,
    live,
    credentialChanges,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.PORT, () => resolve(listening));
    listening.once('error', reject);
  });
  logger.info({ port: config.PORT }, 'api listening');
  const serverDrain = createServerDrain(server);

  const close = async () => {
    // No new connections, idle ones closed, busy ones closed after their answer (Connection: close).
    const closed = serverDrain.drain();
    // Requests waiting for a verdict answer 202 now rather than hold the shutdown up to 10 s;
    // dashboards' event streams end (their EventSource reconnects to another api process).
    verdictWaiter.close();
    live.close();
    credentialChanges.close();
    await closed;
    await closeQueues(queues);
    await closeModerationEvents(queueEvents);
    subscriber.disconnect();
    redis.disconnect();
    await pool.end();
    if (readPool !== pool) await readPool.end();
  };
  return { server, close };
}

if (require.main === module) {
  let logger: Logger | undefined;
  (async () => {
    const config = loadConfig('api');
    logger = createLogger(config, 'api');
    const { close } = await startApi(config, logger);
    onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, close);
  })().catch((error: unknown) => exitOnStartupFailure(error, logger));
}
