import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer, expectProblem, expectValidationPaths } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let siteA: string;
let siteB: string;
let modA: { id: string; token: string };

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  const moderate = createTestModerator(env, scoredByMarker);
  const a = await createSiteViaApi(t.app, { name: 'A' });
  const b = await createSiteViaApi(t.app, { name: 'B' });
  [siteA, siteB] = [a.id, b.id];
  modA = await createModeratorViaApi(t.app, { name: 'Mod A', siteIds: [siteA] });
  const post = (key: string, id: string, score: number) =>
    submitAndModerate(t.app, moderate, key, { id, content: scored(score) });
  // A: two held, one approved, one still queued; B: one held, decided by the operator.
  const a1 = await post(a.apiKey, 'a1', 3);
  await post(a.apiKey, 'a2', 4);
  await post(a.apiKey, 'a3', 0);
  await request(t.app)
    .post('/v1/comments')
    .set('authorization', bearer(a.apiKey))
    .send({ id: 'a4', content: 'Later' });
  const b1 = await post(b.apiKey, 'b1', 3);
  const decide = (id: string, token: string, action: string) =>
    request(t.app)
      .post(`/v1/review/items/${id}/decision`)
      .set('authorization', bearer(token))
      .send({ action, version: 2 });
  expect((await decide(a1, modA.token, 'reject')).status).toBe(200);
  expect((await decide(b1, ADMIN_TOKEN, 'approve')).status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const get = (path: string, query: Record<string, string | number> = {}, token = ADMIN_TOKEN) =>
  request(t.app).get(path).query(query).set('authorization', bearer(token));
const dbCounts = async (siteIds: string[] | null) => {
  const { rows } = await env.pool.query(
    `SELECT status, count(*)::int AS count FROM comments WHERE $1::uuid[] IS NULL OR site_id = ANY($1) GROUP BY status`,
    [siteIds],
  );
  const counts = { queued: 0, pending_review: 0, approved: 0, rejected: 0, appealed: 0, deleted: 0 };
  for (const row of rows) counts[row.status as keyof typeof counts] = row.count;
  return counts;
};
const dbDecisionIds = async (where = 'TRUE', params: unknown[] = []) =>
  (
    await env.pool.query(`SELECT id::text AS id FROM decisions WHERE ${where} ORDER BY id DESC`, params)
  ).rows.map((row) => row.id as string);
function idsOf(res: request.Response): string[] {
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ id: string }>).map((item) => item.id);
}

describe('GET /v1/review/stats', () => {
  it('when the operator asks, it counts every status over all sites', async () => {
    const res = await get('/v1/review/stats');
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({
      queued: 1,
      pending_review: 1,
      approved: 2,
      rejected: 1,
      appealed: 0,
      deleted: 0,
    });
    expect(res.body.counts).toEqual(await dbCounts(null));
  });

  it('when filtered by site, or asked by a moderator of that site, it counts only that site', async () => {
    const expected = await dbCounts([siteA]);
    expect(expected).toEqual({
      queued: 1,
      pending_review: 1,
      approved: 1,
      rejected: 1,
      appealed: 0,
      deleted: 0,
    });
    expect((await get('/v1/review/stats', { siteId: siteA })).body.counts).toEqual(expected);
    expect((await get('/v1/review/stats', {}, modA.token)).body.counts).toEqual(expected);
  });

  it("when a moderator of site A asks for B's stats, it answers 403", async () => {
    expectProblem(await get('/v1/review/stats', { siteId: siteB }, modA.token), 403, 'forbidden');
  });
});

describe('GET /v1/audit', () => {
  it('when listed, it shows every decision newest first', async () => {
    const res = await get('/v1/audit');
    const all = await dbDecisionIds();
    expect(all).toHaveLength(6);
    expect(idsOf(res)).toEqual(all);
    expect(res.body.items[0]).toMatchObject({
      siteId: siteB,
      decidedBy: 'moderator',
      moderatorId: null,
      action: 'approve',
      // What a person recognises: the site's own id of the comment and the start of its text.
      externalId: 'b1',
      excerpt: 'A comment [score=3]',
    });
  });

  /** A filter: its query, and the same filter in SQL over the decisions table. */
  type Filter = [name: string, query: () => Record<string, string>, sql: () => [string, unknown[]]];
  it.each<Filter>([
    ['decidedBy=auto', () => ({ decidedBy: 'auto' }), () => ["decided_by = 'auto'", []]],
    ['decidedBy=moderator', () => ({ decidedBy: 'moderator' }), () => ["decided_by = 'moderator'", []]],
    ['decidedBy=human', () => ({ decidedBy: 'human' }), () => ["decided_by <> 'auto'", []]],
    ['action=reject', () => ({ action: 'reject' }), () => ["action = 'reject'", []]],
    ['siteId', () => ({ siteId: siteB }), () => ['site_id = $1', [siteB]]],
    ['moderatorId', () => ({ moderatorId: modA.id }), () => ['moderator_id = $1', [modA.id]]],
  ])('when filtered by %s, only matching decisions are listed', async (_name, query, sql) => {
    const expected = await dbDecisionIds(...sql());
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOf(await get('/v1/audit', query()))).toEqual(expected);
  });

  it('when the time window ends before any decision, nothing is listed', async () => {
    expect(idsOf(await get('/v1/audit', { until: '2000-01-01T00:00:00Z' }))).toEqual([]);
    expect(idsOf(await get('/v1/audit', { since: '2000-01-01T00:00:00Z' }))).toEqual(await dbDecisionIds());
  });

  it('when paged two at a time, the cursor walks every decision once, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: request.Response = await get('/v1/audit', cursor ? { limit: 2, cursor } : { limit: 2 });
      const page = idsOf(res);
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(await dbDecisionIds());
  });

  it("when a moderator of site A reads the audit log, only A's decisions are listed; B's answers 403", async () => {
    expect(idsOf(await get('/v1/audit', {}, modA.token))).toEqual(
      await dbDecisionIds('site_id = $1', [siteA]),
    );
    expectProblem(await get('/v1/audit', { siteId: siteB }, modA.token), 403, 'forbidden');
  });

  it.each([
    [{ cursor: 'bm90LWpzb24' }, ['query.cursor']],
    [{ cursor: Buffer.from('{"id":"12x"}').toString('base64url') }, ['query.cursor']],
    [{ decidedBy: 'robot' }, ['query.decidedBy']],
    [{ moderatorId: 'me' }, ['query.moderatorId']],
    [{ since: 'yesterday' }, ['query.since']],
    [{ limit: -1 }, ['query.limit']],
  ])('when the query is %j, it answers 400 naming the parameter', async (query, paths) => {
    expect(expectValidationPaths(await get('/v1/audit', query))).toEqual(paths);
  });

  it('when the token is missing, it answers 401', async () => {
    expectProblem(await request(t.app).get('/v1/audit'), 401, 'unauthorized');
  });
});

describe('GET /v1/audit/export', () => {
  it('answers CSV of the filtered decisions, newest first, with names, ids and excerpts', async () => {
    const res = await get('/v1/audit/export', { decidedBy: 'human' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'decided_at,site,comment_id,site_comment_id,from_status,to_status,action,decided_by,moderator,score,reason,note,undoes,excerpt',
    );
    expect(lines.slice(1).map((line) => line.split(',').slice(1, 9).join(','))).toEqual([
      expect.stringMatching(/^B,[0-9a-f-]{36},b1,pending_review,approved,approve,moderator,operator$/),
      expect.stringMatching(/^A,[0-9a-f-]{36},a1,pending_review,rejected,reject,moderator,Mod A$/),
    ]);
    expect(lines).toHaveLength(1 + (await dbDecisionIds("decided_by <> 'auto'")).length);
    // A moderator exports their own sites only; a refused filter answers a problem, not a CSV.
    const theirs = await get('/v1/audit/export', {}, modA.token);
    expect(theirs.text.trimEnd().split('\r\n')).toHaveLength(
      1 + (await dbDecisionIds('site_id = $1', [siteA])).length,
    );
    expectProblem(await get('/v1/audit/export', { siteId: siteB }, modA.token), 403, 'forbidden');
  });
});
