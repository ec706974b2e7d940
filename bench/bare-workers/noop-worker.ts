import { Worker } from 'bullmq';
import { createRedis, QUEUE } from '../../src/queues';

/**
 * The bare building block of the moderation worker: a BullMQ Worker on the same queue name,
 * connection role and concurrency, whose processor does nothing. It reports to the bench over IPC
 * when it has completed EXPECTED jobs: the time of the first and the last completion.
 */
const expected = Number(process.env.EXPECTED);
const connection = createRedis(process.env.REDIS_URL!, 'worker');
let completed = 0;
let first = 0;

const worker = new Worker(QUEUE.moderation, async () => undefined, {
  connection,
  prefix: process.env.QUEUE_PREFIX!,
  concurrency: Number(process.env.WORKER_CONCURRENCY),
});
worker.on('error', (error) => console.error('worker error', error));
worker.on('completed', () => {
  completed += 1;
  if (completed === 1) first = Date.now();
  if (completed === expected) process.send?.({ completed, firstAt: first, lastAt: Date.now() });
});
process.once('SIGTERM', () => {
  void worker.close().finally(() => {
    connection.disconnect();
    process.exit(0);
  });
});
