import request from 'supertest';
import { ADMIN_TOKEN } from '../helpers/test-env';
import { useDeliveryHarness } from '../helpers/delivery-harness';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { bearer, countRows, expectProblem } from '../helpers/problems';
import { loadConfig } from '../../src/config';
import { updateCallbackHealth } from '../../src/delivery/callback-health';

/**
 * A callback that keeps failing is disabled after CALLBACK_DISABLE_AFTER_MS, with the reason shown
 * on the site; a success ends a run of failures. Real workers; the schedule is 20 retries 100 ms
 * apart and the limit 400 ms, so a callback that always fails is disabled long before its retries end.
 */
const harness = useDeliveryHarness({
  DELIVERY_SCHEDULE_MS: Array(20).fill('100').join(','),
  DELIVERY_TIMEOUT_MS: '500',
  CALLBACK_DISABLE_AFTER_MS: '400',
});
const { siteWithReceiver, submit } = harness;

const admin = () => ({ authorization: bearer(ADMIN_TOKEN) });
const getSite = async (id: string) => (await request(harness.t.app).get(`/v1/sites/${id}`).set(admin())).body;

it('when every attempt fails for longer than the limit, the callback is disabled with the reason and its deliveries cancelled', async () => {
  const { site, receiver } = await siteWithReceiver('Dead endpoint');
  receiver.answer = () => ({ status: 503 });
  const commentId = await submit(site.apiKey, 'd-dead');

  const shown = await waitFor(
    () => getSite(site.id),
    (body) => body.callbackDisabled !== null,
  );
  expect(shown).toMatchObject({
    callbackUrl: null,
    callbackFailingSince: null,
    callbackDisabled: {
      at: expect.any(String),
      code: 'failing',
      reason: expect.stringMatching(
        new RegExp(
          `^${receiver.url} failed every attempt for .+, since .+; the last, at .+: answered HTTP 503$`,
        ),
      ),
    },
  });
  // Several attempts, all failed, and the callback disabled no sooner than the limit after the first
  // (the last attempt's row is written before the failure that disables it is counted, so the span
  // is measured to the disabling, not to that row); then nothing was left pending.
  const { rows } = await harness.env.pool.query(
    `SELECT d.status, count(a.*)::int AS attempts, min(a.attempted_at) AS first_at
     FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id WHERE d.comment_id = $1 GROUP BY d.status`,
    [commentId],
  );
  expect(rows).toEqual([{ status: 'cancelled', attempts: expect.any(Number), first_at: expect.any(Date) }]);
  expect(rows[0].attempts).toBeGreaterThan(1);
  expect(Date.parse(shown.callbackDisabled.at) - rows[0].first_at.getTime()).toBeGreaterThanOrEqual(400);

  // No new event is recorded for a disabled callback; redelivery says why; a new URL starts afresh.
  const later = await submit(site.apiKey, 'd-dead-later');
  await waitFor(
    () => harness.env.pool.query('SELECT status FROM comments WHERE id = $1', [later]),
    (result) => result.rows[0].status !== 'queued',
  );
  expect(await countRows(harness.env.pool, 'deliveries', 'comment_id = $1', [later])).toBe(0);
  const { rows: deliveries } = await harness.env.pool.query(
    'SELECT id FROM deliveries WHERE comment_id = $1',
    [commentId],
  );
  const redeliver = await request(harness.t.app)
    .post(`/v1/sites/${site.id}/deliveries/${deliveries[0].id}/redeliver`)
    .set(admin());
  expectProblem(redeliver, 409, 'callback_disabled');
  expect(redeliver.body.detail).toMatch(/failed for too long/);
  const restored = await request(harness.t.app).patch(`/v1/sites/${site.id}`).set(admin()).send({
    callbackUrl: receiver.url,
  });
  expect(restored.body).toMatchObject({ callbackDisabled: null, callbackFailingSince: null });
});

it('while attempts fail the site shows since when; a success ends the run and the callback stays enabled', async () => {
  const { site, receiver } = await siteWithReceiver('Flaky endpoint');
  let healthy = false;
  receiver.answer = () => ({ status: healthy ? 200 : 500 });
  await submit(site.apiKey, 'd-flaky');

  const failing = await waitFor(
    () => getSite(site.id),
    (body) => body.callbackFailingSince !== null,
  );
  expect(failing).toMatchObject({ callbackUrl: receiver.url, callbackDisabled: null });
  healthy = true;

  const recovered = await waitFor(
    () => getSite(site.id),
    (body) => body.callbackFailingSince === null,
  );
  expect(recovered).toMatchObject({ callbackUrl: receiver.url, callbackDisabled: null });
  const last = receiver.received.at(-1)!;
  expect(last.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
});

it('a run of failures is judged against the limit: 0 never disables, the default 5 days does after 30 days', async () => {
  const url = 'http://127.0.0.1:9/hook';
  const site = await createSiteViaApi(harness.t.app, { name: 'Long dead', callbackUrl: url });
  await harness.env.pool.query(
    "UPDATE sites SET callback_failing_since = now() - interval '30 days' WHERE id = $1",
    [site.id],
  );
  const attempt = { siteId: site.id, url, result: 'failed' as const, error: 'ECONNREFUSED', at: new Date() };
  expect(await updateCallbackHealth(harness.env.pool, attempt, 0)).toBeNull();
  expect((await getSite(site.id)).callbackUrl).toBe(url);

  const defaultLimit = loadConfig('worker', {}).CALLBACK_DISABLE_AFTER_MS;
  expect(defaultLimit).toBe(5 * 86_400_000);
  expect(await updateCallbackHealth(harness.env.pool, attempt, defaultLimit)).toBe('failing');
  expect((await getSite(site.id)).callbackDisabled).toMatchObject({
    code: 'failing',
    reason: expect.stringMatching(
      /^http:\/\/127\.0\.0\.1:9\/hook failed every attempt for 30 days, since .*: ECONNREFUSED$/,
    ),
  });
  expect(() => loadConfig('worker', { CALLBACK_DISABLE_AFTER_MS: '-1' })).toThrow(
    /CALLBACK_DISABLE_AFTER_MS/,
  );
});
