import request from 'supertest';
import { ADMIN_TOKEN } from '../helpers/test-env';
import { useDeliveryHarness } from '../helpers/delivery-harness';
import { waitFor } from '../helpers/fixtures';
import { bearer } from '../helpers/problems';
import { INTERRUPTED_ATTEMPT } from '../../src/db/deliveries-repository';

/**
 * An attempt is recorded before its request leaves, so a worker killed while the site has not yet
 * answered leaves a record, and the send that follows carries the same webhook-id (at least once).
 * The site's first answer never comes; a 4 s timeout leaves time to look at what is recorded meanwhile.
 */
const harness = useDeliveryHarness({
  DELIVERY_SCHEDULE_MS: '300',
  DELIVERY_TIMEOUT_MS: '4000',
});
const { siteWithReceiver, submit } = harness;

type Delivery = {
  status: string;
  attempts: { count: number };
  attemptLog: Array<{ statusCode: number | null; error: string | null }>;
};

it('while the site has not answered, the attempt is already recorded; the retry sends the same webhook-id', async () => {
  const { site, receiver } = await siteWithReceiver('Slow to answer');
  receiver.answer = (index) => (index === 0 ? { status: 0, hang: true } : { status: 200 });
  const commentId = await submit(site.apiKey, 'slow-1');
  await receiver.waitForCount(1);

  const { rows } = await harness.env.pool.query<{ id: string }>(
    'SELECT id FROM deliveries WHERE comment_id = $1',
    [commentId],
  );
  const deliveryOf = async () =>
    (
      await request(harness.t.app)
        .get(`/v1/sites/${site.id}/deliveries/${rows[0]!.id}`)
        .set({ authorization: bearer(ADMIN_TOKEN) })
    ).body as Delivery;
  // What a worker killed now would leave behind: one attempt, its outcome unknown.
  const inFlight = await deliveryOf();
  expect(inFlight).toMatchObject({ status: 'pending', attempts: { count: 1 } });
  expect(inFlight.attemptLog).toEqual([
    expect.objectContaining({ statusCode: null, error: INTERRUPTED_ATTEMPT }),
  ]);

  const [first, second] = await receiver.waitForCount(2, 15_000);
  expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  const settled = await waitFor(deliveryOf, (delivery) => delivery.status !== 'pending');
  expect(settled.status).toBe('delivered');
  // The first attempt's record now holds its real outcome (the timeout), not a second row.
  expect(settled.attemptLog.map((attempt) => attempt.statusCode)).toEqual([null, 200]);
  expect(settled.attemptLog[0]!.error).not.toBe(INTERRUPTED_ATTEMPT);
  expect(settled.attempts.count).toBe(2);
});
