import { Pool } from 'pg';
import {
  ADMIN_TOKEN,
  PG_BASE,
  REDIS_URL,
  createTestEnv,
  deleteKeys,
  uniqueName,
  type TestEnv,
} from '../helpers/test-env';
import { createHttpClient, type HttpClient } from '../helpers/http-client';
import { createQueueInspector, type QueueInspector } from '../helpers/queue-inspector';
import {
  assertRunning,
  killAll,
  startApi,
  spawnWorker,
  startWorker,
  waitWhileRunning,
} from '../helpers/processes';

/**
 * What the design promises when the engines fail under the service: a comment handed over is
 * never lost and never gets two verdicts, and a comment is never acknowledged without being stored.
 * Every test starts its own built processes on its own schema (or database) and queue prefix.
 */

/** Undone after each test, newest first: processes are killed before their schema is dropped. */
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  try {
    await killAll();
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups = [];
  }
});
afterAll(killAll);

async function setUp(): Promise<{ testEnv: TestEnv; inspector: QueueInspector }> {
  const testEnv = await createTestEnv();
  cleanups.push(() => testEnv.cleanup());
  const inspector = createQueueInspector(testEnv.config.QUEUE_PREFIX);
  cleanups.push(() => inspector.close());
  return { testEnv, inspector };
}

async function createSite(http: HttpClient): Promise<{ id: string; apiKey: string }> {
  const res = await http('POST', '/v1/sites', { token: ADMIN_TOKEN, body: { name: 'Durable News' } });
  if (res.status !== 201) throw new Error(`site creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const CONTENTS = [
  'I agree with the author, the numbers speak for themselves.',
  'This is a shitty article written by a fucking idiot',
  'Buy now http://a.example http://b.example http://c.example http://d.example',
  'Could you publish the underlying data set as well?',
];

/** Posts `count` comments, `inFlight` at a time, and expects each one accepted. */
async function postMany(http: HttpClient, apiKey: string, prefix: string, count: number, inFlight = 8) {
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        const res = await http('POST', '/v1/comments', {
          token: apiKey,
          body: { id: `${prefix}-${i}`, content: CONTENTS[i % CONTENTS.length] },
        });
        statuses.push(res.status);
      }
    }),
  );
  expect(statuses.filter((status) => status !== 202)).toEqual([]);
}

/** The SQL view of "every comment has exactly one verdict". */
async function verdictState(pool: Pool) {
  const [comments, queued, decisions, duplicates] = await Promise.all([
    pool.query<{ n: number }>('SELECT count(*)::int AS n FROM comments'),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments WHERE status = 'queued'`),
    pool.query<{ n: number }>('SELECT count(*)::int AS n FROM decisions'),
    pool.query('SELECT comment_id, count(*)::int AS n FROM decisions GROUP BY 1 HAVING count(*) > 1'),
  ]);
  return {
    comments: comments.rows[0]!.n,
    queued: queued.rows[0]!.n,
    decisions: decisions.rows[0]!.n,
    duplicates: duplicates.rows,
  };
}

it('when the worker is killed with -9 while holding jobs, a new worker gives every comment exactly one verdict', async () => {
  const { testEnv, inspector } = await setUp();
  const api = await startApi(testEnv.env);
  const http = createHttpClient(api.url);
  const site = await createSite(http);

  // A backlog first, so that whenever the worker is killed it is in the middle of it: with an empty
  // wait list a fast worker would often hold nothing at the instant of the kill.
  const TOTAL = 200;
  await postMany(http, site.apiKey, 'k', TOTAL);
  expect(await inspector.waitingJobs()).toBe(TOTAL);

  const first = spawnWorker(testEnv.env, { WORKER_CONCURRENCY: '2' }, 'worker-1');
  // Kill -9 once it has stored some verdicts (not all: the backlog takes it seconds); polled tightly.
  const deadline = Date.now() + 30_000;
  while ((await verdictState(testEnv.pool)).decisions < 20) {
    assertRunning(first);
    if (Date.now() > deadline)
      throw new Error(`worker-1 stored fewer than 20 verdicts in 30 s:\n${first.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await first.kill();
  const atKill = { active: await inspector.activeJobs(), state: await verdictState(testEnv.pool) };

  // The killed worker's jobs stay in the active list: only another worker's stalled-job check,
  // once their 2 s lock has expired, moves them back to wait.
  expect(first.exit).toEqual({ code: null, signal: 'SIGKILL' });
  expect(atKill.active).toBeGreaterThan(0);
  expect(atKill.state.decisions).toBeLessThan(TOTAL);
  expect(atKill.state.queued).toBeGreaterThan(0);

  const second = await startWorker(
    testEnv.env,
    {},
    async () => (await inspector.moderationWorkers()) > 0,
    'worker-2',
  );
  const final = await waitWhileRunning(
    [api, second],
    () => verdictState(testEnv.pool),
    (state) => state.queued === 0,
    60_000,
  );
  expect(final).toEqual({ comments: TOTAL, queued: 0, decisions: TOTAL, duplicates: [] });
  // The killed worker's jobs were recovered, not left hanging in Redis.
  await waitWhileRunning(
    [second],
    () => inspector.activeJobs(),
    (active) => active === 0,
    20_000,
  );
  // Every verdict is the first and only one: version 2, decided automatically.
  const versions = await testEnv.pool.query(
    `SELECT c.version, d.decided_by, count(*)::int AS n FROM comments c JOIN decisions d ON d.comment_id = c.id
     GROUP BY 1, 2`,
  );
  expect(versions.rows).toEqual([{ version: 2, decided_by: 'auto', n: TOTAL }]);
}, 120_000);

it('when Redis loses every BullMQ key while comments are queued, the sweeper re-enqueues them all', async () => {
  const { testEnv, inspector } = await setUp();
  const prefix = testEnv.config.QUEUE_PREFIX;
  const api = await startApi(testEnv.env);
  const http = createHttpClient(api.url);
  const site = await createSite(http);

  const TOTAL = 50;
  await postMany(http, site.apiKey, 'lost', TOTAL);
  expect(await inspector.waitingJobs()).toBe(TOTAL);

  // A Redis restart without persistence: the jobs are gone, the rows are still queued.
  expect(await deleteKeys(REDIS_URL, `${prefix}:*`)).toBeGreaterThan(0);
  expect(await inspector.countKeys()).toBe(0);
  expect(await inspector.waitingJobs()).toBe(0);
  expect(await verdictState(testEnv.pool)).toEqual({
    comments: TOTAL,
    queued: TOTAL,
    decisions: 0,
    duplicates: [],
  });

  const worker = await startWorker(testEnv.env, {}, async () => (await inspector.moderationWorkers()) > 0);
  const final = await waitWhileRunning(
    [api, worker],
    () => verdictState(testEnv.pool),
    (state) => state.queued === 0,
    60_000,
  );
  expect(final).toEqual({ comments: TOTAL, queued: 0, decisions: TOTAL, duplicates: [] });
  // The worker put the sweeper's scheduler back, or nothing would have swept.
  expect(await inspector.sweepScheduler()).toMatchObject({ every: 500 });
  // The site sees the verdicts.
  const one = await http('GET', '/v1/comments/lost-0', { token: site.apiKey });
  expect(one.body).toMatchObject({ status: 'approved', version: 2 });
}, 120_000);

it('when PostgreSQL refuses connections, intake answers 503 with Retry-After and stores nothing; the retry is stored once', async () => {
  // A scratch database, so refusing connections disturbs no other test on the shared `test` database.
  const database = uniqueName('e2e');
  const adminUrl = new URL(PG_BASE);
  adminUrl.pathname = '/postgres';
  const admin = new Pool({ connectionString: adminUrl.toString(), max: 1 });
  cleanups.push(() => admin.end());
  await admin.query(`CREATE DATABASE ${database}`);
  cleanups.push(async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });
  const databaseUrl = new URL(PG_BASE);
  databaseUrl.pathname = `/${database}`;
  const prefix = uniqueName('q');
  cleanups.push(async () => void (await deleteKeys(REDIS_URL, `${prefix}:*`)));
  const check = async <T>(fn: (pool: Pool) => Promise<T>): Promise<T> => {
    // A fresh connection each time: no pooled client survives the refusal to hide it.
    const pool = new Pool({ connectionString: databaseUrl.toString(), max: 1 });
    try {
      return await fn(pool);
    } finally {
      await pool.end();
    }
  };
  const countOf = (externalId: string) =>
    check(async (pool) => {
      const { rows } = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM comments WHERE external_id = $1',
        [externalId],
      );
      return rows[0]!.n;
    });

  // The api migrates the empty database at start; the auth cache keeps the site key valid meanwhile.
  const api = await startApi({
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ADMIN_TOKEN,
    AUTH_CACHE_MS: '30000',
  });
  const http = createHttpClient(api.url);
  const site = await createSite(http);
  const warm = await http('POST', '/v1/comments', {
    token: site.apiKey,
    body: { id: 'before', content: 'Hi' },
  });
  expect(warm.status).toBe(202);

  await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);

  const comment = { id: 'during', content: 'Posted while the database refuses connections.' };
  const refused = await http('POST', '/v1/comments', { token: site.apiKey, body: comment });
  const explain = api.output();
  expect({ status: refused.status, explain }).toMatchObject({ status: 503 });
  expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(refused.body).toMatchObject({ status: 503, code: 'service_unavailable' });
  const ready = await http('GET', '/readyz');
  expect(ready).toMatchObject({ status: 503, body: { checks: { postgres: false, redis: true } } });
  assertRunning(api);

  await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
  expect(await countOf('during')).toBe(0);

  // The site retries, as Retry-After told it to: stored once, and a repeat is the same record.
  const retried = await http('POST', '/v1/comments', { token: site.apiKey, body: comment });
  expect(retried.status).toBe(202);
  const repeated = await http('POST', '/v1/comments', { token: site.apiKey, body: comment });
  expect(repeated.status).toBe(200);
  expect(repeated.body.id).toBe(retried.body.id);
  expect(await countOf('during')).toBe(1);
  expect(await countOf('before')).toBe(1);
}, 120_000);

it('when Redis is down at intake, the api still answers 202 and the sweeper of a worker enqueues the comment', async () => {
  const { testEnv, inspector } = await setUp();
  // Port 1 is closed: every connection attempt of the api's producer is refused at once.
  const api = await startApi(testEnv.env, { REDIS_URL: 'redis://127.0.0.1:1' });
  const worker = await startWorker(testEnv.env, {}, async () => (await inspector.moderationWorkers()) > 0);
  const http = createHttpClient(api.url);
  const site = await createSite(http);

  const ready = await http('GET', '/readyz');
  expect(ready).toMatchObject({ status: 503, body: { checks: { postgres: true, redis: false } } });

  const started = Date.now();
  const accepted = await http('POST', '/v1/comments', {
    token: site.apiKey,
    body: { id: 'no-redis', content: 'Stored even though the queue is unreachable.' },
  });
  expect(accepted.status).toBe(202);
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(await inspector.moderation.getJob(accepted.body.id)).toBeUndefined();

  const decided = await waitWhileRunning(
    [api, worker],
    async () => (await http('GET', '/v1/comments/no-redis', { token: site.apiKey })).body,
    (comment) => comment.status !== 'queued',
    30_000,
  );
  expect(decided).toMatchObject({ status: 'approved', version: 2, verdict: { action: 'approve' } });
  expect(await verdictState(testEnv.pool)).toEqual({ comments: 1, queued: 0, decisions: 1, duplicates: [] });
}, 60_000);
