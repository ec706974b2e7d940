import request from 'supertest';
import type { AppealDecidedEvent } from '../../src/delivery/appeal-event';
import { ADMIN_TOKEN } from '../helpers/test-env';
import { useDeliveryHarness } from '../helpers/delivery-harness';
import { createModeratorViaApi, createSiteViaApi, waitFor } from '../helpers/fixtures';
import { bearer, expectProblem, expectValidationPaths } from '../helpers/problems';
import { verifyCallback, type WebhookReceiver } from '../helpers/webhook-receiver';

/**
 * Reasons and appeals end to end: the api, the real workers and a site's callback endpoint. A
 * rejection carries a public reason; the commenter's appeal waits in the `appealed` queue; the
 * moderator's outcome reaches the site as `comment.appeal_decided`.
 */
const harness = useDeliveryHarness({ SWEEP_EVERY_MS: '60000' });
let receiver: WebhookReceiver;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let other: Awaited<ReturnType<typeof createSiteViaApi>>;
let mia: { id: string; token: string };
let bea: { id: string; token: string };

const OWN_SPAM_TEXT = 'We do not allow advertising here, sorry.';

beforeAll(async () => {
  ({ site, receiver } = await harness.siteWithReceiver('Appeals', {
    policy: { blockedTerms: ['viagra'], reasons: { spam: OWN_SPAM_TEXT, rude: 'Please keep it civil.' } },
  }));
  other = await createSiteViaApi(harness.t.app, { name: 'Elsewhere', policy: { blockedTerms: ['viagra'] } });
  mia = await createModeratorViaApi(harness.t.app, { name: 'Mia', siteIds: [site.id] });
  bea = await createModeratorViaApi(harness.t.app, { name: 'Bea', siteIds: [other.id] });
});

const asSite = (method: 'get' | 'post', path: string, apiKey = site.apiKey) =>
  request(harness.t.app)[method](path).set('authorization', bearer(apiKey));
const read = (externalId: string, apiKey = site.apiKey) =>
  asSite('get', `/v1/comments/${externalId}`, apiKey);
const submitDecided = async (externalId: string, content: string, apiKey = site.apiKey) => {
  const res = await asSite('post', '/v1/comments', apiKey).send({
    id: externalId,
    content,
    author: { id: `author-${externalId}` },
  });
  expect(res.status).toBe(202);
  return (
    await waitFor(
      () => read(externalId, apiKey),
      (now) => now.body.status !== 'queued',
    )
  ).body;
};
const appeal = (externalId: string, body: object, apiKey = site.apiKey) =>
  asSite('post', `/v1/comments/${externalId}/appeal`, apiKey).send(body);
const decide = (id: string, body: object, token = mia.token) =>
  request(harness.t.app)
    .post(`/v1/review/items/${id}/decision`)
    .set('authorization', bearer(token))
    .send(body);
const eventsOf = (commentId: string) =>
  receiver.received
    .map((callback) => verifyCallback(site.webhookSecret, callback) as unknown as AppealDecidedEvent)
    .filter((event) => event.data.id === commentId);

describe('public reasons', () => {
  it('a worker rejection carries the reason of the signal that decided it, in the callback and GET', async () => {
    const rejected = await submitDecided('r-1', 'Buy viagra here');
    expect(rejected).toMatchObject({
      status: 'rejected',
      reason: { code: 'offensive', text: 'This comment contains language that is not allowed here.' },
    });
    const [event] = await waitFor(
      async () => eventsOf(rejected.id),
      (found) => found.length === 1,
    );
    expect(event!.data.reason).toEqual(rejected.reason);
  });

  it("a moderator's rejection names a code of the site's catalogue, in the site's words; unknown codes are refused", async () => {
    const approved = await submitDecided('r-2', 'A perfectly fine remark.');
    const unknown = await decide(approved.id, {
      action: 'reject',
      version: approved.version,
      reasonCode: 'nope',
    });
    expect(expectValidationPaths(unknown)).toEqual(['body.reasonCode']);
    const res = await decide(approved.id, {
      action: 'reject',
      version: approved.version,
      reasonCode: 'rude',
    });
    expect(res.status).toBe(200);
    expect((await read('r-2')).body.reason).toEqual({ code: 'rude', text: 'Please keep it civil.' });
    // The moderator's own word "spam" is a code too, in the site's text for it.
    const again = await submitDecided('r-3', 'Another fine remark.');
    await decide(again.id, { action: 'reject', version: again.version, reason: 'spam', note: 'seen before' });
    expect((await read('r-3')).body.reason).toEqual({ code: 'spam', text: OWN_SPAM_TEXT });
    const events = await waitFor(
      async () => eventsOf(again.id),
      (found) => found.length === 2,
    );
    expect(events[1]!.data).toMatchObject({
      status: 'rejected',
      reason: { code: 'spam', text: OWN_SPAM_TEXT },
    });
  });
});

describe('POST /v1/comments/:externalId/appeal', () => {
  it('when the commenter appeals a rejection, the comment waits in the appealed queue with their text', async () => {
    const rejected = await submitDecided('a-1', 'Is viagra covered by the new health plan?');
    const res = await appeal('a-1', {
      text: 'I asked a question about health insurance, not selling anything.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: rejected.id,
      status: 'appealed',
      version: rejected.version + 1,
      reason: rejected.reason,
      appeal: { id: expect.any(String), status: 'pending', decidedAt: null },
    });
    const queue = await request(harness.t.app)
      .get('/v1/review/queue?status=appealed')
      .set('authorization', bearer(mia.token));
    expect(queue.body.items.map((item: { id: string }) => item.id)).toEqual([rejected.id]);
    const item = await request(harness.t.app)
      .get(`/v1/review/items/${rejected.id}`)
      .set('authorization', bearer(mia.token));
    expect(item.body.appeals).toEqual([
      expect.objectContaining({
        status: 'pending',
        version: rejected.version,
        text: 'I asked a question about health insurance, not selling anything.',
      }),
    ]);
    expect(item.body.decisions.at(-1)).toMatchObject({
      fromStatus: 'rejected',
      toStatus: 'appealed',
      action: 'appeal',
      decidedBy: 'site',
    });
  });

  it('a moderator who overturns it approves the comment, and the site hears comment.appeal_decided', async () => {
    const { id, version } = (await read('a-1')).body;
    const res = await decide(id, { action: 'approve', version });
    expect(res.status).toBe(200);
    const events = await waitFor(
      async () => eventsOf(id),
      (found) => found.some((event) => event.type === 'comment.appeal_decided'),
    );
    expect(events.at(-1)).toEqual({
      type: 'comment.appeal_decided',
      timestamp: expect.any(String),
      data: {
        id,
        externalId: 'a-1',
        siteId: site.id,
        status: 'approved',
        version: version + 1,
        appealId: expect.any(String),
        outcome: 'overturned',
        decidedBy: 'moderator',
        reason: null,
      },
    });
    expect((await read('a-1')).body).toMatchObject({
      status: 'approved',
      reason: null,
      appeal: { status: 'overturned', decidedAt: expect.any(String) },
    });
  });

  it('a moderator who upholds it keeps the rejection and its reason; the same text cannot be appealed again', async () => {
    const rejected = await submitDecided('a-2', 'viagra viagra viagra');
    await appeal('a-2', { text: 'It was a joke.' });
    const { version } = (await read('a-2')).body;
    expect((await decide(rejected.id, { action: 'reject', version, note: 'not a joke' })).status).toBe(200);
    const [decided] = await waitFor(
      async () => eventsOf(rejected.id).filter((event) => event.type === 'comment.appeal_decided'),
      (found) => found.length === 1,
    );
    expect(decided!.data).toMatchObject({ outcome: 'upheld', status: 'rejected', reason: rejected.reason });
    expectProblem(await appeal('a-2', { text: 'Please, again.' }), 409, 'already_appealed');
  });

  it('refuses what cannot be appealed: approved, already appealed, unknown, another site, bad text', async () => {
    await submitDecided('a-3', 'Nice piece.');
    expectProblem(await appeal('a-3', { text: 'Why?' }), 409, 'not_appealable');
    await submitDecided('a-4', 'viagra deals');
    expect((await appeal('a-4', { text: 'Reconsider please.' })).status).toBe(201);
    expectProblem(await appeal('a-4', { text: 'Again.' }), 409, 'appeal_pending');
    expectProblem(await appeal('never-sent', { text: 'x' }), 404, 'not_found');
    expectProblem(await appeal('a-4', { text: 'Mine now' }, other.apiKey), 404, 'not_found');
    expect(expectValidationPaths(await appeal('a-4', { text: '  ', extra: 1 }))).toEqual([
      'body.extra',
      'body.text',
    ]);
    expect((await read('a-4')).body.appeal.status).toBe('pending');
  });

  it("a moderator of another site neither sees nor decides a site's appeals", async () => {
    const { id, version } = (await read('a-4')).body;
    expectProblem(await decide(id, { action: 'approve', version }, bea.token), 404, 'not_found');
    const queue = await request(harness.t.app)
      .get('/v1/review/queue?status=appealed')
      .set('authorization', bearer(bea.token));
    expect(queue.body.items).toEqual([]);
    expect((await read('a-4')).body.status).toBe('appealed');
  });

  it('an edit of the appealed text withdraws the appeal and moderates the new text', async () => {
    const res = await request(harness.t.app)
      .put('/v1/comments/a-4')
      .set('authorization', bearer(site.apiKey))
      .send({ content: 'I rephrased it without the word.' });
    expect(res.status).toBe(200);
    const now = await waitFor(
      () => read('a-4'),
      (found) => found.body.status !== 'queued',
    );
    expect(now.body).toMatchObject({ status: 'approved', appeal: { status: 'withdrawn' } });
  });

  it('the operator sees every appeal across sites', async () => {
    const rejected = await submitDecided('o-1', 'viagra', other.apiKey);
    await appeal('o-1', { text: 'Elsewhere too.' }, other.apiKey);
    const queue = await request(harness.t.app)
      .get('/v1/review/queue?status=appealed')
      .set('authorization', bearer(ADMIN_TOKEN));
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(rejected.id);
  });
});
