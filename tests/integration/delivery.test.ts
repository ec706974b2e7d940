import request from 'supertest';
import { ADMIN_TOKEN } from '../helpers/test-env';
import { useDeliveryHarness } from '../helpers/delivery-harness';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { bearer, expectProblem, expectValidationPaths } from '../helpers/problems';
import { verifyCallback, type WebhookReceiver } from '../helpers/webhook-receiver';
import packageJson from '../../package.json';

/**
 * Callbacks end to end: the api and the real workers (moderation, delivery, relay, sweeper) in
 * process against the real Redis and PostgreSQL, and a site's endpoint on 127.0.0.1 (allow-listed)
 * that checks every callback with the standardwebhooks library.
 */
const harness = useDeliveryHarness({ DELIVERY_SCHEDULE_MS: '300,600' });
let receiver: WebhookReceiver;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;

beforeAll(async () => {
  ({ site, receiver } = await harness.siteWithReceiver('Harbour Gazette'));
});

const admin = () => ({ authorization: bearer(ADMIN_TOKEN) });
const submit = async (externalId: string, apiKey = site.apiKey) => {
  const res = await request(harness.t.app)
    .post('/v1/comments')
    .set('authorization', bearer(apiKey))
    .send({ id: externalId, content: 'Thanks for the clear report on the harbour works.' });
  expect(res.status).toBe(202);
  return res.body.id as string;
};
const deliveries = (query = '', siteId = site.id) =>
  request(harness.t.app).get(`/v1/sites/${siteId}/deliveries${query}`).set(admin());
const deliveryOf = (deliveryId: string) =>
  request(harness.t.app).get(`/v1/sites/${site.id}/deliveries/${deliveryId}`).set(admin());

describe('comment.verdict callbacks', () => {
  let commentId: string;

  it('the site learns every verdict change, signed, in order of version: auto, moderator, site feedback', async () => {
    const start = receiver.received.length;
    commentId = await submit('c-1');
    const [auto] = (await receiver.waitForCount(start + 1)).slice(start);
    const first = verifyCallback(site.webhookSecret, auto!);
    expect(auto!.headers['content-type']).toBe('application/json');
    expect(auto!.headers['user-agent']).toBe(`comment-moderation/${packageJson.version}`);
    expect(auto!.headers['webhook-id']).toBe(`msg_${commentId}_2`);
    expect(first).toEqual({
      type: 'comment.verdict',
      timestamp: expect.any(String),
      data: {
        id: commentId,
        externalId: 'c-1',
        siteId: site.id,
        status: expect.stringMatching(/^(approved|pending_review)$/),
        version: 2,
        action: expect.stringMatching(/^(approve|review)$/),
        score: expect.any(Number),
        signals: expect.any(Array),
        decidedBy: 'auto',
        reason:
          first.data.status === 'approved' ? null : { code: expect.any(String), text: expect.any(String) },
      },
    });
    const stored = (
      await harness.env.pool.query('SELECT status, reason FROM comments WHERE id = $1', [commentId])
    ).rows[0];
    expect(first.data.status).toBe(stored.status);
    expect(first.data.reason).toEqual(stored.reason);

    const decided = await request(harness.t.app)
      .post(`/v1/review/items/${commentId}/decision`)
      .set(admin())
      .send({ action: 'reject', version: 2 });
    expect(decided.status).toBe(200);
    const [byModerator] = (await receiver.waitForCount(start + 2)).slice(start + 1);
    expect(verifyCallback(site.webhookSecret, byModerator!).data).toMatchObject({
      version: 3,
      status: 'rejected',
      action: 'reject',
      decidedBy: 'moderator',
    });

    const feedback = await request(harness.t.app)
      .post('/v1/comments/c-1/feedback')
      .set('authorization', bearer(site.apiKey))
      .send({ label: 'ham' });
    expect(feedback.status).toBe(200);
    const all = (await receiver.waitForCount(start + 3)).slice(start);
    const events = all.map((callback) => verifyCallback(site.webhookSecret, callback));
    expect(events.map((event) => [event.data.version, event.data.status, event.data.decidedBy])).toEqual([
      [2, first.data.status, 'auto'],
      [3, 'rejected', 'moderator'],
      [4, 'approved', 'site'],
    ]);
    expect(all.map((callback) => callback.headers['webhook-id'])).toEqual(
      [2, 3, 4].map((v) => `msg_${commentId}_${v}`),
    );

    // Recorded as delivered, one attempt each, answered 200.
    const listed = await waitFor(
      () => deliveries(),
      (res) =>
        res.body.items?.filter(
          (item: { commentId: string; status: string }) =>
            item.commentId === commentId && item.status === 'delivered',
        ).length === 3,
    );
    const mine = listed.body.items.filter((item: { commentId: string }) => item.commentId === commentId);
    expect(mine.map((item: { version: number }) => item.version)).toEqual([4, 3, 2]);
    for (const item of mine) {
      expect(item).toMatchObject({
        siteId: site.id,
        eventType: 'comment.verdict',
        status: 'delivered',
        nextAttemptAt: null,
        deliveredAt: expect.any(String),
        attempts: { count: 1, last: { statusCode: 200, error: null, latencyMs: expect.any(Number) } },
      });
    }
  });

  it('GET /v1/sites/:id/deliveries pages newest first and filters by status; bad input is refused', async () => {
    await submit('c-2');
    await waitFor(
      () => deliveries('?status=delivered'),
      (res) => res.body.items?.length === 4,
    );
    const firstPage = await deliveries('?limit=3');
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items).toHaveLength(3);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await deliveries(`?limit=3&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body.items).toHaveLength(1);
    const seen = [...firstPage.body.items, ...secondPage.body.items].map((item: { id: string }) => item.id);
    expect(new Set(seen).size).toBe(4);
    const created = [...firstPage.body.items, ...secondPage.body.items].map(
      (item: { createdAt: string }) => item.createdAt,
    );
    expect([...created].sort().reverse()).toEqual(created);

    expect((await deliveries('?status=failed')).body).toEqual({ items: [], nextCursor: null });
    expect(expectValidationPaths(await deliveries('?status=lost'))).toEqual(['query.status']);
    expect(expectValidationPaths(await deliveries('?cursor=garbage'))).toEqual(['query.cursor']);
    expectProblem(await deliveries('', '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectProblem(await deliveries('', 'not-a-uuid'), 404, 'not_found');
    expectProblem(
      await request(harness.t.app)
        .get(`/v1/sites/${site.id}/deliveries`)
        .set('authorization', bearer(site.apiKey)),
      401,
      'unauthorized',
    );
  });

  it('GET one delivery shows its payload and every attempt', async () => {
    const [latest] = (await deliveries('?limit=1')).body.items;
    const res = await deliveryOf(latest.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: latest.id, payload: { type: 'comment.verdict' } });
    expect(res.body.attemptLog).toEqual([
      { attemptedAt: expect.any(String), statusCode: 200, latencyMs: expect.any(Number), error: null },
    ]);
    expectProblem(await deliveryOf('00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('redelivery sends the same event again at once and records a new attempt', async () => {
    const [delivery] = (await deliveries('?limit=1')).body.items;
    const start = receiver.received.length;
    const res = await request(harness.t.app)
      .post(`/v1/sites/${site.id}/deliveries/${delivery.id}/redeliver`)
      .set(admin());
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: delivery.id, status: 'pending' });
    const [again] = (await receiver.waitForCount(start + 1)).slice(start);
    expect(again!.headers['webhook-id']).toBe(delivery.webhookId);
    expect(verifyCallback(site.webhookSecret, again!).data.version).toBe(delivery.version);
    const after = await waitFor(
      () => deliveryOf(delivery.id),
      (found) => found.body.status === 'delivered' && found.body.attempts.count === 2,
    );
    expect(after.body.attemptLog.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([
      200, 200,
    ]);

    expectProblem(
      await request(harness.t.app)
        .post(`/v1/sites/${site.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`)
        .set(admin()),
      404,
      'not_found',
    );
  });
});

describe('webhook secret rotation', () => {
  it('during the grace period callbacks carry both signatures, so the old and the new secret verify', async () => {
    const rotated = await request(harness.t.app).post(`/v1/sites/${site.id}/rotate-secret`).set(admin());
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.body.webhookSecret).not.toBe(site.webhookSecret);
    const validUntil = Date.parse(rotated.body.previousSecretValidUntil);
    expect(Math.abs(validUntil - (Date.now() + 86_400_000))).toBeLessThan(60_000);
    // Shown once: never in the site's view.
    const shown = await request(harness.t.app).get(`/v1/sites/${site.id}`).set(admin());
    expect(JSON.stringify(shown.body)).not.toContain(rotated.body.webhookSecret);

    const start = receiver.received.length;
    const commentId = await submit('c-rotated');
    const [callback] = (await receiver.waitForCount(start + 1)).slice(start);
    expect(String(callback!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyCallback(site.webhookSecret, callback!).data.id).toBe(commentId);
    expect(verifyCallback(rotated.body.webhookSecret, callback!).data.id).toBe(commentId);

    // After the grace period only the new secret signs.
    await harness.env.pool.query(
      "UPDATE sites SET previous_webhook_secret_expires_at = now() - interval '1 second' WHERE id = $1",
      [site.id],
    );
    await request(harness.t.app)
      .post(`/v1/review/items/${commentId}/decision`)
      .set(admin())
      .send({ action: 'reject', version: 2 })
      .expect(200);
    const [later] = (await receiver.waitForCount(start + 2)).slice(start + 1);
    expect(String(later!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyCallback(rotated.body.webhookSecret, later!).data.version).toBe(3);
    expect(() => verifyCallback(site.webhookSecret, later!)).toThrow(/no webhook-signature matches/);
    site = { ...site, webhookSecret: rotated.body.webhookSecret };
  });

  it('rotating an unknown site is a 404; rotating needs an admin', async () => {
    expectProblem(
      await request(harness.t.app)
        .post('/v1/sites/00000000-0000-4000-8000-000000000000/rotate-secret')
        .set(admin()),
      404,
      'not_found',
    );
    expectProblem(
      await request(harness.t.app)
        .post(`/v1/sites/${site.id}/rotate-secret`)
        .set('authorization', bearer(site.apiKey)),
      401,
      'unauthorized',
    );
  });
});
