import request from 'supertest';
import { Worker } from 'bullmq';
import type { RedisClient } from '../../src/redis-connection';
import {
  createTestApp,
  createTestEnv,
  REDIS_URL,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { bearer, countRows } from '../helpers/problems';
import { fakeJob, scoredByMarker } from '../helpers/moderation';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createMaintenanceProcessor } from '../../workers/maintenance.processor';
import { createChecks, type NamedCheck } from '../../src/moderation/checks';
import { loadTextModels } from '../../src/model-files';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import type { CrowdIndex } from '../../src/moderation/check-context';
import type { LiveEvent } from '../../src/live/live-events';
import { createRedis, QUEUE, type ModerationJob } from '../../src/queues';

/**
 * Poison comments on the real BullMQ worker, Redis and PostgreSQL: a comment whose moderation keeps
 * failing is held for review with `processing_failed`, with its decision row, callback and live event,
 * and the comments grouped with it in one write get their verdicts as if it were not there.
 */
const MAX_ATTEMPTS = 3;
const REFUSED = 'refused-by-postgres';

let env: TestEnv;
let t: TestApp;
let site: { id: string; apiKey: string };
let connection: RedisClient;
const workers: Worker[] = [];
const live: LiveEvent[] = [];

beforeAll(async () => {
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app, { name: 'Poison', callbackUrl: 'http://127.0.0.1:9/hook' });
  // A row PostgreSQL refuses to store, as it refused the lone surrogate of issue 9: a verdict whose
  // signals carry this word breaks the constraint (23514), like a bad value would break jsonb (22P05).
  await env.pool.query(
    `ALTER TABLE comments ADD CONSTRAINT test_refused_signal
       CHECK (signals IS NULL OR position('${REFUSED}' in signals::text) = 0)`,
  );
  connection = createRedis(REDIS_URL, 'worker');
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  connection.disconnect();
  await t.close();
  await env.cleanup();
});

function startWorker(checks: NamedCheck[], crowd: CrowdIndex = createMemoryCrowdIndex()) {
  const worker = new Worker(
    QUEUE.moderation,
    createModerationProcessor({
      pool: env.pool,
      checks,
      crowd,
      logger: silentLogger,
      live: (event) => live.push(event),
      maxAttempts: MAX_ATTEMPTS,
    }),
    { connection, prefix: env.config.QUEUE_PREFIX, concurrency: 100 },
  );
  worker.on('error', () => undefined);
  workers.push(worker);
  return worker;
}

const postBatch = async (comments: Array<{ id: string; content: string }>) => {
  const res = await request(t.app)
    .post('/v1/comments/batch')
    .set('authorization', bearer(site.apiKey))
    .send({ comments });
  expect(res.status).toBe(202);
  return (res.body.items as Array<{ id: string }>).map((item) => item.id);
};
const rowsOf = async (ids: string[]) =>
  (
    await env.pool.query(
      `SELECT id, external_id, status, action, signals, processing_attempts, processing_error
         FROM comments WHERE id = ANY($1) ORDER BY external_id`,
      [ids],
    )
  ).rows;
/** The maintenance sweep, with every queued comment counted as stale. */
const createSweeper = () =>
  createMaintenanceProcessor({
    pool: env.pool,
    moderationQueues: t.queues.moderation,
    staleAfterMs: 0,
    maxProcessingAttempts: MAX_ATTEMPTS,
    logger: silentLogger,
  });
const allDecided = (rows: Array<{ status: string }>) => rows.every((row) => row.status !== 'queued');
const codesOf = (row: { signals: Array<{ code: string }> | null }) => (row.signals ?? []).map((s) => s.code);

it('the emoji-13 comment gets a verdict, and so do its 63 neighbours', async () => {
  const worker = startWorker(createChecks({ models: loadTextModels() }));
  const comments = [
    { id: 'emoji-13', content: 'nice 😀😀😀😀😀😀😀😀😀😀😀😀😀' },
    ...Array.from({ length: 63 }, (_, i) => ({ id: `emoji-n${i}`, content: `Ordinary reply number ${i}` })),
  ];
  const ids = await postBatch(comments);
  const rows = await waitFor(() => rowsOf(ids), allDecided, 60_000);
  await worker.close();

  expect(rows).toHaveLength(64);
  expect(rows.filter((row) => row.action === null)).toEqual([]);
  const emoji = rows.find((row) => row.external_id === 'emoji-13')!;
  expect(codesOf(emoji)).not.toContain('processing_failed');
  expect(emoji.processing_attempts).toBe(0);
  // Its quotes are whole: no surrogate half anywhere in what was stored.
  expect(JSON.stringify(emoji.signals)).not.toMatch(/\\ud83d(?!\\ude00)/i);
});

it('when PostgreSQL refuses one verdict of a group, that comment is held at once and the others are stored', async () => {
  const refusing: NamedCheck[] = [
    ...scoredByMarker,
    {
      name: 'links',
      run: (comment) =>
        comment.content.includes('poison')
          ? [{ check: 'test', code: 'refused', score: 0, message: REFUSED }]
          : [],
    },
  ];
  const worker = startWorker(refusing);
  const comments = [
    { id: 'group-poison', content: 'A poison comment' },
    ...Array.from({ length: 63 }, (_, i) => ({ id: `group-n${i}`, content: `Neighbour ${i}` })),
  ];
  const ids = await postBatch(comments);
  const rows = await waitFor(() => rowsOf(ids), allDecided, 60_000);
  await worker.close();

  const poison = rows.find((row) => row.external_id === 'group-poison')!;
  expect(poison).toMatchObject({
    status: 'pending_review',
    action: 'review',
    processing_attempts: 1,
    processing_error: '23514',
  });
  expect(codesOf(poison)).toEqual(['processing_failed']);
  expect(poison.signals[0].message).toContain('23514');
  const neighbours = rows.filter((row) => row.external_id !== 'group-poison');
  expect(neighbours.map((row) => row.status)).toEqual(Array(63).fill('approved'));
  expect(neighbours.every((row) => row.processing_attempts === 0)).toBe(true);
  // As for any verdict: one decision row, one callback, and the dashboards hear it is held.
  expect(await countRows(env.pool, 'decisions', 'comment_id = $1', [poison.id])).toBe(1);
  expect(await countRows(env.pool, 'deliveries', 'comment_id = $1', [poison.id])).toBe(1);
  const heldIds = live.flatMap((event) => (event.type === 'held' ? event.items.map((item) => item.id) : []));
  expect(heldIds).toContain(poison.id);
});

it(`when moderating a comment keeps throwing, it is held for review with processing_failed after ${MAX_ATTEMPTS} attempts`, async () => {
  const [id, neighbour] = await postBatch([
    { id: 'throws', content: 'This comment always fails' },
    { id: 'throws-neighbour', content: 'This one is fine' },
  ]);
  let attempts = 0;
  const crowd = createMemoryCrowdIndex();
  const failing: CrowdIndex = {
    observe: async (observation) => {
      if (observation.commentId === id) {
        attempts++;
        throw Object.assign(new Error('crowd index broken for this comment'), { code: 'ETEST' });
      }
      return crowd.observe(observation);
    },
  };
  const worker = startWorker(scoredByMarker, failing);
  const [held] = await waitFor(
    () => rowsOf([id!]),
    (rows) => rows[0]?.status !== 'queued',
    60_000,
  );
  await worker.close();

  expect(held).toMatchObject({
    status: 'pending_review',
    action: 'review',
    processing_attempts: MAX_ATTEMPTS,
    processing_error: 'ETEST',
  });
  expect(codesOf(held)).toEqual(['processing_failed']);
  expect(held.signals[0].message).toContain(`${MAX_ATTEMPTS} times`);
  expect(attempts).toBe(MAX_ATTEMPTS);
  expect((await rowsOf([neighbour!]))[0]).toMatchObject({ status: 'approved', processing_attempts: 0 });

  // Held, it is no longer queued: the sweeper finds nothing to bring back.
  const sweep = createSweeper();
  expect((await sweep({ name: 'sweep' } as never)).requeued).toBe(0);
});

/** A processor run on a job that BullMQ found stalled `stalledCounter` times; updateData keeps what it writes. */
function stalledJob(data: ModerationJob, stalledCounter: number) {
  const job = fakeJob(data, { stalledCounter });
  job.updateData = async (next) => void (job.data = next);
  return job;
}

it(`when a comment's job stalled ${MAX_ATTEMPTS} times (its worker killed mid-job), the next run holds it without running its checks`, async () => {
  const [id] = await postBatch([{ id: 'stalls', content: 'Kills its worker' }]);
  let runs = 0;
  const counting: NamedCheck[] = [{ name: 'links', run: () => (runs++, []) }];
  const processor = createModerationProcessor({
    pool: env.pool,
    checks: counting,
    crowd: createMemoryCrowdIndex(),
    logger: silentLogger,
    maxAttempts: MAX_ATTEMPTS,
  });

  const job = stalledJob({ commentId: id!, siteId: site.id }, MAX_ATTEMPTS);
  await expect(processor(job)).resolves.toMatchObject({ action: 'review' });

  expect(runs).toBe(0);
  const [held] = await rowsOf([id!]);
  expect(held).toMatchObject({
    status: 'pending_review',
    processing_attempts: MAX_ATTEMPTS,
    processing_error: 'job_stalled',
  });
  expect(codesOf(held)).toEqual(['processing_failed']);
  expect(held.signals[0].message).toContain(`${MAX_ATTEMPTS} times (job_stalled`);
  expect(job.data.stallsCounted).toBe(MAX_ATTEMPTS);
});

it('a stall is counted once: the runs after it count only new stalls, and an ordinary job counts none', async () => {
  const [id, plain] = await postBatch([
    { id: 'stalled-once', content: 'Stalled once, then fails' },
    { id: 'never-stalled', content: 'An ordinary comment' },
  ]);
  const crowd = createMemoryCrowdIndex();
  const processor = createModerationProcessor({
    pool: env.pool,
    checks: scoredByMarker,
    crowd: {
      observe: async (observation) => {
        if (observation.commentId !== id) return crowd.observe(observation);
        throw Object.assign(new Error('crowd index broken for this comment'), { code: 'ETEST' });
      },
    },
    logger: silentLogger,
    maxAttempts: MAX_ATTEMPTS,
  });
  const job = stalledJob({ commentId: id!, siteId: site.id }, 1);
  // The stall and the failure: two of the three attempts.
  await expect(processor(job)).rejects.toThrow('crowd index broken');
  expect((await rowsOf([id!]))[0]).toMatchObject({ status: 'queued', processing_attempts: 2 });
  // Its retry has not stalled again: only its own failure counts, and holds it under its code.
  await expect(processor(job)).resolves.toMatchObject({ action: 'review' });
  expect((await rowsOf([id!]))[0]).toMatchObject({
    status: 'pending_review',
    processing_attempts: MAX_ATTEMPTS,
    processing_error: 'ETEST',
  });

  await expect(processor(fakeJob({ commentId: plain!, siteId: site.id }))).resolves.toMatchObject({
    action: 'approve',
  });
  expect((await rowsOf([plain!]))[0]).toMatchObject({ status: 'approved', processing_attempts: 0 });
});

it('the sweeper leaves alone a comment that failed more than the limit and could not be held', async () => {
  const [id] = await postBatch([{ id: 'stranded', content: 'Could not be held' }]);
  const [other] = await postBatch([{ id: 'lost-job', content: 'Its job was lost' }]);
  await env.pool.query('UPDATE comments SET processing_attempts = $2 WHERE id = $1', [id, MAX_ATTEMPTS + 1]);
  await t.queues.moderation[0]!.obliterate({ force: true });
  const sweep = createSweeper();
  expect((await sweep({ name: 'sweep' } as never)).requeued).toBe(1);
  expect(await t.queues.moderation[0]!.getJob(other!)).toBeDefined();
  expect(await t.queues.moderation[0]!.getJob(id!)).toBeUndefined();
});
