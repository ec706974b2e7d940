import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let mod: { id: string; token: string };
let held: (id: string, body?: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  const moderate = createTestModerator(env, scoredByMarker);
  site = await createSiteViaApi(t.app, { name: 'Items' });
  mod = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [site.id] });
  held = (id, body = {}) =>
    submitAndModerate(t.app, moderate, site.apiKey, { id, content: scored(4, 'Hold me'), ...body });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const item = (id: string, token = mod.token) =>
  request(t.app).get(`/v1/review/items/${id}`).set('authorization', bearer(token));
const decide = (id: string, body: unknown, token = mod.token) =>
  request(t.app)
    .post(`/v1/review/items/${id}/decision`)
    .set('authorization', bearer(token))
    .send(body as object);
const stored = async (id: string) =>
  (await env.pool.query('SELECT status, version FROM comments WHERE id = $1', [id])).rows[0];
const decisionsOf = (id: string) => countRows(env.pool, 'decisions', 'comment_id = $1', [id]);

describe('GET /v1/review/items/:id', () => {
  it("when an item is opened, it shows the signals with spans, the author's history and the auto decision", async () => {
    const earlier = await held('i-earlier', { content: 'A kind word', author: { id: 'reader-7' } });
    const id = await held('i-open', { author: { id: 'reader-7', name: 'Reader' } });
    await held('i-stranger', { author: { id: 'someone-else' } });

    const res = await item(id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      status: 'pending_review',
      version: 2,
      action: 'review',
      siteId: site.id,
    });
    expect(res.body).toMatchObject({ content: 'Hold me [score=4]', score: 4 });
    expect(res.body.signals).toEqual([
      {
        check: 'test_marker',
        code: 'marked_score',
        score: 4,
        message: 'marked 4',
        spans: [{ start: 8, end: 17 }],
      },
    ]);

    expect(res.body.authorHistory.counts).toMatchObject({ approved: 1, pending_review: 1, rejected: 0 });
    expect(res.body.authorHistory.recent.map((other: { id: string }) => other.id)).toEqual([earlier]);

    expect(res.body.decisions).toEqual([
      expect.objectContaining({
        commentId: id,
        version: 2,
        fromStatus: 'queued',
        toStatus: 'pending_review',
        action: 'review',
        decidedBy: 'auto',
        moderatorId: null,
      }),
    ]);
  });

  it('when the comment has no author, its author history is null', async () => {
    const res = await item(await held('i-anonymous'));
    expect(res.status).toBe(200);
    expect(res.body.authorHistory).toBeNull();
  });

  it('when the id is unknown or malformed, it answers 404', async () => {
    expectProblem(await item('6f1c1d39-1c1a-4c7e-9c1e-000000000000'), 404, 'not_found');
    expectProblem(await item('nope'), 404, 'not_found');
  });
});

describe('POST /v1/review/items/:id/decision', () => {
  it('when a moderator decides on the current version, the status changes, the version grows and the decision is recorded', async () => {
    const id = await held('d-approve');
    const res = await decide(id, { action: 'approve', version: 2, reason: 'on_topic', note: 'fine by me' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'approved', version: 3 });
    expect(await stored(id)).toEqual({ status: 'approved', version: 3 });
    const { rows } = await env.pool.query(
      `SELECT version, from_status, to_status, action, decided_by, moderator_id, reason, note
       FROM decisions WHERE comment_id = $1 ORDER BY version`,
      [id],
    );
    expect(rows).toEqual([
      expect.objectContaining({ version: 2, decided_by: 'auto' }),
      {
        version: 3,
        from_status: 'pending_review',
        to_status: 'approved',
        action: 'approve',
        decided_by: 'moderator',
        moderator_id: mod.id,
        reason: 'on_topic',
        note: 'fine by me',
      },
    ]);
  });

  it('when the operator decides with the admin token, the decision has no moderator id', async () => {
    const id = await held('d-operator');
    const res = await decide(id, { action: 'reject', version: 2 }, ADMIN_TOKEN);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', version: 3 });
    const { rows } = await env.pool.query(
      'SELECT decided_by, moderator_id FROM decisions WHERE comment_id = $1 AND version = 3',
      [id],
    );
    expect(rows).toEqual([{ decided_by: 'moderator', moderator_id: null }]);
  });

  it('when the version is stale, it answers 409 version_conflict with the current state and records nothing', async () => {
    const id = await held('d-stale');
    expect((await decide(id, { action: 'approve', version: 2 })).status).toBe(200);
    const res = await decide(id, { action: 'reject', version: 2 });
    expectProblem(res, 409, 'version_conflict');
    expect(res.body.current).toMatchObject({ id, status: 'approved', version: 3 });
    expect(await stored(id)).toEqual({ status: 'approved', version: 3 });
    expect(await decisionsOf(id)).toBe(2);
  });

  it('when two moderators decide the same version at once, exactly one wins and the other gets 409', async () => {
    const id = await held('d-race');
    const other = await createModeratorViaApi(t.app, { name: 'Max', siteIds: [site.id] });
    const [first, second] = await Promise.all([
      decide(id, { action: 'approve', version: 2 }),
      decide(id, { action: 'reject', version: 2 }, other.token),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
    expectProblem(loser, 409, 'version_conflict');
    expect(loser.body.current).toMatchObject({ status: winner.body.status, version: 3 });
    expect(await stored(id)).toEqual({ status: winner.body.status, version: 3 });
    expect(await countRows(env.pool, 'decisions', "comment_id = $1 AND decided_by = 'moderator'", [id])).toBe(
      1,
    );
  });

  it.each([
    ['the action is not approve or reject', { action: 'maybe', version: 2 }, ['body.action']],
    ['the version is missing', { action: 'approve' }, ['body.version']],
    ['the version is not an integer', { action: 'approve', version: '2' }, ['body.version']],
    ['a field is unknown', { action: 'approve', version: 2, score: 0 }, ['body.score']],
    ['the body is empty', {}, ['body.action', 'body.version']],
  ])('when %s, it answers 400 naming the field and changes nothing', async (_case, body, paths) => {
    const id = await held(`d-bad-${_case}`);
    expect(expectValidationPaths(await decide(id, body))).toEqual(paths);
    expect(await stored(id)).toEqual({ status: 'pending_review', version: 2 });
    expect(await decisionsOf(id)).toBe(1);
  });

  it('when the item does not exist, it answers 404', async () => {
    const res = await decide('6f1c1d39-1c1a-4c7e-9c1e-000000000000', { action: 'approve', version: 1 });
    expectProblem(res, 404, 'not_found');
  });

  it('when the token is missing, it answers 401 and changes nothing', async () => {
    const id = await held('d-anon');
    const res = await request(t.app)
      .post(`/v1/review/items/${id}/decision`)
      .send({ action: 'approve', version: 2 });
    expectProblem(res, 401, 'unauthorized');
    expect(await stored(id)).toEqual({ status: 'pending_review', version: 2 });
  });
});
