import { Worker } from 'bullmq';
import { loadConfig, type Config } from '../src/config';
import { createLogger, type Logger } from '../src/logger';
import { createPool } from '../src/db/pool';
import { migrate } from '../src/db/migrate';
import { closeQueues, createQueues, createRedis, QUEUE, SWEEP_SCHEDULER } from '../src/queues';
import { createChecks } from '../src/moderation/checks';
import { createRedisCrowdIndex } from '../src/crowd/redis-crowd-index';
import { exitOnStartupFailure, onShutdown } from '../src/shutdown';
import { createModerationProcessor } from './moderation.processor';
import { createMaintenanceProcessor } from './maintenance.processor';

/**
 * Composition root of a worker process: the moderation worker and the maintenance worker
 * (the sweeper). Returns a function that finishes in-flight jobs and closes every connection.
 */
export async function startWorkers(config: Config, logger: Logger): Promise<() => Promise<void>> {
  const pool = createPool(config.DATABASE_URL, undefined, (error) =>
    logger.warn({ err: error }, 'idle database connection lost'),
  );
  await migrate(pool);
  const connection = createRedis(config.REDIS_URL, 'worker');
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const queues = createQueues(connection, config.QUEUE_PREFIX);
  const common = {
    connection,
    prefix: config.QUEUE_PREFIX,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
  };

  const moderation = new Worker(
    QUEUE.moderation,
    createModerationProcessor({
      pool,
      checks: createChecks(),
      crowd: createRedisCrowdIndex(connection, config.QUEUE_PREFIX),
      logger,
    }),
    { ...common, concurrency: config.WORKER_CONCURRENCY },
  );
  const maintenance = new Worker(
    QUEUE.maintenance,
    createMaintenanceProcessor({
      pool,
      moderationQueue: queues.moderation,
      staleAfterMs: config.SWEEP_AFTER_MS,
      logger,
    }),
    { ...common, concurrency: 1 },
  );
  for (const worker of [moderation, maintenance]) {
    worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'worker error'));
    worker.on('failed', (job, error) =>
      logger.warn(
        { err: error, queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade },
        'job failed',
      ),
    );
  }

  // The scheduler lives in Redis; if Redis loses it (restart without persistence, flush), put it back,
  // or nothing would ever sweep again.
  const ensureSweepScheduled = async () => {
    const scheduler = await queues.maintenance.getJobScheduler(SWEEP_SCHEDULER);
    if (scheduler?.every === config.SWEEP_EVERY_MS) return;
    await queues.maintenance.upsertJobScheduler(
      SWEEP_SCHEDULER,
      { every: config.SWEEP_EVERY_MS },
      { name: 'sweep' },
    );
  };
  await ensureSweepScheduled();
  const scheduleTimer = setInterval(() => {
    ensureSweepScheduled().catch((error: unknown) =>
      logger.warn({ err: error }, 'cannot schedule the sweeper'),
    );
  }, config.SWEEP_EVERY_MS);
  scheduleTimer.unref();
  logger.info({ concurrency: config.WORKER_CONCURRENCY, prefix: config.QUEUE_PREFIX }, 'workers started');

  return async () => {
    clearInterval(scheduleTimer);
    // Worker#close waits for the jobs in flight to finish.
    await Promise.all([moderation.close(), maintenance.close()]);
    await closeQueues(queues);
    await connection.quit();
    await pool.end();
  };
}

if (require.main === module) {
  let logger: Logger | undefined;
  (async () => {
    const config = loadConfig();
    logger = createLogger(config, 'worker');
    const close = await startWorkers(config, logger);
    onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, close);
  })().catch((error: unknown) => exitOnStartupFailure(error, logger));
}
