import request from 'supertest';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app);
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});
afterEach(() => jest.restoreAllMocks());

const postBatch = (body: unknown, key = site.apiKey, app = t.app) =>
  request(app)
    .post('/v1/comments/batch')
    .set('authorization', bearer(key))
    .send(body as object);
const comments = (prefix: string, n: number, content = (i: number) => `Comment number ${i}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, content: content(i) }));
const commentCount = () => countRows(env.pool, 'comments');
const queuedJobIds = async () =>
  (await t.queues.moderation[0]!.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).map(
    (job) => job.id,
  );

describe('POST /v1/comments/batch', () => {
  it('when a site posts a batch, every comment is stored queued and enqueued once, in one addBulk', async () => {
    const addBulk = jest.spyOn(t.queues.moderation[0]!, 'addBulk');
    const batch = [
      { id: 'b1-a', content: 'First', author: { id: 'u1' } },
      { id: 'b1-b', content: 'Second', thread: { id: 't1' } },
      { id: 'b1-c', content: 'Third', lang: 'en' },
    ];
    const res = await postBatch({ comments: batch });
    expect(res.status).toBe(202);
    expect(res.body.items.map((item: { externalId: string }) => item.externalId)).toEqual([
      'b1-a',
      'b1-b',
      'b1-c',
    ]);
    for (const item of res.body.items) {
      expect(item).toMatchObject({ siteId: site.id, status: 'queued', version: 1, created: true });
    }
    const { rows } = await env.pool.query(
      'SELECT external_id, content, status, author_key FROM comments WHERE external_id LIKE $1 ORDER BY seq',
      ['b1-%'],
    );
    expect(rows).toEqual([
      { external_id: 'b1-a', content: 'First', status: 'queued', author_key: 'id:u1' },
      { external_id: 'b1-b', content: 'Second', status: 'queued', author_key: null },
      { external_id: 'b1-c', content: 'Third', status: 'queued', author_key: null },
    ]);
    const ids = res.body.items.map((item: { id: string }) => item.id);
    expect(addBulk).toHaveBeenCalledTimes(1);
    expect(addBulk.mock.calls[0]![0].map((job) => job.opts?.jobId)).toEqual(ids);
    const queued = await queuedJobIds();
    for (const id of ids) expect(queued.filter((jobId) => jobId === id)).toHaveLength(1);
  });

  it('when the same batch is posted again, it answers 200 with the stored items and stores and queues nothing', async () => {
    const batch = comments('b2', 3);
    const first = await postBatch({ comments: batch });
    expect(first.status).toBe(202);
    const rowsBefore = await commentCount();
    const jobsBefore = (await queuedJobIds()).length;

    const again = await postBatch({ comments: batch });
    expect(again.status).toBe(200);
    expect(again.body.items).toEqual(
      first.body.items.map((item: Record<string, unknown>) => ({ ...item, created: false })),
    );
    expect(await commentCount()).toBe(rowsBefore);
    expect((await queuedJobIds()).length).toBe(jobsBefore);
  });

  it('when a batch repeats some earlier ids, only the new comments are created and queued', async () => {
    const first = await postBatch({ comments: comments('b3', 2) });
    const addBulk = jest.spyOn(t.queues.moderation[0]!, 'addBulk');
    const add = jest.spyOn(t.queues.moderation[0]!, 'add');
    const res = await postBatch({ comments: [...comments('b3', 2), { id: 'b3-new', content: 'Brand new' }] });
    expect(res.status).toBe(202);
    expect(res.body.items.map((item: { created: boolean }) => item.created)).toEqual([false, false, true]);
    expect(res.body.items[0].id).toBe(first.body.items[0].id);
    expect(addBulk).not.toHaveBeenCalled();
    expect(add).toHaveBeenCalledTimes(1);
    expect(add.mock.calls[0]![2]?.jobId).toBe(res.body.items[2].id);
  });

  it('when one item is bad, it answers 400 naming that item and stores nothing of the batch', async () => {
    const before = await commentCount();
    const batch = comments('b4', 5);
    batch[3] = { id: 'b4-3', content: '   ' };
    const res = await postBatch({ comments: batch });
    expect(expectValidationPaths(res)).toEqual(['body.comments.3.content']);
    expect(await commentCount()).toBe(before);
    expect(await countRows(env.pool, 'comments', 'external_id LIKE $1', ['b4-%'])).toBe(0);
  });

  it('when several items are bad, every offending field is listed at once', async () => {
    const res = await postBatch({
      comments: [
        { id: 'b5-0', content: 'fine' },
        { content: 'no id' },
        { id: 'b5-2', content: 'fine', author: { email: 'not-an-email' } },
        'not an object',
      ],
    });
    expect(expectValidationPaths(res)).toEqual([
      'body.comments.1.id',
      'body.comments.2.author.email',
      'body.comments.3',
    ]);
    expect(await countRows(env.pool, 'comments', 'external_id LIKE $1', ['b5-%'])).toBe(0);
  });

  it('when an id appears twice in one batch, it answers 400 at the repeat and stores nothing', async () => {
    const res = await postBatch({
      comments: [
        { id: 'b6-a', content: 'one' },
        { id: 'b6-b', content: 'two' },
        { id: 'b6-a', content: 'one again' },
      ],
    });
    expect(expectValidationPaths(res)).toEqual(['body.comments.2.id']);
    expect(res.body.errors[0].message).toMatch(/comments\.0/);
    expect(await countRows(env.pool, 'comments', 'external_id LIKE $1', ['b6-%'])).toBe(0);
  });

  it('when an id was sent before with other content, it answers 409 and stores nothing of the batch', async () => {
    await postBatch({ comments: [{ id: 'b7-old', content: 'Original' }] });
    const before = await commentCount();
    const res = await postBatch({
      comments: [
        { id: 'b7-new', content: 'Would be new' },
        { id: 'b7-old', content: 'Edited' },
      ],
    });
    expectProblem(res, 409, 'id_reused');
    expect(res.body.ids).toEqual(['b7-old']);
    expect(await commentCount()).toBe(before);
    const { rows } = await env.pool.query('SELECT content FROM comments WHERE external_id = $1', ['b7-old']);
    expect(rows).toEqual([{ content: 'Original' }]);
  });

  it.each([
    ['the list is empty', { comments: [] }, ['body.comments']],
    ['comments is missing', {}, ['body.comments']],
    ['comments is not a list', { comments: { id: 'x', content: 'y' } }, ['body.comments']],
    ['a top-level key is unknown', { comments: [{ id: 'b8', content: 'ok' }], extra: 1 }, ['body.extra']],
  ])('when %s, it answers 400 and stores nothing', async (_case, body, paths) => {
    const before = await commentCount();
    expect(expectValidationPaths(await postBatch(body))).toEqual(paths);
    expect(await commentCount()).toBe(before);
  });

  it('when a batch holds 501 comments, it answers 400 at body.comments and stores nothing', async () => {
    const before = await commentCount();
    const res = await postBatch({ comments: comments('b9', 501) });
    expect(expectValidationPaths(res)).toEqual(['body.comments']);
    expect(await commentCount()).toBe(before);
  });

  it('when a batch holds 500 comments over 64 KiB in all, they are all stored and queued', async () => {
    const big = await createSiteViaApi(t.app, { name: 'Big importer' });
    const batch = comments('b10', 500, (i) => `Imported comment ${i} `.padEnd(300, 'x'));
    expect(JSON.stringify({ comments: batch }).length).toBeGreaterThan(64 * 1024);
    const res = await postBatch({ comments: batch }, big.apiKey);
    expect(res.status).toBe(202);
    expect(res.body.items).toHaveLength(500);
    expect(await countRows(env.pool, 'comments', 'site_id = $1', [big.id])).toBe(500);
    const queued = new Set(await queuedJobIds());
    expect(res.body.items.every((item: { id: string }) => queued.has(item.id))).toBe(true);
  });

  it('when the API key is missing, it answers 401 and stores nothing', async () => {
    const before = await commentCount();
    const res = await request(t.app)
      .post('/v1/comments/batch')
      .send({ comments: [{ id: 'b11', content: 'anon' }] });
    expectProblem(res, 401, 'unauthorized');
    expect(await commentCount()).toBe(before);
  });

  it('when Redis is down, it still answers 202 and the batch is stored queued for the sweeper', async () => {
    const down = createTestAppWithoutRedis(env);
    try {
      const res = await postBatch({ comments: comments('b12', 3) }, site.apiKey, down.app);
      expect(res.status).toBe(202);
      expect(
        await countRows(env.pool, 'comments', "external_id LIKE $1 AND status = 'queued'", ['b12-%']),
      ).toBe(3);
      expect(await t.queues.moderation[0]!.getJob(res.body.items[0].id)).toBeUndefined();
    } finally {
      await down.close();
    }
  });
});

describe('POST /v1/comments/batch with MAX_BATCH=3 and MAX_BATCH_BODY_BYTES=2048', () => {
  let small: TestEnv;
  let s: TestApp;
  let key: string;
  beforeAll(async () => {
    small = await createTestEnv({ MAX_BATCH: '3', MAX_BATCH_BODY_BYTES: '2048' });
    s = createTestApp(small);
    key = (await createSiteViaApi(s.app)).apiKey;
  });
  afterAll(async () => {
    await s.close();
    await small.cleanup();
  });

  it('when a batch holds 4 comments, it answers 400 naming the limit', async () => {
    const res = await postBatch({ comments: comments('s1', 4) }, key, s.app);
    expect(expectValidationPaths(res)).toEqual(['body.comments']);
    expect(res.body.errors[0].message).toMatch(/3/);
    expect(await countRows(small.pool, 'comments')).toBe(0);
  });

  it('when the body is over MAX_BATCH_BODY_BYTES, it answers 413 and stores nothing', async () => {
    const res = await postBatch({ comments: comments('s2', 2, () => 'y'.repeat(1500)) }, key, s.app);
    expectProblem(res, 413, 'body_too_large');
    expect(await countRows(small.pool, 'comments')).toBe(0);
  });
});
