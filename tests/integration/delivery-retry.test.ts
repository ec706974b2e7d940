import { createServer } from 'node:net';
import request from 'supertest';
import { ADMIN_TOKEN } from '../helpers/test-env';
import { useDeliveryHarness } from '../helpers/delivery-harness';
import { waitFor } from '../helpers/fixtures';
import { bearer, countRows, expectProblem } from '../helpers/problems';
import { verifyCallback } from '../helpers/webhook-receiver';

/**
 * Retries, Retry-After, giving up, and 410 Gone, with the real workers and a schedule shortened to
 * 300 ms then 600 ms (±10%): three attempts in all.
 */
const harness = useDeliveryHarness({
  DELIVERY_SCHEDULE_MS: '300,600',
  DELIVERY_TIMEOUT_MS: '500',
});
const { siteWithReceiver, submit } = harness;

const admin = () => ({ authorization: bearer(ADMIN_TOKEN) });

/** The one delivery of a comment, once it is no longer pending, with its attempts oldest first. */
async function settledDelivery(siteId: string, commentId: string, timeoutMs = 15_000) {
  const { rows } = await waitFor(
    () => harness.env.pool.query('SELECT id, status FROM deliveries WHERE comment_id = $1', [commentId]),
    (result) => result.rows.length === 1 && result.rows[0].status !== 'pending',
    timeoutMs,
  );
  const res = await request(harness.t.app).get(`/v1/sites/${siteId}/deliveries/${rows[0].id}`).set(admin());
  return res.body as {
    id: string;
    status: string;
    lastError: string | null;
    attempts: { count: number };
    attemptLog: Array<{ statusCode: number | null; error: string | null; attemptedAt: string }>;
  };
}

it('when the site answers 500 then 200, the same webhook-id arrives twice and the delivery ends delivered with 2 attempts', async () => {
  const { site, receiver } = await siteWithReceiver('Flaky');
  receiver.answer = (index) => ({ status: index === 0 ? 500 : 200 });
  const commentId = await submit(site.apiKey, 'r-flaky');
  const [first, second] = await receiver.waitForCount(2);
  expect(first!.headers['webhook-id']).toBe(`msg_${commentId}_2`);
  expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  expect(second!.body).toBe(first!.body);
  // Each attempt is signed afresh, and both verify.
  expect(verifyCallback(site.webhookSecret, first!)).toEqual(verifyCallback(site.webhookSecret, second!));
  // The first retry waits 300 ms ±10%.
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(260);
  expect(second!.at - first!.at).toBeLessThan(2_000);

  const delivery = await settledDelivery(site.id, commentId);
  expect(delivery).toMatchObject({ status: 'delivered', lastError: null, attempts: { count: 2 } });
  expect(delivery.attemptLog.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
    [500, 'answered HTTP 500'],
    [200, null],
  ]);
});

it('a Retry-After longer than the scheduled wait is honoured', async () => {
  const { site, receiver } = await siteWithReceiver('Busy');
  receiver.answer = (index) =>
    index === 0 ? { status: 503, headers: { 'retry-after': '2' } } : { status: 200 };
  const commentId = await submit(site.apiKey, 'r-busy');
  const [first, second] = await receiver.waitForCount(2, 10_000);
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_950);
  const delivery = await settledDelivery(site.id, commentId);
  expect(delivery.attemptLog.map((attempt) => attempt.statusCode)).toEqual([503, 200]);
  expect(delivery.status).toBe('delivered');
});

it('when every attempt fails, the delivery fails after the schedule is spent, and nothing more is sent', async () => {
  const { site, receiver } = await siteWithReceiver('Broken');
  receiver.answer = () => ({ status: 500 });
  const commentId = await submit(site.apiKey, 'r-broken');
  const delivery = await settledDelivery(site.id, commentId);
  expect(delivery).toMatchObject({
    status: 'failed',
    lastError: 'answered HTTP 500',
    attempts: { count: 3 },
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(receiver.received).toHaveLength(3);
  expect(new Set(receiver.received.map((callback) => callback.headers['webhook-id'])).size).toBe(1);
});

it('network errors and timeouts are recorded and retried like error answers', async () => {
  // A port that was just free: nothing listens there.
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const refused = await siteWithReceiver('Down', { callbackUrl: `http://127.0.0.1:${closedPort}/hook` });
  const refusedId = await submit(refused.site.apiKey, 'r-down');

  const slow = await siteWithReceiver('Slow');
  slow.receiver.answer = (index) => (index === 0 ? { status: 200, hang: true } : { status: 204 });
  const slowId = await submit(slow.site.apiKey, 'r-slow');

  const down = await settledDelivery(refused.site.id, refusedId);
  expect(down).toMatchObject({ status: 'failed', attempts: { count: 3 } });
  for (const attempt of down.attemptLog) {
    expect(attempt).toMatchObject({ statusCode: null, error: expect.stringMatching(/ECONNREFUSED/) });
  }
  const timedOut = await settledDelivery(slow.site.id, slowId);
  expect(timedOut.status).toBe('delivered');
  expect(timedOut.attemptLog.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
    [null, 'no answer within 500 ms'],
    [204, null],
  ]);
});

it('a 410 Gone disables the site callback, cancels its pending deliveries, and nothing more is sent', async () => {
  const { site, receiver } = await siteWithReceiver('Closed');
  // The first comment's callbacks fail (and wait for a retry); the second's is answered 410.
  receiver.answer = (_index, callback) => ({ status: callback.body.includes('"r-gone-2"') ? 410 : 500 });
  const pendingId = await submit(site.apiKey, 'r-gone-1');
  await receiver.waitForCount(1);
  const goneId = await submit(site.apiKey, 'r-gone-2');
  await waitFor(
    async () => receiver.received.some((callback) => callback.body.includes('"r-gone-2"')),
    (seen) => seen,
  );
  const gone = await settledDelivery(site.id, goneId);
  expect(gone).toMatchObject({ status: 'failed', attemptLog: [{ statusCode: 410 }] });
  const cancelled = await settledDelivery(site.id, pendingId);
  expect(cancelled).toMatchObject({ status: 'cancelled', lastError: expect.stringMatching(/410 Gone/) });

  const shown = await request(harness.t.app).get(`/v1/sites/${site.id}`).set(admin());
  expect(shown.body).toMatchObject({
    callbackUrl: null,
    callbackDisabled: {
      at: expect.any(String),
      code: 'gone',
      reason: expect.stringContaining(`${receiver.url} answered 410 Gone`),
    },
    callbackFailingSince: null,
  });

  // Past every retry the cancelled delivery had left, and with a new verdict: nothing is sent.
  const seen = receiver.received.length;
  const laterId = await submit(site.apiKey, 'r-gone-3');
  await waitFor(
    () => harness.env.pool.query('SELECT status FROM comments WHERE id = $1', [laterId]),
    (result) => result.rows[0].status !== 'queued',
  );
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect(receiver.received).toHaveLength(seen);
  expect(await countRows(harness.env.pool, 'deliveries', 'comment_id = $1', [laterId])).toBe(0);

  // Redelivery has nowhere to go; setting a callback URL again clears the disabled state.
  expectProblem(
    await request(harness.t.app).post(`/v1/sites/${site.id}/deliveries/${gone.id}/redeliver`).set(admin()),
    409,
    'callback_disabled',
  );
  const restored = await request(harness.t.app)
    .patch(`/v1/sites/${site.id}`)
    .set(admin())
    .send({ callbackUrl: receiver.url });
  expect(restored.status).toBe(200);
  expect(restored.body).toMatchObject({ callbackUrl: receiver.url, callbackDisabled: null });
});
