import { Worker } from 'bullmq';
import { loadConfig, type WorkerConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { createPool } from '../db/pool';
import { poolSettingsFor } from '../config/database-pools';
import { migrate } from '../db/migrate';
import {
  allQueues,
  closeQueues,
  createQueues,
  createRedis,
  maintenanceJobOptions,
  QUEUE,
  RETENTION_SCHEDULER,
  SWEEP_SCHEDULER,
} from '../queues';
import { createChecks } from '../moderation/checks';
import { createRedisCrowdIndex } from '../crowd/redis-crowd-index';
import { redisKeyspace } from '../redis-keys';
import { exitOnStartupFailure, onShutdown } from '../shutdown';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createMaintenanceProcessor } from '../../workers/maintenance.processor';
import { createDeliveryProcessor } from '../../workers/delivery.processor';
import { createOutboxRelay } from '../delivery/outbox-relay';
import { createMetrics, type Metrics } from '../metrics';
import { startMetricsServer } from '../api/metrics-server';
import { loadTextModels } from '../model-files';
import { createLivePublisher } from '../live/live-events';
import { createFairQueueing, createFairRunning } from '../fairness/fair-share';
import { withSiteCap } from '../fairness/site-cap';

/**
 * Composition root of a worker process: the moderation worker, the maintenance worker
 * (the sweeper), and the delivery worker with the outbox relay that feeds it. Returns a function
 * that finishes in-flight jobs and closes every connection.
 */
export async function startWorkers(
  config: WorkerConfig,
  logger: Logger,
  /** The all-in-one process passes the registry its api serves; a worker alone has its own. */
  options: { metrics?: Metrics } = {},
): Promise<() => Promise<void>> {
  const metrics = options.metrics ?? createMetrics();
  const pool = createPool(config.DATABASE_URL, {
    ...poolSettingsFor('worker', config),
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
  });
  await migrate(pool);
  const connection = createRedis(config.REDIS_URL, 'worker');
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const queues = createQueues(connection, config.QUEUE_PREFIX, config.MODERATION_QUEUES);
  for (const queue of allQueues(queues)) {
    queue.on('error', (error: Error) => logger.debug({ err: error, queue: queue.name }, 'queue error'));
  }
  const counters = createRedis(config.REDIS_URL, 'counters');
  counters.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const common = {
    connection,
    prefix: config.QUEUE_PREFIX,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
  };

  const fairKeys = redisKeyspace(config.REDIS_KEY_PREFIX).fairness;
  const fairRunning = createFairRunning(counters, fairKeys, {
    maxInFlight: config.SITE_MAX_IN_FLIGHT,
    lockMs: config.WORKER_LOCK_MS,
  });
  const moderate = metrics.timeJobs(
    QUEUE.moderation,
    withSiteCap(
      fairRunning,
      logger,
      createModerationProcessor({
        pool,
        checks: createChecks({ models: loadTextModels() }),
        crowd: createRedisCrowdIndex(counters, redisKeyspace(config.REDIS_KEY_PREFIX).crowd, {
          maxComments: config.CROWD_MAX_COMMENTS,
        }),
        logger,
        metrics: metrics.moderation,
        maxAttempts: config.MAX_PROCESSING_ATTEMPTS,
        // PUBLISH on the counters' connection: it is not a blocking one, and is already pipelined.
        live: createLivePublisher({
          redis: counters,
          channel: redisKeyspace(config.REDIS_KEY_PREFIX).live,
          logger,
        }),
      }),
    ),
  );
  // Every process consumes every moderation queue; WORKER_CONCURRENCY is shared out among them.
  // The processor counts a job's stalls as failed attempts and holds the comment when they are spent;
  // BullMQ must not fail the job first (its default: at the second stall), or the sweeper would
  // re-add it as a new job whose stalls start again at zero.
  const moderationWorkers = queues.moderation.map(
    (queue) =>
      new Worker(queue.name, moderate, {
        ...common,
        maxStalledCount: config.MAX_PROCESSING_ATTEMPTS,
        prefix: queue.opts.prefix,
        concurrency: Math.ceil(config.WORKER_CONCURRENCY / queues.moderation.length),
      }),
  );
  const maintenance = new Worker(
    QUEUE.maintenance,
    metrics.timeJobs(
      QUEUE.maintenance,
      createMaintenanceProcessor({
        pool,
        moderationQueues: queues.moderation,
        fairQueueing: createFairQueueing(counters, fairKeys, config.SITE_FAST_LANE),
        deliveryQueue: queues.delivery,
        staleAfterMs: config.SWEEP_AFTER_MS,
        maxProcessingAttempts: config.MAX_PROCESSING_ATTEMPTS,
        logger,
      }),
    ),
    { ...common, concurrency: 1 },
  );
  const delivery = new Worker(
    QUEUE.delivery,
    metrics.timeJobs(
      QUEUE.delivery,
      createDeliveryProcessor({
        pool,
        logger,
        schedule: config.DELIVERY_SCHEDULE_MS,
        timeoutMs: config.DELIVERY_TIMEOUT_MS,
        disableAfterMs: config.CALLBACK_DISABLE_AFTER_MS,
        allowHosts: config.CALLBACK_ALLOW_HOSTS,
        metrics: metrics.delivery,
      }),
    ),
    { ...common, concurrency: config.DELIVERY_CONCURRENCY },
  );
  for (const worker of [...moderationWorkers, maintenance, delivery]) {
    worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'worker error'));
    worker.on('stalled', (jobId) =>
      logger.warn({ queue: worker.name, jobId }, 'job stalled; its worker stopped or lost its lock'),
    );
    worker.on('failed', (job, error) =>
      logger.warn(
        { err: error, queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade },
        'job failed',
      ),
    );
  }

  const relay = createOutboxRelay({ pool, queue: queues.delivery, logger });
  await relay.start();

  const untrackQueues = metrics.trackQueues(allQueues(queues));
  const metricsServer =
    config.WORKER_METRICS_PORT > 0
      ? await startMetricsServer({
          registry: metrics.registry,
          token: config.METRICS_TOKEN,
          logger,
          port: config.WORKER_METRICS_PORT,
        })
      : null;
  if (metricsServer) logger.info({ port: config.WORKER_METRICS_PORT }, 'worker metrics listening');

  // The schedulers live in Redis; if Redis loses them (restart without persistence, flush), put them
  // back, or nothing would ever sweep (or expire personal data) again.
  const schedules = [
    { id: SWEEP_SCHEDULER, every: config.SWEEP_EVERY_MS, name: 'sweep' },
    { id: RETENTION_SCHEDULER, every: config.RETENTION_EVERY_MS, name: 'retention' },
  ];
  const ensureSweepScheduled = async () => {
    for (const { id, every, name } of schedules) {
      const scheduler = await queues.maintenance.getJobScheduler(id);
      // A scheduler made before its template kept finished jobs bounded is made again.
      if (scheduler?.every === every && scheduler.template?.opts?.removeOnComplete !== undefined) continue;
      await queues.maintenance.upsertJobScheduler(id, { every }, { name, opts: maintenanceJobOptions });
    }
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
    if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    untrackQueues();
    await relay.stop();
    // Worker#close waits for the jobs in flight to finish.
    await Promise.all([...moderationWorkers, maintenance, delivery].map((worker) => worker.close()));
    await closeQueues(queues);
    await counters.quit();
    await connection.quit();
    await pool.end();
  };
}

if (require.main === module) {
  let logger: Logger | undefined;
  (async () => {
    const config = loadConfig('worker');
    logger = createLogger(config, 'worker');
    const close = await startWorkers(config, logger);
    onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, close);
  })().catch((error: unknown) => exitOnStartupFailure(error, logger));
}
