import request from 'supertest';
import { startWorkers } from '../../src/processes/workers';
import { storeAutoDecisions } from '../../src/decisions/auto-decision';
import { ADMIN_TOKEN, createTestEnv, silentLogger, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi, waitFor } from '../helpers/fixtures';
import { bearer, countRows, expectProblem, expectValidationPaths } from '../helpers/problems';
import { startWebhookReceiver, verifyCallback, type WebhookReceiver } from '../helpers/webhook-receiver';
import { createVerdictTestApp, type VerdictTestApp } from '../helpers/verdict-app';

/**
 * Edits (PUT) and deletions (DELETE) of comments a site sent, with the api, the real workers and a
 * site's callback endpoint: an edit is moderated again and announced like any verdict.
 */
let env: TestEnv;
let t: VerdictTestApp;
let stopWorkers: () => Promise<void>;
let receiver: WebhookReceiver;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let other: Awaited<ReturnType<typeof createSiteViaApi>>;

beforeAll(async () => {
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1', SWEEP_EVERY_MS: '60000' });
  t = await createVerdictTestApp(env);
  stopWorkers = await startWorkers(env.config, silentLogger);
  receiver = await startWebhookReceiver();
  const policy = { blockedTerms: ['viagra'], flaggedTerms: ['casino'] };
  site = await createSiteViaApi(t.app, { name: 'Edits', callbackUrl: receiver.url, policy });
  other = await createSiteViaApi(t.app, { name: 'Elsewhere', policy });
});
afterAll(async () => {
  await stopWorkers();
  await receiver.close();
  await t.close();
  await env.cleanup();
});

const siteCall = (method: 'get' | 'post' | 'put' | 'delete', path: string, apiKey = site.apiKey) =>
  request(t.app)[method](path).set('authorization', bearer(apiKey));
const read = (externalId: string, apiKey = site.apiKey) =>
  siteCall('get', `/v1/comments/${externalId}`, apiKey);
const decided = (externalId: string, apiKey = site.apiKey) =>
  waitFor(
    () => read(externalId, apiKey),
    (res) => res.body.status !== 'queued',
  );
const callbacksOf = (commentId: string) =>
  receiver.received
    .map((callback) => verifyCallback(site.webhookSecret, callback))
    .filter((event) => event.data.id === commentId);
const submit = async (id: string, content: string, apiKey = site.apiKey) => {
  const res = await siteCall('post', '/v1/comments', apiKey).send({ id, content, author: { id: `a-${id}` } });
  expect(res.status).toBe(202);
  return (await decided(id, apiKey)).body;
};

describe('PUT /v1/comments/:externalId', () => {
  it('when a commenter edits a link into an approved comment, it is moderated again and the site learns the new verdict', async () => {
    const first = await submit('e-1', 'Thanks, a useful summary.');
    expect(first).toMatchObject({ status: 'approved', version: 2, revision: 1, reason: null });

    const edit = await siteCall('put', '/v1/comments/e-1').send({
      content: 'Thanks, a useful summary. Cheap viagra at my shop!',
      author: { id: 'a-e-1' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({
      id: first.id,
      status: 'queued',
      version: 3,
      revision: 2,
      verdict: null,
    });

    const now = (await decided('e-1')).body;
    expect(now).toMatchObject({
      status: 'rejected',
      version: 4,
      revision: 2,
      verdict: { action: 'reject' },
      reason: { code: 'offensive', text: expect.any(String) },
    });
    const events = await waitFor(
      async () => callbacksOf(first.id),
      (found) => found.length === 2,
    );
    expect(events.map((event) => [event.data.version, event.data.status, event.data.decidedBy])).toEqual([
      [2, 'approved', 'auto'],
      [4, 'rejected', 'auto'],
    ]);
    expect(events[1]!.data.reason).toEqual(now.reason);

    const { rows: decisions } = await env.pool.query(
      'SELECT version, from_status, to_status, action, decided_by FROM decisions WHERE comment_id = $1 ORDER BY version',
      [first.id],
    );
    expect(decisions).toEqual([
      { version: 2, from_status: 'queued', to_status: 'approved', action: 'approve', decided_by: 'auto' },
      { version: 3, from_status: 'approved', to_status: 'queued', action: 'edit', decided_by: 'site' },
      { version: 4, from_status: 'queued', to_status: 'rejected', action: 'reject', decided_by: 'auto' },
    ]);
    const { rows: revisions } = await env.pool.query(
      'SELECT revision, content, action FROM comment_revisions WHERE comment_id = $1',
      [first.id],
    );
    expect(revisions).toEqual([{ revision: 1, content: 'Thanks, a useful summary.', action: 'approve' }]);
  });

  it('when the review item is opened, it shows every revision with what each one changed', async () => {
    const { id } = (await read('e-1')).body;
    const res = await request(t.app).get(`/v1/review/items/${id}`).set('authorization', bearer(ADMIN_TOKEN));
    expect(res.status).toBe(200);
    expect(res.body.revision).toBe(2);
    expect(res.body.revisions).toEqual([
      expect.objectContaining({ revision: 1, content: 'Thanks, a useful summary.', diff: null }),
      expect.objectContaining({
        revision: 2,
        verdict: expect.objectContaining({ action: 'reject' }),
        diff: [
          { op: 'same', text: 'Thanks, a useful summary.' },
          { op: 'added', text: ' Cheap viagra at my shop!' },
        ],
      }),
    ]);
  });

  it('when the same text is sent again, nothing changes: no version, no decision, no callback', async () => {
    const before = (await read('e-1')).body;
    const callbacks = receiver.received.length;
    const decisions = await countRows(env.pool, 'decisions', 'comment_id = $1', [before.id]);
    const res = await siteCall('put', '/v1/comments/e-1').send({
      id: 'e-1',
      content: 'Thanks, a useful summary. Cheap viagra at my shop!',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', version: before.version, revision: 2 });
    expect(await countRows(env.pool, 'decisions', 'comment_id = $1', [before.id])).toBe(decisions);
    expect(receiver.received.length).toBe(callbacks);
  });

  it('keeps the contract: POST with the same id and other text is still 409 id_reused', async () => {
    const res = await siteCall('post', '/v1/comments').send({ id: 'e-1', content: 'Something else' });
    expectProblem(res, 409, 'id_reused');
  });

  it('with Prefer: wait, the edit answers 200 with the new verdict when it comes in time', async () => {
    await submit('e-wait', 'A calm first version.');
    const res = await siteCall('put', '/v1/comments/e-wait')
      .set('prefer', 'wait=5')
      .send({ content: 'Now about the casino in town.' });
    expect(res.status).toBe(200);
    expect(res.headers['preference-applied']).toBe('wait=5');
    expect(res.body).toMatchObject({
      status: 'pending_review',
      revision: 2,
      reason: { code: 'offensive' },
    });
  });

  it("refuses bad input, an unknown comment, and another site's comment, changing nothing", async () => {
    await submit('e-mine', 'Mine to keep.');
    const before = (await read('e-mine')).body;
    const bad = await siteCall('put', '/v1/comments/e-mine').send({ id: 'e-other', content: '', colour: 1 });
    expect(expectValidationPaths(bad)).toEqual(['body.colour', 'body.content']);
    const wrongId = await siteCall('put', '/v1/comments/e-mine').send({ id: 'e-other', content: 'x' });
    expect(expectValidationPaths(wrongId)).toEqual(['body.id']);
    expectProblem(await siteCall('put', '/v1/comments/never-sent').send({ content: 'x' }), 404, 'not_found');
    const foreign = await siteCall('put', '/v1/comments/e-mine', other.apiKey).send({ content: 'Hijacked' });
    expectProblem(foreign, 404, 'not_found');
    expectProblem(
      await siteCall('put', '/v1/comments/e-mine', 'sk_wrong').send({ content: 'x' }),
      401,
      'unauthorized',
    );
    expect((await read('e-mine')).body).toMatchObject({ version: before.version, revision: 1 });
  });

  it('drops a verdict computed on text that an edit replaced meanwhile', async () => {
    const { id } = await submit('e-race', 'First words.');
    await siteCall('put', '/v1/comments/e-race').send({ content: 'Second words.' });
    await decided('e-race');
    const now = (await read('e-race')).body;
    // A slow job that read the text at an older version stores nothing.
    const stale = { id, version: now.version - 2, status: 'rejected' as const, action: 'reject' as const };
    const stored = await storeAutoDecisions(env.pool, [
      { ...stale, score: 99, signals: [], reason: null, observed: false },
    ]);
    expect(stored.size).toBe(0);
    expect((await read('e-race')).body).toMatchObject({ status: now.status, version: now.version });
  });
});

describe('DELETE /v1/comments/:externalId', () => {
  it('when the site deletes a held comment, it leaves the review queue and the audit records it', async () => {
    const held = await submit('d-1', 'Meet me at the casino.');
    expect(held.status).toBe('pending_review');
    const queue = () =>
      request(t.app)
        .get(`/v1/review/queue?siteId=${site.id}`)
        .set('authorization', bearer(ADMIN_TOKEN))
        .then((res) => res.body.items.map((item: { id: string }) => item.id));
    expect(await queue()).toContain(held.id);

    const res = await siteCall('delete', '/v1/comments/d-1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: held.id, status: 'deleted', version: held.version + 1 });
    expect(await queue()).not.toContain(held.id);
    const audit = await request(t.app)
      .get(`/v1/audit?siteId=${site.id}&decidedBy=site`)
      .set('authorization', bearer(ADMIN_TOKEN));
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        commentId: held.id,
        fromStatus: 'pending_review',
        toStatus: 'deleted',
        action: 'delete',
        decidedBy: 'site',
      }),
    );

    const again = await siteCall('delete', '/v1/comments/d-1');
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(held.version + 1);
  });

  it('a deleted comment can be neither edited nor decided; another site cannot delete it', async () => {
    expectProblem(
      await siteCall('put', '/v1/comments/d-1').send({ content: 'Back again' }),
      409,
      'comment_deleted',
    );
    const { id, version } = (await read('d-1')).body;
    const decision = await request(t.app)
      .post(`/v1/review/items/${id}/decision`)
      .set('authorization', bearer(ADMIN_TOKEN))
      .send({ action: 'approve', version });
    expectProblem(decision, 409, 'comment_deleted');

    await submit('d-2', 'Not yours to delete.');
    expectProblem(await siteCall('delete', '/v1/comments/d-2', other.apiKey), 404, 'not_found');
    expect((await read('d-2')).body.status).toBe('approved');
    expectProblem(await siteCall('delete', '/v1/comments/never-sent'), 404, 'not_found');
  });

  it("a moderator of another site does not see a site's deleted or edited items", async () => {
    const stranger = await createModeratorViaApi(t.app, { name: 'Stranger', siteIds: [other.id] });
    const { id } = (await read('e-1')).body;
    const res = await request(t.app)
      .get(`/v1/review/items/${id}`)
      .set('authorization', bearer(stranger.token));
    expectProblem(res, 404, 'not_found');
    const queue = await request(t.app)
      .get(`/v1/review/queue?status=deleted&siteId=${site.id}`)
      .set('authorization', bearer(stranger.token));
    expectProblem(queue, 403, 'forbidden');
  });
});
