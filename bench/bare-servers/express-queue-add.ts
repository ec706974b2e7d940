import express from 'express';
import { closeQueues, createQueues, createRedis } from '../../src/queues';

/**
 * The bare building block of intake: Express 5, the json body parser and one BullMQ `queue.add`
 * per request, on the service's own producer connection settings and queue construction, with
 * the job options of src/queues.ts (job id = the comment id). No auth, validation or PostgreSQL.
 */
const redis = createRedis(process.env.REDIS_URL!, 'producer');
const queues = createQueues(redis, process.env.QUEUE_PREFIX!);
const jobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: true,
};

const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => {
  res.json({ ok: redis.status === 'ready' });
});
app.use(express.json({ limit: 64 * 1024 }));
app.post('/v1/comments', async (req, res) => {
  const id = String((req.body as { id?: unknown }).id);
  await queues.moderation[0]!.add('moderate', { commentId: id }, { ...jobOptions, jobId: id });
  res.status(202).json({ id, status: 'queued' });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () =>
  server.close(() => {
    void closeQueues(queues).finally(() => {
      redis.disconnect();
      process.exit(0);
    });
  }),
);
