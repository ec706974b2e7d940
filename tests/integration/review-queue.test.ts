import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let siteA: string;
let siteB: string;
let modA: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  const moderate = createTestModerator(env, scoredByMarker);
  const a = await createSiteViaApi(t.app, { name: 'A' });
  const b = await createSiteViaApi(t.app, { name: 'B' });
  [siteA, siteB] = [a.id, b.id];
  modA = (await createModeratorViaApi(t.app, { name: 'Mod A', siteIds: [siteA] })).token;
  const seed: Array<[string, string, number]> = [
    ['a1', a.apiKey, 3],
    ['a2', a.apiKey, 5],
    ['b1', b.apiKey, 4],
    ['a3', a.apiKey, 4],
    ['a4', a.apiKey, 0],
  ];
  for (const [id, key, score] of seed) {
    ids[id] = await submitAndModerate(t.app, moderate, key, { id, content: scored(score) });
  }
  const queued = await request(t.app).post('/v1/comments').set('authorization', bearer(a.apiKey)).send({
    id: 'a5',
    content: 'Not moderated yet',
  });
  ids.a5 = queued.body.id;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const queue = (query: Record<string, string | number> = {}, token = ADMIN_TOKEN) =>
  request(t.app).get('/v1/review/queue').query(query).set('authorization', bearer(token));
function idsOf(res: request.Response): string[] {
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ id: string }>).map((item) => item.id);
}
const dbIds = async (where: string, order: string, params: unknown[] = []) =>
  (await env.pool.query(`SELECT id FROM comments WHERE ${where} ORDER BY ${order}`, params)).rows.map(
    (row) => row.id as string,
  );

/** Walks every page with limit=1 and returns the ids in page order. */
async function walk(query: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const res: request.Response = await queue({ ...query, limit: 1, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    seen.push(...idsOf(res));
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error(`pagination did not end; seen ${JSON.stringify(seen)}`);
}

describe('GET /v1/review/queue', () => {
  it('when sorted by score (the default), the most suspicious pending item comes first', async () => {
    const res = await queue();
    expect(res.status).toBe(200);
    const scores = (res.body.items as Array<{ score: number }>).map((item) => item.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(idsOf(res)[0]).toBe(ids.a2);
    expect(idsOf(res).sort()).toEqual((await dbIds("status = 'pending_review'", 'id')).sort());
    expect(res.body.items[0]).toMatchObject({ status: 'pending_review', action: 'review', siteId: siteA });
    expect(res.body.nextCursor).toBeNull();
  });

  it('when sorted oldest or newest, items follow arrival order', async () => {
    const oldest = await dbIds("status = 'pending_review'", 'seq');
    expect(idsOf(await queue({ sort: 'oldest' }))).toEqual(oldest);
    expect(idsOf(await queue({ sort: 'newest' }))).toEqual([...oldest].reverse());
  });

  it.each(['score', 'oldest', 'newest'])(
    'when paged one item at a time sorted by %s, every item appears once in the same order',
    async (sort) => {
      const whole = idsOf(await queue({ sort }));
      expect(whole.length).toBeGreaterThanOrEqual(4);
      expect(await walk({ sort })).toEqual(whole);
    },
  );

  it('when filtered by status, only items in that status are listed', async () => {
    expect(idsOf(await queue({ status: 'approved' }))).toEqual([ids.a4]);
    expect(idsOf(await queue({ status: 'queued' }))).toEqual([ids.a5]);
    expect(idsOf(await queue({ status: 'rejected' }))).toEqual([]);
  });

  it('when filtered by site, only that site is listed', async () => {
    expect(idsOf(await queue({ siteId: siteB }))).toEqual([ids.b1]);
    expect(idsOf(await queue({ siteId: siteA })).sort()).toEqual([ids.a1, ids.a2, ids.a3].sort());
  });

  it("when a moderator of site A reads the queue, only A's items are listed", async () => {
    const res = await queue({}, modA);
    expect(res.status).toBe(200);
    expect(idsOf(res).sort()).toEqual(
      (await dbIds("status = 'pending_review' AND site_id = $1", 'id', [siteA])).sort(),
    );
    expect(idsOf(res)).not.toContain(ids.b1);
  });

  it("when a moderator of site A asks for site B's queue, it answers 403", async () => {
    expectProblem(await queue({ siteId: siteB }, modA), 403, 'forbidden');
  });

  it("when a moderator of site A opens or decides B's item, it answers 404 and B's item is unchanged", async () => {
    const as = { authorization: bearer(modA) };
    expectProblem(await request(t.app).get(`/v1/review/items/${ids.b1}`).set(as), 404, 'not_found');
    const before = (await env.pool.query('SELECT status, version FROM comments WHERE id = $1', [ids.b1]))
      .rows;
    const decisions = await countRows(env.pool, 'decisions');
    const res = await request(t.app)
      .post(`/v1/review/items/${ids.b1}/decision`)
      .set(as)
      .send({ action: 'approve', version: 2 });
    expectProblem(res, 404, 'not_found');
    expect(
      (await env.pool.query('SELECT status, version FROM comments WHERE id = $1', [ids.b1])).rows,
    ).toEqual(before);
    expect(await countRows(env.pool, 'decisions')).toBe(decisions);
  });

  it.each([
    [{ status: 'bogus' }, ['query.status']],
    [{ sort: 'loudest' }, ['query.sort']],
    [{ limit: 0 }, ['query.limit']],
    [{ limit: 201 }, ['query.limit']],
    [{ siteId: 'not-a-uuid' }, ['query.siteId']],
    [{ cursor: 'not-a-cursor' }, ['query.cursor']],
    [{ cursor: Buffer.from('{"score":"x"}').toString('base64url') }, ['query.cursor']],
  ])('when the query is %j, it answers 400 naming the parameter', async (query, paths) => {
    expect(expectValidationPaths(await queue(query))).toEqual(paths);
  });

  it('when the token is missing or is a site API key, it answers 401', async () => {
    expectProblem(await request(t.app).get('/v1/review/queue'), 401, 'unauthorized');
    expectProblem(await queue({}, 'sk_not-a-moderator-token'), 401, 'unauthorized');
  });
});
