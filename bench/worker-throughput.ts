import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { insertComment } from '../src/db/comments-repository';
import { createChecks } from '../src/moderation/checks';
import { moderate } from '../src/moderation/moderate';
import { defaultPolicy } from '../src/moderation/policy';
import { closeQueues, createQueues, createRedis, enqueueModeration } from '../src/queues';
import { commentText } from '../src/loadtest/comments';
import { cpuPer, redisUsedMemory, sampleCpu, type CpuCost } from './cpu';
import { sleep, startNode } from './processes';
import { createScratch, REDIS_URL, scratchPrefix, type Scratch } from './scratch';
import { loadTextModels } from '../src/model-files';

export interface DrainFigures {
  /** Jobs per second from the first finished job to the last: the steady rate. */
  perSecond: number;
  /** Milliseconds from spawning the process to the last job finished (start-up included). */
  wallMs: number;
  done: number;
  /** CPU per job, in ms, by process (start-up included). */
  cpuPerJobMs: CpuCost;
}

export interface WorkerFigures {
  count: number;
  contentChars: number;
  concurrency: number;
  /** The check pipeline + policy per CPU-second, in this process: the CPU ceiling of one worker. */
  checksPerSecond: number;
  /** BullMQ addBulk of `count` moderation jobs. */
  addBulkJobsPerSecond: number;
  noop: DrainFigures;
  worker: DrainFigures;
  /** worker ÷ no-op. */
  ratio: number;
  /** Redis memory one waiting moderation job takes (used_memory before and after enqueueing them all). */
  redisBytesPerQueuedJob: number;
}

const rate = (count: number, firstMs: number, lastMs: number) =>
  count > 1 && lastMs > firstMs ? ((count - 1) * 1000) / (lastMs - firstMs) : NaN;

/**
 * Times the pure decision (every check + the policy) on the bench's texts, without any I/O; the
 * context parts the worker preloads from PostgreSQL/Redis are absent, so those checks abstain.
 */
function measureChecks(texts: string[]): number {
  const checks = createChecks({ models: loadTextModels() });
  const context = { policy: defaultPolicy, author: null, crowd: null, classifier: null };
  const receivedAt = new Date().toISOString();
  const run = (content: string) => moderate(checks, { content, author: {}, receivedAt }, context);
  for (const text of texts.slice(0, 500)) run(text);
  // CPU time, not wall time: other processes on the machine then hardly change the figure.
  const started = process.cpuUsage();
  for (const text of texts) run(text);
  const used = process.cpuUsage(started);
  return (texts.length * 1e6) / (used.user + used.system);
}

/** Inserts the comments as intake would store them, 16 at a time. */
async function insertComments(scratch: Scratch, texts: string[]): Promise<string[]> {
  const ids: string[] = new Array<string>(texts.length);
  let next = 0;
  const insertNext = async (): Promise<void> => {
    for (let i = next++; i < texts.length; i = next++) {
      const { comment } = await insertComment(scratch.pool, {
        siteId: scratch.siteId,
        externalId: `drain-${i}`,
        content: texts[i]!,
        author: { id: `reader-${i % 997}`, name: `Reader ${i % 997}` },
        authorKey: `id:reader-${i % 997}`,
        thread: { id: `article-${i % 31}` },
        parentId: null,
        lang: null,
        honeypot: null,
        meta: {},
        createdAt: null,
      });
      ids[i] = comment.id;
    }
  };
  await Promise.all(Array.from({ length: 16 }, insertNext));
  return ids;
}

/** Enqueues the ids under `prefix` in one addBulk; returns jobs per second. */
async function addJobs(prefix: string, ids: string[]): Promise<number> {
  const connection = createRedis(REDIS_URL, 'worker');
  const queues = createQueues(connection, prefix);
  try {
    await connection.ping();
    const started = performance.now();
    await enqueueModeration(
      queues.moderation,
      ids.map((id) => ({ id, siteId: 'bench' })),
    );
    return (ids.length * 1000) / (performance.now() - started);
  } finally {
    await closeQueues(queues);
    connection.disconnect();
  }
}

/** The no-op BullMQ worker drains `count` jobs; it reports its first and last completion over IPC. */
async function drainNoop(
  count: number,
  concurrency: number,
): Promise<{ figures: DrainFigures; addBulk: number }> {
  const prefix = scratchPrefix('noop');
  const addBulk = await addJobs(
    prefix,
    Array.from({ length: count }, () => randomUUID()),
  );
  let report: { completed: number; firstAt: number; lastAt: number } | undefined;
  const spawnedAt = Date.now();
  const redisBefore = (await sampleCpu(process.pid)).redis;
  const child = startNode('noop-worker', 'bench/bare-workers/noop-worker.js', {
    env: {
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      EXPECTED: String(count),
      WORKER_CONCURRENCY: String(concurrency),
    },
    onMessage: (message) => (report = message as typeof report),
  });
  try {
    const deadline = Date.now() + 60_000;
    while (!report && Date.now() < deadline && child.process.exitCode === null) await sleep(20);
    if (!report) throw new Error(`the no-op worker did not finish; its output:\n${child.output()}`);
    const after = await sampleCpu(child.process.pid!);
    const before = { node: 0, postgres: new Map<number, number>(), redis: redisBefore };
    return {
      figures: {
        perSecond: rate(report.completed, report.firstAt, report.lastAt),
        wallMs: report.lastAt - spawnedAt,
        done: report.completed,
        cpuPerJobMs: cpuPer(before, after, report.completed),
      },
      addBulk,
    };
  } finally {
    await child.stop();
  }
}

/** The real worker process drains `count` pre-inserted comments; PostgreSQL's decided_at times it. */
async function drainReal(scratch: Scratch, concurrency: number): Promise<DrainFigures> {
  const spawnedAt = Date.now();
  const redisBefore = (await sampleCpu(process.pid)).redis;
  const child = startNode('worker', 'src/processes/workers.js', {
    env: scratch.serviceEnv({ WORKER_CONCURRENCY: String(concurrency) }),
  });
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { rows } = await scratch.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM comments WHERE status = 'queued'`,
      );
      if (rows[0]!.n === 0 || Date.now() > deadline || child.process.exitCode !== null) break;
      await sleep(50);
    }
    const after = await sampleCpu(child.process.pid!, scratch.pool);
    const before = { node: 0, postgres: new Map<number, number>(), redis: redisBefore };
    const { rows } = await scratch.pool.query<{ done: number; first: number | null; last: number | null }>(
      `SELECT count(decided_at)::int AS done,
              extract(epoch FROM min(decided_at))::float8 * 1000 AS first,
              extract(epoch FROM max(decided_at))::float8 * 1000 AS last
       FROM comments`,
    );
    const { done, first, last } = rows[0]!;
    if (done === 0 || first === null || last === null)
      throw new Error(`the worker decided nothing; its output:\n${child.output()}`);
    return {
      perSecond: rate(done, first, last),
      wallMs: last - spawnedAt,
      done,
      cpuPerJobMs: cpuPer(before, after, done),
    };
  } finally {
    await child.stop();
  }
}

/** Worker throughput: the real moderation worker next to a no-op BullMQ worker, same job count. */
export async function benchWorker(
  count: number,
  contentChars: number,
  concurrency: number,
): Promise<WorkerFigures> {
  const texts = Array.from({ length: count }, (_, i) => commentText(i, contentChars));
  const checksPerSecond = measureChecks(texts);
  const noop = await drainNoop(count, concurrency);

  const scratch = await createScratch('worker');
  const ids = await insertComments(scratch, texts);
  const memoryBefore = await redisUsedMemory();
  const addBulkReal = await addJobs(scratch.prefix, ids);
  const redisBytesPerQueuedJob = ((await redisUsedMemory()) - memoryBefore) / ids.length;
  const worker = await drainReal(scratch, concurrency);
  return {
    count,
    contentChars,
    concurrency,
    checksPerSecond,
    addBulkJobsPerSecond: (noop.addBulk + addBulkReal) / 2,
    noop: noop.figures,
    worker,
    ratio: worker.perSecond / noop.figures.perSecond,
    redisBytesPerQueuedJob,
  };
}
