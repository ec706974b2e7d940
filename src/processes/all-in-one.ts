import { loadConfig, type AllInOneConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { startApi } from './api';
import { startWorkers } from './workers';
import { exitOnStartupFailure, onShutdown } from '../shutdown';
import { createMetrics } from '../metrics';

/** The simple way to run the service: migrations, the api and every worker in one process. */
async function main(config: AllInOneConfig, logger: Logger) {
  // One registry for both, so the api's /metrics includes the verdicts and timings of the workers.
  const metrics = createMetrics();
  const closeWorkers = await startWorkers(config, logger, { metrics });
  const api = await startApi(config, logger, { metrics });
  onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    // Stop taking comments first, then let the workers finish what they hold.
    await api.close();
    await closeWorkers();
  });
}

let logger: Logger | undefined;
try {
  const config = loadConfig('all-in-one');
  logger = createLogger(config, 'moderation');
  main(config, logger).catch((error: unknown) => exitOnStartupFailure(error, logger));
} catch (error) {
  exitOnStartupFailure(error, logger);
}
