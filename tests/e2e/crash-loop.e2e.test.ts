import type { Pool } from 'pg';
import { ADMIN_TOKEN, createTestEnv, type TestEnv } from '../helpers/test-env';
import { createHttpClient } from '../helpers/http-client';
import { killAllThen, spawnWorker, startApi, waitWhileRunning, type ApiProcess } from '../helpers/processes';

/**
 * A comment that kills every worker that takes it. A killed run ends in neither a failure nor a
 * verdict: BullMQ only finds the job stalled and hands it to the next worker. Without counting
 * those runs the comment would be taken (and kill a worker) for ever; it must be held for review
 * after MAX_PROCESSING_ATTEMPTS of them, without its checks running again.
 *
 * The workers are real processes killed with -9 while they hold the comment: each one is made to
 * wait on the comment's row, locked by the test, and killed there.
 */
const MAX_ATTEMPTS = 2;
const WORKER_SETTINGS = { MAX_PROCESSING_ATTEMPTS: String(MAX_ATTEMPTS) };

let testEnv: TestEnv;
let api: ApiProcess;

beforeAll(async () => {
  testEnv = await createTestEnv();
  api = await startApi(testEnv.env);
}, 60_000);

afterAll(() => killAllThen(() => testEnv?.cleanup()));

/** Holds the row lock of one comment in an open transaction, so whoever writes the comment waits. */
async function lockComment(pool: Pool, externalId: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const locked = await client.query('SELECT id FROM comments WHERE external_id = $1 FOR UPDATE', [
    externalId,
  ]);
  expect(locked.rowCount).toBe(1);
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const waitingSessions = (select: string) =>
    pool.query<{ n: number }>(
      `SELECT ${select} AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
      [rows[0]!.pid],
    );
  return {
    /** Sessions waiting for this lock. */
    waiting: async () => (await waitingSessions('count(*)::int')).rows[0]!.n,
    /**
     * Ends the sessions waiting for this lock. A killed worker's session waits on, as PostgreSQL only
     * notices its client is gone when it next talks to it: its statement would run once the lock is
     * released, which a worker killed mid-job (not mid-statement) would not do.
     */
    endWaiting: () => waitingSessions('pg_terminate_backend(pid)'),
    async release(): Promise<void> {
      await client.query('ROLLBACK');
      client.release();
    },
  };
}

it('when a comment kills its worker every time, it is held for review after MAX_PROCESSING_ATTEMPTS runs', async () => {
  const http = createHttpClient(api.url);
  const site = (await http('POST', '/v1/sites', { token: ADMIN_TOKEN, body: { name: 'Crashing' } })).body;
  const posted = await http('POST', '/v1/comments', {
    token: site.apiKey,
    body: { id: 'killer', content: 'Could you publish the underlying data set as well?' },
  });
  expect(posted.status).toBe(202);
  const lock = await lockComment(testEnv.pool, 'killer');

  for (let run = 1; run <= MAX_ATTEMPTS; run++) {
    const worker = spawnWorker(testEnv.env, WORKER_SETTINGS, `worker-${run}`);
    await waitWhileRunning(
      [api, worker],
      () => lock.waiting(),
      (n) => n > 0,
      30_000,
    );
    await worker.kill();
    await lock.endWaiting();
  }
  // The next worker takes the comment again (BullMQ moves the killed run's job back once its lock
  // expires); it must hold it, not moderate it: released, it would be approved.
  const last = spawnWorker(testEnv.env, WORKER_SETTINGS, 'worker-last');
  await waitWhileRunning(
    [api, last],
    () => lock.waiting(),
    (n) => n > 0,
    30_000,
  );
  await lock.release();

  const row = await waitWhileRunning(
    [api, last],
    async () =>
      (
        await testEnv.pool.query(
          `SELECT id, status, action, signals, processing_attempts, processing_error
             FROM comments WHERE external_id = 'killer'`,
        )
      ).rows[0],
    (found) => found.status !== 'queued',
    30_000,
  );
  expect(row).toMatchObject({
    status: 'pending_review',
    action: 'review',
    processing_attempts: MAX_ATTEMPTS,
    processing_error: 'job_stalled',
  });
  expect(row.signals).toEqual([
    expect.objectContaining({
      code: 'processing_failed',
      message: expect.stringContaining(`failed ${MAX_ATTEMPTS} times (job_stalled`),
    }),
  ]);
  const decisions = await testEnv.pool.query('SELECT decided_by FROM decisions WHERE comment_id = $1', [
    row.id,
  ]);
  expect(decisions.rows).toEqual([{ decided_by: 'auto' }]);
  const seen = await http('GET', '/v1/comments/killer', { token: site.apiKey });
  expect(seen).toMatchObject({ status: 200, body: { status: 'pending_review' } });
}, 120_000);
