import type { Logger } from './logger';

/**
 * Runs `close` once on SIGTERM or SIGINT, then exits; if closing takes longer than timeoutMs
 * the process exits anyway with code 1, so an orchestrator is never left waiting.
 */
export function onShutdown(logger: Logger, timeoutMs: number, close: () => Promise<void>): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** Logs and exits when a composition root fails to start (bad config, unreachable database). */
export function exitOnStartupFailure(error: unknown, logger?: Logger): never {
  if (logger) logger.fatal({ err: error }, 'startup failed');
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
