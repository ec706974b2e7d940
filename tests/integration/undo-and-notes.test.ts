import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let mia: { id: string; token: string };
let ben: { id: string; token: string };
let post: (id: string, extra?: object) => Promise<string>;

beforeAll(async () => {
  // The callback URL is never reached: these tests read the outbox rows a decision records.
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
  t = createTestApp(env);
  await t.ready;
  const moderate = createTestModerator(env, scoredByMarker);
  const site = await createSiteViaApi(t.app, { name: 'A', callbackUrl: 'http://127.0.0.1:9/cb' });
  mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [site.id] });
  ben = await createModeratorViaApi(t.app, { name: 'Ben', siteIds: [site.id] });
  post = (id, extra = {}) =>
    submitAndModerate(t.app, moderate, site.apiKey, { id, content: scored(4, `Held ${id}`), ...extra });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const as = (token: string) => ({
  get: (path: string) => request(t.app).get(path).set('authorization', bearer(token)),
  post: (path: string, body?: object) =>
    request(t.app).post(path).set('authorization', bearer(token)).send(body),
  delete: (path: string) => request(t.app).delete(path).set('authorization', bearer(token)),
});
const decide = (token: string, id: string, action: string, version: number, extra: object = {}) =>
  as(token).post(`/v1/review/items/${id}/decision`, { action, version, ...extra });
const learned = async (commentId: string) =>
  (await env.pool.query('SELECT label FROM classifier_examples WHERE key = $1', [commentId])).rows.map(
    (row) => row.label as string,
  );

describe('decisions that change nothing', () => {
  it('when the item already has that status, the answer says changed: false and nothing is recorded or sent', async () => {
    const id = await post('same');
    expect((await decide(mia.token, id, 'approve', 2)).body).toMatchObject({ changed: true, version: 3 });
    const decisions = await countRows(env.pool, 'decisions', 'comment_id = $1', [id]);
    const deliveries = await countRows(env.pool, 'deliveries', 'comment_id = $1', [id]);
    const again = await decide(ben.token, id, 'approve', 3);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, status: 'approved', version: 3 });
    expect(await countRows(env.pool, 'decisions', 'comment_id = $1', [id])).toBe(decisions);
    expect(await countRows(env.pool, 'deliveries', 'comment_id = $1', [id])).toBe(deliveries);
  });
});

describe('my recent decisions and undo', () => {
  it('lists my decisions newest first with excerpt and whether each can still be undone', async () => {
    const first = await post('mine-1');
    const second = await post('mine-2');
    await decide(ben.token, first, 'reject', 2, { note: 'looks like an ad' });
    await decide(ben.token, second, 'approve', 2);
    const res = await as(ben.token).get('/v1/review/decisions/mine?limit=2');
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((d: Record<string, unknown>) => [d.externalId, d.toStatus, d.undoable, d.note]),
    ).toEqual([
      ['mine-2', 'approved', true, null],
      ['mine-1', 'rejected', true, 'looks like an ad'],
    ]);
    expect(res.body.items[0].excerpt).toBe(`Held mine-2 [score=4]`);
    // Another moderator's list holds none of these; the operator has no list of their own.
    const mias = (await as(mia.token).get('/v1/review/decisions/mine')).body.items;
    expect(mias.map((d: { externalId: string }) => d.externalId)).not.toContain('mine-2');
    expect((await as(ADMIN_TOKEN).get('/v1/review/decisions/mine')).body.items).toEqual([]);
  });

  it('undo restores the previous status with a new decision, its callback, and takes the lesson back', async () => {
    const id = await post('undo-me');
    await decide(mia.token, id, 'reject', 2);
    expect(await learned(id)).toEqual(['spam', 'spam']);
    const [mine] = (await as(mia.token).get('/v1/review/decisions/mine?limit=1')).body.items;
    const undo = await as(mia.token).post(`/v1/review/decisions/${mine.id}/undo`, {
      note: 'pressed r by mistake',
    });
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ id, status: 'pending_review', version: 4 });
    const { rows } = await env.pool.query(
      'SELECT from_status, to_status, action, reason, note, undoes::text FROM decisions WHERE comment_id = $1 AND version = 4',
      [id],
    );
    expect(rows).toEqual([
      {
        from_status: 'rejected',
        to_status: 'pending_review',
        action: 'review',
        reason: 'undo',
        note: 'pressed r by mistake',
        undoes: mine.id,
      },
    ]);
    const callback = await env.pool.query(
      'SELECT payload FROM deliveries WHERE comment_id = $1 AND version = 4',
      [id],
    );
    expect(callback.rows[0].payload.data).toMatchObject({
      status: 'pending_review',
      version: 4,
      decidedBy: 'moderator',
    });
    // The worker's verdict taught nothing, so after the undo the classifier holds no lesson of it.
    expect(await learned(id)).toEqual([]);

    // Undone once, it cannot be undone again; nor can a colleague undo it.
    expectProblem(await as(mia.token).post(`/v1/review/decisions/${mine.id}/undo`), 409, 'changed_since');
    const listed = (await as(mia.token).get('/v1/review/decisions/mine?limit=2')).body.items;
    expect(listed.map((d: { undoable: boolean }) => d.undoable)).toEqual([true, false]);
    expectProblem(await as(ben.token).post(`/v1/review/decisions/${listed[0].id}/undo`), 403, 'forbidden');
  });

  it('when a colleague changed the comment after my decision, undo answers 409 with the fresh state', async () => {
    const id = await post('overtaken');
    await decide(mia.token, id, 'approve', 2);
    await decide(ben.token, id, 'reject', 3);
    const [mine] = (await as(mia.token).get('/v1/review/decisions/mine?limit=1')).body.items;
    const res = await as(mia.token).post(`/v1/review/decisions/${mine.id}/undo`);
    expectProblem(res, 409, 'changed_since');
    expect(res.body.current).toMatchObject({ status: 'rejected', version: 4 });
    expectProblem(await as(mia.token).post('/v1/review/decisions/abc/undo'), 404, 'not_found');
    expect(
      expectValidationPaths(await as(mia.token).post(`/v1/review/decisions/${mine.id}/undo`, { x: 1 })),
    ).toEqual(['body.x']);
  });
});

describe('notes on authors', () => {
  it('a note on an author shows in every item of theirs, newest first; its writer may delete it', async () => {
    const one = await post('by-ann-1', { author: { id: 'ann', name: 'Ann' } });
    const two = await post('by-ann-2', { author: { id: 'ann', name: 'Ann' } });
    const add = (token: string, id: string, body: string) =>
      as(token).post(`/v1/review/items/${id}/author-notes`, { body });
    expect((await add(mia.token, one, 'Warned about links on 3 May')).status).toBe(201);
    const second = await add(ben.token, two, 'Second warning');
    const notes = (await as(mia.token).get(`/v1/review/items/${one}`)).body.authorHistory.notes;
    expect(notes.map((n: { body: string; moderatorId: string }) => [n.body, n.moderatorId])).toEqual([
      ['Second warning', ben.id],
      ['Warned about links on 3 May', mia.id],
    ]);
    expectProblem(await as(mia.token).delete(`/v1/review/author-notes/${second.body.id}`), 404, 'not_found');
    expect((await as(ben.token).delete(`/v1/review/author-notes/${second.body.id}`)).status).toBe(204);
    expect((await as(mia.token).get(`/v1/review/items/${two}`)).body.authorHistory.notes).toHaveLength(1);
  });

  it('a comment without an author id or e-mail has nobody to note: 400 at body', async () => {
    const anonymous = await post('anonymous');
    const res = await as(mia.token).post(`/v1/review/items/${anonymous}/author-notes`, { body: 'who?' });
    expect(expectValidationPaths(res)).toEqual(['body.body']);
    expect(
      expectValidationPaths(await as(mia.token).post(`/v1/review/items/${anonymous}/author-notes`, {})),
    ).toEqual(['body.body']);
  });
});
