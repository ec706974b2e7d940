import request from 'supertest';
import { Pool } from 'pg';
import { createApp } from '../../src/api/app';
import {
  createTestApp,
  createTestEnv,
  documentLimits,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';
import { checkedApp } from '../helpers/openapi-check';

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

const post = (body: unknown, key = site.apiKey, app = t.app) =>
  request(app)
    .post('/v1/comments')
    .set('authorization', bearer(key))
    .send(body as object);
const commentCount = () => countRows(env.pool, 'comments');

describe('POST /v1/comments', () => {
  it('when a site posts a comment, it is stored as queued and enqueued by its id', async () => {
    const res = await post({ id: 'c-new', content: 'Nice article', author: { id: 'u1', name: 'Ann' } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ externalId: 'c-new', siteId: site.id, status: 'queued', version: 1 });
    expect(res.headers.location).toBe('/v1/comments/c-new');
    const { rows } = await env.pool.query(
      'SELECT site_id, status, content, version FROM comments WHERE id = $1',
      [res.body.id],
    );
    expect(rows).toEqual([{ site_id: site.id, status: 'queued', content: 'Nice article', version: 1 }]);
    const job = await t.queues.moderation[0]!.getJob(res.body.id);
    expect(job?.data).toEqual({ commentId: res.body.id, siteId: site.id });
  });

  it('when the same comment id is posted twice, it is stored and queued once', async () => {
    const first = await post({ id: 'c-twice', content: 'Same text' });
    const second = await post({ id: 'c-twice', content: 'Same text' });
    expect([first.status, second.status]).toEqual([202, 200]);
    expect(second.body).toEqual(first.body);
    expect(await countRows(env.pool, 'comments', 'external_id = $1', ['c-twice'])).toBe(1);
    const jobs = await t.queues.moderation[0]!.getJobs(['waiting', 'delayed', 'active']);
    expect(jobs.filter((job) => job.data.commentId === first.body.id)).toHaveLength(1);
  });

  it('when the same comment id is posted twice at once, one row is stored and both answers agree', async () => {
    const [a, b] = await Promise.all([
      post({ id: 'c-race', content: 'Racing' }),
      post({ id: 'c-race', content: 'Racing' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect(a.body.id).toBe(b.body.id);
    expect(await countRows(env.pool, 'comments', 'external_id = $1', ['c-race'])).toBe(1);
  });

  it('when a comment id is reused with other content, it answers 409 id_reused and changes nothing', async () => {
    const first = await post({ id: 'c-reused', content: 'Original' });
    const res = await post({ id: 'c-reused', content: 'Edited' });
    expectProblem(res, 409, 'id_reused');
    const { rows } = await env.pool.query(
      'SELECT id, content, version FROM comments WHERE external_id = $1',
      ['c-reused'],
    );
    expect(rows).toEqual([{ id: first.body.id, content: 'Original', version: 1 }]);
  });

  it.each([
    ['id is missing', { content: 'hello' }, ['body.id']],
    ['content is missing', { id: 'v1' }, ['body.content']],
    ['content is a number', { id: 'v2', content: 5 }, ['body.content']],
    ['author is a string', { id: 'v3', content: 'hello', author: 'x' }, ['body.author']],
    ['content is blank', { id: 'v4', content: '   \n ' }, ['body.content']],
    [
      'the author e-mail is not an e-mail',
      { id: 'v5', content: 'hi', author: { email: 'nope' } },
      ['body.author.email'],
    ],
    ['a field is unknown', { id: 'v6', content: 'hello', colour: 'red' }, ['body.colour']],
    ['an author field is unknown', { id: 'v7', content: 'hello', author: { age: 3 } }, ['body.author.age']],
    ['content is one character over 20,000', { id: 'v8', content: 'a'.repeat(20_001) }, ['body.content']],
    ['content holds a NUL character', { id: 'v9', content: 'a\u0000b' }, ['body.content']],
    [
      'the author name holds a NUL character',
      { id: 'v10', content: 'hi', author: { name: 'x\u0000' } },
      ['body.author.name'],
    ],
    [
      'meta holds a NUL character',
      { id: 'v11', content: 'hi', meta: { note: '\u0000' } },
      ['body.meta.note'],
    ],
    ['content holds a lone surrogate', { id: 'v12', content: 'x\ud800' }, ['body.content']],
    [
      'content is 10,001 emoji (20,002 UTF-16 code units)',
      { id: 'v13', content: '\u{1F600}'.repeat(10_001) },
      ['body.content'],
    ],
    [
      'createdAt is in year 0000',
      { id: 'v15', content: 'hi', createdAt: '0000-01-01T00:00:00Z' },
      ['body.createdAt'],
    ],
  ])('when %s, it answers 400 naming the field and stores nothing', async (_case, body, paths) => {
    const before = await commentCount();
    const res = await post(body);
    expect(expectValidationPaths(res)).toEqual(paths);
    expect(await commentCount()).toBe(before);
  });

  it('when meta nests 5,000 arrays deep, it answers 400 naming the field and stores nothing', async () => {
    const before = await commentCount();
    // Written by hand: JSON.stringify itself overflows the stack on such a value.
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .set('content-type', 'application/json')
      .send(`{"id":"v-deep","content":"hi","meta":{"deep":${deep}}}`);
    expect(expectValidationPaths(res)).toEqual([expect.stringMatching(/^body\.meta\.deep(\.0)+$/)]);
    expect(await commentCount()).toBe(before);
  });

  it('when content is exactly 20,000 characters, it is accepted', async () => {
    const res = await post({ id: 'c-max', content: 'a'.repeat(20_000) });
    expect(res.status).toBe(202);
    expect(await countRows(env.pool, 'comments', 'external_id = $1', ['c-max'])).toBe(1);
  });

  it('when content is exactly 20,000 UTF-16 code units of emoji (10,000), it is accepted', async () => {
    const res = await post({ id: 'c-max-emoji', content: '\u{1F600}'.repeat(10_000) });
    expect(res.status).toBe(202);
    expect(await countRows(env.pool, 'comments', 'external_id = $1', ['c-max-emoji'])).toBe(1);
  });

  it('when the body is over MAX_BODY_BYTES, it answers 413 body_too_large and stores nothing', async () => {
    const before = await commentCount();
    const res = await post({ id: 'c-huge', content: 'a'.repeat(70 * 1024) });
    expectProblem(res, 413, 'body_too_large');
    expect(await commentCount()).toBe(before);
  });

  it('when the JSON is malformed, it answers 400 malformed_json and stores nothing', async () => {
    const before = await commentCount();
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .set('content-type', 'application/json')
      .send('{"id": "c-bad", "content": ');
    expectProblem(res, 400, 'malformed_json');
    expect(await commentCount()).toBe(before);
  });

  it('when the body is not JSON, it answers 415 and stores nothing', async () => {
    const before = await commentCount();
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('id=c-form&content=hello');
    expectProblem(res, 415, 'unsupported_media_type');
    expect(await commentCount()).toBe(before);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong API key', 'Bearer sk_not-a-real-key'],
    ['a non-bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer token', 'Bearer '],
  ])('when it has %s, it answers 401 with www-authenticate and stores nothing', async (_case, header) => {
    const before = await commentCount();
    const req = request(t.app).post('/v1/comments');
    if (header) req.set('authorization', header);
    const res = await req.send({ id: 'c-anon', content: 'hello' });
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(await commentCount()).toBe(before);
  });

  it('when Redis is down, it still answers 202 quickly and the comment is stored queued', async () => {
    const down = createTestAppWithoutRedis(env);
    try {
      const started = Date.now();
      const res = await post({ id: 'c-no-redis', content: 'Stored anyway' }, site.apiKey, down.app);
      expect(res.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(3_000);
      const { rows } = await env.pool.query('SELECT status FROM comments WHERE id = $1', [res.body.id]);
      expect(rows).toEqual([{ status: 'queued' }]);
      // The healthy producer confirms nothing reached the queue: the sweeper's job.
      expect(await t.queues.moderation[0]!.getJob(res.body.id)).toBeUndefined();
    } finally {
      await down.close();
    }
  });

  it('when PostgreSQL is down, it answers 503 with Retry-After', async () => {
    const deadPool = new Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      connectionTimeoutMillis: 1_000,
    });
    deadPool.on('error', () => undefined);
    const app = checkedApp(
      createApp({
        config: env.config,
        logger: silentLogger,
        pool: deadPool,
        redis: t.redis,
        queues: t.queues,
      }),
      documentLimits(env.config),
    );
    try {
      const res = await post({ id: 'c-no-pg', content: 'hello' }, site.apiKey, app);
      expectProblem(res, 503, 'service_unavailable');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await deadPool.end();
    }
  });
});

describe('POST /v1/comments with MAX_CONTENT_CHARS=50', () => {
  let small: TestEnv;
  let s: TestApp;
  let key: string;
  beforeAll(async () => {
    small = await createTestEnv({ MAX_CONTENT_CHARS: '50' });
    s = createTestApp(small);
    key = (await createSiteViaApi(s.app)).apiKey;
  });
  afterAll(async () => {
    await s.close();
    await small.cleanup();
  });

  it('when content is 51 characters, it answers 400 at body.content and stores nothing', async () => {
    const res = await post({ id: 'long', content: 'b'.repeat(51) }, key, s.app);
    expect(expectValidationPaths(res)).toEqual(['body.content']);
    expect(res.body.errors[0].message).toMatch(/50/);
    expect(await countRows(small.pool, 'comments')).toBe(0);
  });

  it('when content is 50 characters, it is accepted', async () => {
    const res = await post({ id: 'fits', content: 'b'.repeat(50) }, key, s.app);
    expect(res.status).toBe(202);
    expect(await countRows(small.pool, 'comments')).toBe(1);
  });
});

describe('GET /v1/comments/:externalId', () => {
  it("when a site reads its own comment, it gets the comment's state", async () => {
    const created = await post({ id: 'c-read', content: 'Readable' });
    const res = await request(t.app).get('/v1/comments/c-read').set('authorization', bearer(site.apiKey));
    expect(res.status).toBe(200);
    // As intake answered, with the comment's latest appeal: none.
    expect(res.body).toEqual({ ...created.body, appeal: null });
    expect(res.body).toMatchObject({ status: 'queued', version: 1, verdict: null, reason: null });
  });

  it("when a site asks for another site's comment id, it answers 404", async () => {
    const other = await createSiteViaApi(t.app, { name: 'Other' });
    await post({ id: 'c-theirs', content: 'Not yours' }, other.apiKey);
    const res = await request(t.app).get('/v1/comments/c-theirs').set('authorization', bearer(site.apiKey));
    expectProblem(res, 404, 'not_found');
    const own = await request(t.app).get('/v1/comments/c-theirs').set('authorization', bearer(other.apiKey));
    expect(own.status).toBe(200);
  });

  it('when the comment id is unknown, it answers 404', async () => {
    const res = await request(t.app).get('/v1/comments/never-sent').set('authorization', bearer(site.apiKey));
    expectProblem(res, 404, 'not_found');
  });

  it('when the API key is missing, it answers 401', async () => {
    const res = await request(t.app).get('/v1/comments/c-read');
    expectProblem(res, 401, 'unauthorized');
  });
});
