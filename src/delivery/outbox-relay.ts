import type { Queue } from 'bullmq';
import type { Notification, Pool, PoolClient } from 'pg';
import { enqueueDeliveries, type DeliveryJob } from '../queues';
import type { Logger } from '../logger';

/** The channel migration 004's trigger notifies on every new delivery row. */
const CHANNEL = 'delivery_outbox';

/**
 * The relay of the transactional outbox: every `deliveries` row is written in the transaction that
 * changes a verdict, whoever changes it (worker, moderator, site feedback, Akismet submit), and its
 * trigger's NOTIFY reaches this LISTEN only once that transaction commits. The relay enqueues the
 * delivery job (job id = delivery id) right away. A notification missed while the connection is
 * down is not lost: the sweeper enqueues pending deliveries that are overdue.
 */
export function createOutboxRelay(deps: {
  pool: Pool;
  queue: Queue<DeliveryJob>;
  logger: Logger;
  reconnectMs?: number;
}) {
  const { pool, queue, logger } = deps;
  let client: PoolClient | null = null;
  let schema = '';
  let stopped = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let batch: string[] = [];
  let flushing: Promise<void> = Promise.resolve();

  // Notifications of one commit arrive together; they are enqueued in one round trip.
  const flush = () => {
    const ids = batch;
    batch = [];
    flushing = enqueueDeliveries(queue, ids).catch((error: unknown) =>
      logger.warn({ err: error, count: ids.length }, 'cannot enqueue deliveries; the sweeper will'),
    );
  };

  const onNotification = (message: Notification) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const at = message.payload.lastIndexOf(':');
    // Other installations (schemas) in the same database notify on the same channel.
    if (message.payload.slice(0, at) !== schema) return;
    batch.push(message.payload.slice(at + 1));
    if (batch.length === 1) setImmediate(flush);
  };

  const scheduleReconnect = () => {
    if (stopped) return;
    reconnectTimer = setTimeout(() => {
      connect().catch((error: unknown) => {
        logger.warn({ err: error }, 'outbox relay cannot listen; retrying');
        scheduleReconnect();
      });
    }, deps.reconnectMs ?? 1_000);
  };

  const onLost = (lost: PoolClient, error: Error) => {
    if (client !== lost) return;
    client = null;
    lost.release(error);
    logger.warn({ err: error }, 'outbox relay lost its connection; reconnecting');
    scheduleReconnect();
  };

  async function connect(): Promise<void> {
    const next = await pool.connect();
    next.on('error', (error) => onLost(next, error));
    next.on('end', () => onLost(next, new Error('connection ended')));
    try {
      const { rows } = await next.query<{ schema: string }>(
        `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = 'deliveries'::regclass`,
      );
      schema = rows[0]!.schema;
      next.on('notification', onNotification);
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      next.release(true);
      throw error;
    }
    if (stopped) return next.release(true);
    client = next;
  }

  return {
    /** Starts listening; resolves once notifications are being received. */
    start: () => connect(),
    /** The PostgreSQL backend that listens, while one does: for diagnostics. */
    listenerPid: (): number | null => (client as { processID?: number } | null)?.processID ?? null,
    /** Stops listening and waits for the enqueue in flight. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(reconnectTimer);
      const current = client;
      client = null;
      // Destroyed rather than returned to the pool, so no LISTEN outlives the relay.
      current?.release(true);
      if (batch.length > 0) flush();
      await flushing;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
