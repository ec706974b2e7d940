import request from 'supertest';
import { UnrecoverableError } from 'bullmq';
import { createMaintenanceProcessor } from '../../workers/maintenance.processor';
import { startWorkers } from '../../src/processes/workers';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import { createTestModerator, fakeJob, scored, scoredByMarker } from '../helpers/moderation';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { bearer, countRows } from '../helpers/problems';

const STALE_AFTER_MS = 5_000;

describe('moderation and maintenance processors', () => {
  let env: TestEnv;
  let t: TestApp;
  let apiKey: string;
  beforeAll(async () => {
    env = await createTestEnv();
    t = createTestApp(env);
    await t.ready;
    apiKey = (await createSiteViaApi(t.app)).apiKey;
  });
  afterAll(async () => {
    await t.close();
    await env.cleanup();
  });

  const submit = async (id: string, content = 'A thoughtful reply') => {
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(apiKey))
      .send({ id, content });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const stored = async (id: string) =>
    (await env.pool.query('SELECT status, version, action FROM comments WHERE id = $1', [id])).rows[0];
  const decisionsOf = (id: string) => countRows(env.pool, 'decisions', 'comment_id = $1', [id]);
  const createSweep = () =>
    createMaintenanceProcessor({
      pool: env.pool,
      moderationQueues: t.queues.moderation,
      staleAfterMs: STALE_AFTER_MS,
      logger: silentLogger,
    });

  it('when a job is processed twice, the comment gets one verdict and one decision row', async () => {
    const id = await submit('p-twice');
    const moderate = createTestModerator(env);
    const first = await moderate(id);
    const second = await moderate(id);
    expect(first).toMatchObject({ commentId: id, action: 'approve', version: 2 });
    expect(second).toEqual({ commentId: id, action: null, score: null, version: null });
    expect(await stored(id)).toEqual({ status: 'approved', version: 2, action: 'approve' });
    expect(await decisionsOf(id)).toBe(1);
  });

  it('when two workers process the same job at once, only one verdict is stored', async () => {
    const id = await submit('p-race', scored(5));
    const moderate = createTestModerator(env, scoredByMarker);
    const results = await Promise.all([moderate(id), moderate(id)]);
    expect(results.map((result) => result.version).sort()).toEqual([2, null]);
    expect(await stored(id)).toEqual({ status: 'pending_review', version: 2, action: 'review' });
    expect(await decisionsOf(id)).toBe(1);
  });

  it.each([
    ['no commentId', {}],
    ['a commentId that is not a uuid', { commentId: 'c-1' }],
    ['a number', { commentId: 42 }],
  ])('when the job data has %s, the processor throws UnrecoverableError', async (_case, data) => {
    const processor = createModerationProcessor({
      pool: env.pool,
      checks: scoredByMarker,
      crowd: createMemoryCrowdIndex(),
      logger: silentLogger,
    });
    await expect(processor(fakeJob(data as never))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('when the comment does not exist, the processor throws UnrecoverableError and stores nothing', async () => {
    const before = await countRows(env.pool, 'decisions');
    const moderate = createTestModerator(env, scoredByMarker);
    await expect(moderate('6f1c1d39-1c1a-4c7e-9c1e-000000000000')).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await countRows(env.pool, 'decisions')).toBe(before);
  });

  it('when a queued comment is older than staleAfterMs and its job is lost, the sweeper enqueues it again', async () => {
    const stale = await submit('s-stale');
    const fresh = await submit('s-fresh');
    const decided = await submit('s-decided');
    await createTestModerator(env, scoredByMarker)(decided);
    for (const id of [stale, fresh, decided]) await t.queues.moderation[0]!.remove(id);
    await env.pool.query(`UPDATE comments SET received_at = now() - interval '1 minute' WHERE id = ANY($1)`, [
      [stale, decided],
    ]);
    const expected = await countRows(
      env.pool,
      'comments',
      "status = 'queued' AND received_at < now() - interval '5 seconds'",
    );

    const result = await createSweep()(fakeJob({}, { name: 'sweep' }));
    expect(result).toEqual({ requeued: expected, akismetChecksPurged: 0 });
    expect((await t.queues.moderation[0]!.getJob(stale))?.data).toEqual({
      commentId: stale,
      siteId: expect.any(String),
    });
    expect(await t.queues.moderation[0]!.getJob(fresh)).toBeUndefined();
    expect(await t.queues.moderation[0]!.getJob(decided)).toBeUndefined();
    expect(await stored(decided)).toMatchObject({ status: 'approved', version: 2 });
  });

  it('the sweeper deletes Akismet checks past their 90 days, and keeps younger ones', async () => {
    const site = (await env.pool.query('SELECT site_id FROM comments LIMIT 1')).rows[0].site_id as string;
    const { rows } = await env.pool.query(
      `INSERT INTO akismet_checks (site_id, spam, is_test, checked_at)
       VALUES ($1, false, false, now() - interval '91 days'), ($1, true, false, now() - interval '89 days')
       RETURNING guid`,
      [site],
    );
    const result = await createSweep()(fakeJob({}, { name: 'sweep' }));
    expect(result.akismetChecksPurged).toBe(1);
    const left = await env.pool.query('SELECT guid FROM akismet_checks WHERE guid = ANY($1)', [
      rows.map((row) => row.guid),
    ]);
    expect(left.rows).toEqual([{ guid: rows[1].guid }]);
  });

  it('when a stale comment still has its job waiting, the sweeper does not enqueue it twice', async () => {
    const waiting = await submit('s-waiting');
    const lost = await submit('s-lost-beside');
    await t.queues.moderation[0]!.remove(lost);
    const original = await t.queues.moderation[0]!.getJob(waiting);
    await env.pool.query(`UPDATE comments SET received_at = now() - interval '1 minute' WHERE id = ANY($1)`, [
      [waiting, lost],
    ]);
    const result = await createSweep()(fakeJob({}, { name: 'sweep' }));
    // The sweep did run: the comment beside it, whose job was lost, has one again (and only it)...
    expect((await t.queues.moderation[0]!.getJob(lost))?.data).toEqual({
      commentId: lost,
      siteId: expect.any(String),
    });
    expect(result.requeued).toBe(1);
    // ...and the waiting comment still has exactly its original job.
    const jobs = await t.queues.moderation[0]!.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
    expect(jobs.filter((job) => job.data.commentId === waiting).map((job) => job.id)).toEqual([waiting]);
    expect((await t.queues.moderation[0]!.getJob(waiting))?.timestamp).toBe(original!.timestamp);
  });

  it('when a maintenance job has an unknown name, it throws', async () => {
    await expect(createSweep()(fakeJob({}, { name: 'vacuum' }))).rejects.toThrow(/unknown maintenance job/);
  });
});

describe('the real worker process, started in-process', () => {
  let env: TestEnv;
  let t: TestApp;
  let apiKey: string;
  let stopWorkers: () => Promise<void>;
  beforeAll(async () => {
    env = await createTestEnv({ SWEEP_EVERY_MS: '250', SWEEP_AFTER_MS: '250' });
    t = createTestApp(env);
    await t.ready;
    apiKey = (await createSiteViaApi(t.app, { name: 'Live' })).apiKey;
    stopWorkers = await startWorkers(env.config, silentLogger);
  });
  afterAll(async () => {
    await stopWorkers();
    await t.close();
    await env.cleanup();
  });

  const read = (externalId: string) =>
    request(t.app).get(`/v1/comments/${externalId}`).set('authorization', bearer(apiKey));
  const decided = (externalId: string) =>
    waitFor(
      () => read(externalId),
      (res) => res.status === 200 && res.body.status !== 'queued',
    );

  it('when a site posts a clean comment, the worker approves it and records an auto decision', async () => {
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(apiKey))
      .send({ id: 'w-clean', content: 'Thank you for the careful reporting on the harbour project.' });
    expect(res.status).toBe(202);
    const final = await decided('w-clean');
    expect(final.body).toMatchObject({ status: 'approved', version: 2, verdict: { action: 'approve' } });
    const { rows } = await env.pool.query(
      'SELECT decided_by, to_status FROM decisions WHERE comment_id = $1',
      [res.body.id],
    );
    expect(rows).toEqual([{ decided_by: 'auto', to_status: 'approved' }]);
  });

  it('when a comment is profane, the worker holds it and marks the word', async () => {
    const content = 'This is fucking ridiculous';
    await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(apiKey))
      .send({ id: 'w-rude', content });
    const final = await decided('w-rude');
    expect(final.body.status).not.toBe('approved');
    const profanity = final.body.verdict.signals.find(
      (signal: { code: string }) => signal.code === 'profanity',
    );
    expect(
      profanity.spans.map((span: { start: number; end: number }) => content.slice(span.start, span.end)),
    ).toEqual([expect.stringMatching(/^fuck/)]);
  });

  it('when a comment was accepted while Redis was down, the sweeper gets it moderated', async () => {
    const down = createTestAppWithoutRedis(env);
    try {
      const res = await request(down.app)
        .post('/v1/comments')
        .set('authorization', bearer(apiKey))
        .send({ id: 'w-lost', content: 'Written while the queue was away' });
      expect(res.status).toBe(202);
    } finally {
      await down.close();
    }
    const final = await decided('w-lost');
    expect(final.body).toMatchObject({ status: 'approved', version: 2 });
    expect(await countRows(env.pool, 'decisions', 'comment_id = $1', [final.body.id])).toBe(1);
  });
});
