import { types } from 'node:util';
import { Pool, type PoolClient } from 'pg';

/** Something that runs SQL: the pool, or a client inside a transaction. */
export type Db = Pick<Pool, 'query'>;

export interface PoolOptions {
  /** Most connections at once. */
  max?: number;
  /** Longest one statement may run, in ms; 0 (the default) for no limit. */
  statementTimeoutMs?: number;
  /** Longest opening a connection may take, in ms; 3,000 when absent. */
  connectTimeoutMs?: number;
  /** Sessions refuse to write: for a replica's pool, so a write sent there by mistake fails even on the primary. */
  readOnly?: boolean;
  /** PostgreSQL restarted or ended an idle connection; the pool has dropped it already. */
  onIdleError?: (error: Error) => void;
}

/**
 * The session settings go into the connection string's `options` (appended to any it has, such as
 * a search_path): pg lets a connection string override the pool's own settings, not add to them.
 */
function withSessionSettings(databaseUrl: string, settings: Record<string, string>): string {
  const url = new URL(databaseUrl);
  const extra = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`);
  if (extra.length === 0) return databaseUrl;
  const options = [url.searchParams.get('options'), ...extra].filter(Boolean).join(' ');
  url.searchParams.set('options', options);
  return url.toString();
}

/** A PostgreSQL pool; only composition roots call this. */
export function createPool(databaseUrl: string, options: PoolOptions = {}): Pool {
  const {
    max = 20,
    statementTimeoutMs = 0,
    connectTimeoutMs = 3_000,
    readOnly = false,
    onIdleError = () => undefined,
  } = options;
  const settings: Record<string, string> = {};
  if (statementTimeoutMs > 0) {
    settings.statement_timeout = String(statementTimeoutMs);
    // A client that stops mid-transaction must not hold its locks for longer than a statement may run.
    settings.idle_in_transaction_session_timeout = String(Math.max(statementTimeoutMs, 10_000));
  }
  if (readOnly) settings.default_transaction_read_only = 'on';
  const pool = new Pool({
    connectionString: withSessionSettings(databaseUrl, settings),
    max,
    // Fail fast when PostgreSQL is down, so intake can answer 503 instead of hanging.
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'comment-moderation',
  });
  // When PostgreSQL restarts or terminates a backend, the pool emits the idle client's error; with no
  // listener that would crash the process. The pool drops the client and the next query reconnects.
  pool.on('error', onIdleError);
  return pool;
}

/** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// Deadlock detected, serialization failure: both mean "try again".
const RETRYABLE = new Set(['40P01', '40001']);

/** withTransaction for idempotent work, retried (up to 3 attempts in all) when PostgreSQL asks to try again. */
export async function withRetriedTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(pool, fn);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    }
  }
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '53300',
  '55000',
]);

/**
 * True when an error means PostgreSQL cannot serve us right now (down, refusing connections,
 * shutting down, out of connections) rather than that the query was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // isNativeError also accepts errors from another realm (vm contexts such as jest's), where instanceof fails.
  if (!(error instanceof Error) && !types.isNativeError(error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Class 08 is "connection exception"; 57P01-57P03 are shutdown and "cannot connect now".
    if (code.startsWith('08') || code.startsWith('57P') || unavailableCodes.has(code)) return true;
  }
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(
    error.message,
  );
}
