import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { bearer } from '../helpers/problems';
import { observed } from '../helpers/openapi-check';
import { createOpenApiDocument } from '../../src/api/openapi';

/**
 * One call of every operation the document lists, each answer checked against the document by the
 * test app (tests/helpers/openapi-check.ts), so that no operation's responses go unchecked. A route
 * added to the app and the document but not called here fails the last test.
 */
let env: TestEnv;
let t: TestApp;
beforeAll(async () => {
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
  t = createTestApp(env);
  await t.ready;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const admin = { authorization: bearer(ADMIN_TOKEN) };
const form = { blog: 'https://news.example', user_ip: '203.0.113.7' };

it('every operation answers as the document says', async () => {
  const get = (path: string, headers: Record<string, string> = admin) =>
    request(t.app).get(path).set(headers);
  const ok = (res: request.Response, status = 200) => {
    expect({ path: res.request.url, status: res.status }).toEqual({ path: res.request.url, status });
    return res.body;
  };

  // Health and docs.
  ok(await get('/healthz', {}));
  ok(await get('/readyz', {}));
  ok(await get('/metrics', {}));
  ok(await get('/openapi.json', {}));
  ok(await get('/docs', {}));
  ok(await get('/docs/docs.js', {}));
  await get('/dashboard', {}); // 200 when the dashboard is built, else 404: both documented.

  // Sites and their keys.
  const site = await createSiteViaApi(t.app, { name: 'Tour', callbackUrl: 'http://127.0.0.1:9/hook' });
  ok(await get('/v1/sites'));
  ok(await get(`/v1/sites/${site.id}`));
  ok(
    await request(t.app)
      .patch(`/v1/sites/${site.id}`)
      .set(admin)
      .send({ policy: { reviewThreshold: 4 } }),
  );
  ok(await get(`/v1/sites/${site.id}/policy-changes`));
  const { apiKey } = ok(await request(t.app).post(`/v1/sites/${site.id}/rotate-key`).set(admin).send({}));
  ok(await request(t.app).post(`/v1/sites/${site.id}/rotate-secret`).set(admin));
  const key = { authorization: bearer(apiKey) };

  // Intake.
  const comment = ok(
    await request(t.app).post('/v1/comments').set(key).send({ id: 'tour-1', content: 'Hello' }),
    202,
  );
  ok(
    await request(t.app)
      .post('/v1/comments/batch')
      .set(key)
      .send({ comments: [{ id: 'tour-2', content: 'Hi' }] }),
    202,
  );
  ok(await get('/v1/comments/tour-1', key));
  ok(await request(t.app).post('/v1/comments/tour-2/feedback').set(key).send({ label: 'ham' }));

  // Akismet.
  const akismet = (path: string, fields: object) =>
    request(t.app)
      .post(path)
      .type('form')
      .send({ api_key: apiKey, ...form, ...fields });
  ok(await akismet('/1.1/verify-key', {}));
  ok(await akismet('/1.1/comment-check', { comment_content: 'Nice read' }));
  ok(await akismet('/1.1/submit-spam', { comment_content: 'Buy now' }));
  ok(await akismet('/1.1/submit-ham', { comment_content: 'Nice read' }));

  // Review, claims and the audit log; the decision records a delivery for the site's callback.
  ok(await get('/v1/review/queue?status=queued'));
  ok(await get(`/v1/review/items/${comment.id}`));
  ok(await request(t.app).post(`/v1/review/items/${comment.id}/claim`).set(admin));
  ok(await request(t.app).delete(`/v1/review/items/${comment.id}/claim`).set(admin), 204);
  ok(
    await request(t.app)
      .post(`/v1/review/items/${comment.id}/decision`)
      .set(admin)
      .send({ action: 'approve', version: 1 }),
  );
  ok(await get('/v1/review/stats?bucket=day'));
  ok(await get('/v1/audit'));
  ok(await get('/v1/audit/policy-changes'));
  ok(await get('/v1/review/directory'));

  // Deliveries.
  const deliveries = ok(await get(`/v1/sites/${site.id}/deliveries`));
  const deliveryId = deliveries.items[0].id as string;
  ok(await get(`/v1/sites/${site.id}/deliveries/${deliveryId}`));
  ok(await request(t.app).post(`/v1/sites/${site.id}/deliveries/${deliveryId}/redeliver`).set(admin), 202);

  // Moderators and the dashboard's session.
  const mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [site.id] });
  ok(await get('/v1/moderators'));
  ok(await request(t.app).patch(`/v1/moderators/${mia.id}`).set(admin).send({ name: 'Mia R.' }));
  const signedIn = await request(t.app).post('/v1/session').send({ token: mia.token });
  const cookie = (signedIn.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  const { csrfToken } = ok(signedIn, 201);
  ok(await get('/v1/session', { cookie }));
  ok(await request(t.app).delete('/v1/session').set({ cookie, 'x-csrf-token': csrfToken }), 204);

  // A moderator's day: search, lookup, live events, notes on authors, my decisions and undo, the
  // audit export; and for admins the policy schema, a token reset and a removal.
  const kai = await createModeratorViaApi(t.app, { name: 'Kai', siteIds: [site.id] });
  const asKai = { authorization: bearer(kai.token) };
  ok(await get('/v1/review/queue?status=all&q=Hello', asKai));
  ok(await get('/v1/review/lookup?kind=author&q=tour', asKai));
  ok(await get('/v1/review/events', {}), 401);
  const noted = ok(
    await request(t.app)
      .post('/v1/comments')
      .set(key)
      .send({ id: 'tour-3', content: 'Hey', author: { id: 'tour-author', name: 'Tour' } }),
    202,
  );
  const note = ok(
    await request(t.app).post(`/v1/review/items/${noted.id}/author-notes`).set(asKai).send({ body: 'Watch' }),
    201,
  );
  ok(await request(t.app).delete(`/v1/review/author-notes/${note.id}`).set(asKai), 204);
  ok(
    await request(t.app)
      .post(`/v1/review/items/${noted.id}/decision`)
      .set(asKai)
      .send({ action: 'reject', version: 1 }),
  );
  const mine = ok(await get('/v1/review/decisions/mine', asKai));
  ok(await request(t.app).post(`/v1/review/decisions/${mine.items[0].id}/undo`).set(asKai).send({}));
  ok(await get('/v1/audit/export', asKai));

  // The workflows: an edit, a deletion, an appeal of a rejection, actions on an author, the policy
  // preview, and the erasure of the author.
  const author = { id: 'tour-author', name: 'Tour' };
  ok(await request(t.app).put('/v1/comments/tour-3').set(key).send({ content: 'Hey there', author }));
  ok(await request(t.app).delete('/v1/comments/tour-2').set(key));
  const appealed = ok(
    await request(t.app).post('/v1/comments').set(key).send({ id: 'tour-4', content: 'Hm', author }),
    202,
  );
  ok(
    await request(t.app)
      .post(`/v1/review/items/${appealed.id}/decision`)
      .set(admin)
      .send({ action: 'reject', version: 1, reasonCode: 'off_topic' }),
  );
  ok(
    await request(t.app).post('/v1/comments/tour-4/appeal').set(key).send({ text: 'It was on topic.' }),
    201,
  );
  const authorPath = `/v1/authors/${encodeURIComponent('id:tour-author')}`;
  ok(await get(`${authorPath}?siteId=${site.id}`, asKai));
  ok(
    await request(t.app)
      .post(`${authorPath}/actions`)
      .set(asKai)
      .send({ siteId: site.id, action: 'premoderate', reason: 'tour' }),
    201,
  );
  ok(await get('/v1/audit/author-actions', asKai));
  ok(
    await request(t.app)
      .post(`/v1/sites/${site.id}/policy/preview`)
      .set(admin)
      .send({ policy: { reviewThreshold: 2 } }),
  );
  ok(await request(t.app).delete(authorPath).query({ siteId: site.id }).set(admin));
  ok(await get('/v1/sites/policy-schema'));
  ok(await request(t.app).post(`/v1/moderators/${kai.id}/reset-token`).set(admin));
  ok(await request(t.app).delete(`/v1/moderators/${kai.id}`).set(admin), 204);
});

it('the calls above reached every operation the document lists', () => {
  const document = createOpenApiDocument({
    maxContentChars: env.config.MAX_CONTENT_CHARS,
    maxBatch: env.config.MAX_BATCH,
  });
  const operations = Object.values(document.paths).flatMap((byMethod) =>
    Object.values(byMethod).map((operation) => operation.operationId as string),
  );
  expect(operations.length).toBeGreaterThanOrEqual(40);
  expect(operations.filter((id) => !observed.operations.has(id))).toEqual([]);
});
