import type { ConfigOf, Role } from './index';

/** How one process's PostgreSQL pool is sized and bounded. */
export interface PoolSettings {
  /** Most connections at once. */
  max: number;
  /** Longest one statement may run, in ms; 0 for no limit. */
  statementTimeoutMs: number;
  /** Longest opening a connection may take, in ms (DATABASE_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs: number;
}

/**
 * Each role's pool, unless DATABASE_POOL_MAX or STATEMENT_TIMEOUT_MS say otherwise.
 * - api: 20 connections, and 5 s per statement: a request that waits longer has lost its caller,
 *   and a runaway query must not hold a connection that intake needs.
 * - worker: a connection per 5 moderation jobs in flight (a job holds one only for its short
 *   transaction), one per 4 callbacks, and 2 for the sweeper and the outbox relay; 60 s per
 *   statement, as retention and erasure touch many rows at once.
 * - the CLIs: 2 connections, no limit (training reads every labeled comment).
 * PostgreSQL's max_connections must cover the sum over every process (docs/capacity.md).
 */
export function poolSettingsFor<R extends Role>(role: R, config: ConfigOf<R>): PoolSettings {
  const byRole = (): Omit<PoolSettings, 'connectTimeoutMs'> => {
    if (role === 'api') return { max: 20, statementTimeoutMs: 5_000 };
    if (role === 'worker') {
      const worker = config as ConfigOf<'worker'>;
      const max = Math.ceil(worker.WORKER_CONCURRENCY / 5) + Math.ceil(worker.DELIVERY_CONCURRENCY / 4) + 2;
      return { max: Math.min(50, max), statementTimeoutMs: 60_000 };
    }
    return { max: 2, statementTimeoutMs: 0 };
  };
  const chosen = byRole();
  return {
    max: config.DATABASE_POOL_MAX ?? chosen.max,
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS ?? chosen.statementTimeoutMs,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  };
}
