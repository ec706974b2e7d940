import request from 'supertest';
import type { Notification } from 'pg';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import {
  createTestModerator,
  fakeJob,
  scored,
  scoredByMarker,
  submitAndModerate,
} from '../helpers/moderation';
import { bearer, countRows } from '../helpers/problems';
import { withTransaction } from '../../src/db/pool';
import { lockComment } from '../../src/db/comments-repository';
import { applyHumanDecision } from '../../src/decisions/human-decision';
import { createOutboxRelay } from '../../src/delivery/outbox-relay';
import { createMaintenanceProcessor } from '../../workers/maintenance.processor';

/**
 * The transactional outbox without workers: which verdict changes record a delivery, that a
 * rolled-back change records and announces nothing, and the two ways a recorded delivery reaches
 * the delivery queue (the relay's LISTEN, and the sweeper).
 */
let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let quiet: Awaited<ReturnType<typeof createSiteViaApi>>;
let schema: string;
const moderate = () => createTestModerator(env, scoredByMarker);

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  // Does not resolve here, so registration accepts it; nothing is sent in this file.
  site = await createSiteViaApi(t.app, {
    name: 'Outbox',
    callbackUrl: 'https://hooks.outbox.invalid/verdicts',
  });
  quiet = await createSiteViaApi(t.app, { name: 'No callback' });
  schema = (await env.pool.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const deliveriesOf = async (commentId: string) =>
  (
    await env.pool.query(
      `SELECT version, webhook_id, status, payload, payload::text AS body FROM deliveries
       WHERE comment_id = $1 ORDER BY version`,
      [commentId],
    )
  ).rows;
const submit = (externalId: string, score = 0, apiKey = site.apiKey) =>
  submitAndModerate(t.app, moderate(), apiKey, { id: externalId, content: scored(score, 'Outbox comment') });

it('when the worker stores a verdict, its callback is recorded once, with the documented body', async () => {
  const id = await submit('o-auto', 4);
  // BullMQ is at-least-once: the same job again stores nothing and records nothing.
  await moderate()(id);
  const rows = await deliveriesOf(id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ version: 2, webhook_id: `msg_${id}_2`, status: 'pending' });
  expect(rows[0].payload).toEqual({
    type: 'comment.verdict',
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    data: {
      id,
      externalId: 'o-auto',
      siteId: site.id,
      status: 'pending_review',
      version: 2,
      action: 'review',
      score: 4,
      signals: [expect.objectContaining({ code: 'marked_score', score: 4 })],
      decidedBy: 'auto',
      reason: { code: 'held_for_review', text: 'This comment is waiting for a moderator.' },
    },
  });
  // Sent as built, keys in the documented order.
  expect(rows[0].body).toBe(JSON.stringify(rows[0].payload));
  expect(Object.keys(rows[0].payload)).toEqual(['type', 'timestamp', 'data']);
  expect(Object.keys(rows[0].payload.data)).toEqual([
    'id',
    'externalId',
    'siteId',
    'status',
    'version',
    'action',
    'score',
    'signals',
    'decidedBy',
    'reason',
  ]);
});

it('when the site has no callback URL, no delivery is recorded', async () => {
  const id = await submit('o-quiet', 0, quiet.apiKey);
  expect(await countRows(env.pool, 'deliveries', 'comment_id = $1', [id])).toBe(0);
});

it("a moderator's decision and the site's feedback each record the new version's callback; the same label again records nothing", async () => {
  const id = await submit('o-human', 4);
  const decided = await request(t.app)
    .post(`/v1/review/items/${id}/decision`)
    .set('authorization', bearer(ADMIN_TOKEN))
    .send({ action: 'reject', version: 2 });
  expect(decided.status).toBe(200);
  for (let i = 0; i < 2; i += 1) {
    const feedback = await request(t.app)
      .post('/v1/comments/o-human/feedback')
      .set('authorization', bearer(site.apiKey))
      .send({ label: 'ham' });
    expect(feedback.status).toBe(200);
  }
  const rows = await deliveriesOf(id);
  expect(rows.map((row) => [row.version, row.webhook_id, row.payload.data.status])).toEqual([
    [2, `msg_${id}_2`, 'pending_review'],
    [3, `msg_${id}_3`, 'rejected'],
    [4, `msg_${id}_4`, 'approved'],
  ]);
  expect(rows[1].payload.data).toMatchObject({ action: 'reject', decidedBy: 'moderator', score: 4 });
  expect(rows[2].payload.data).toMatchObject({ action: 'approve', decidedBy: 'site', score: 4 });
});

it('a decision that is rolled back records no delivery and notifies nobody; a committed one notifies once', async () => {
  const id = await submit('o-rollback', 4);
  const listener = await env.pool.connect();
  const heard: string[] = [];
  const onNotification = (message: Notification) => heard.push(message.payload ?? '');
  listener.on('notification', onNotification);
  await listener.query('LISTEN delivery_outbox');
  try {
    const decide = (fail: boolean) =>
      withTransaction(env.pool, async (client) => {
        const comment = await lockComment(client, id, null);
        await applyHumanDecision(client, comment!, {
          toStatus: 'rejected',
          decidedBy: 'moderator',
          moderatorId: null,
          reasonCode: null,
          reason: null,
          note: null,
        });
        if (fail) throw new Error('the moderator changed their mind');
      });
    await expect(decide(true)).rejects.toThrow('changed their mind');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard.filter((payload) => payload.startsWith(`${schema}:`))).toEqual([]);
    expect((await deliveriesOf(id)).map((row) => row.version)).toEqual([2]);

    await decide(false);
    const [delivery] = (
      await env.pool.query('SELECT id FROM deliveries WHERE comment_id = $1 AND version = 3', [id])
    ).rows;
    await waitFor(
      async () => heard,
      (payloads) => payloads.includes(`${schema}:${delivery.id}`),
      5_000,
    );
  } finally {
    listener.removeListener('notification', onNotification);
    listener.release(true);
  }
});

it('the relay enqueues a committed delivery at once, job id = delivery id, and ignores other schemas', async () => {
  const relay = createOutboxRelay({ pool: env.pool, queue: t.queues.delivery, logger: silentLogger });
  await relay.start();
  try {
    const before = await t.queues.delivery.getJobCounts('waiting');
    await env.pool.query("SELECT pg_notify('delivery_outbox', 'some_other_schema:' || gen_random_uuid())");
    const id = await submit('o-relay', 4);
    const [delivery] = (await env.pool.query('SELECT id FROM deliveries WHERE comment_id = $1', [id])).rows;
    const job = await waitFor(
      () => t.queues.delivery.getJob(delivery.id),
      (found) => found !== undefined,
      5_000,
    );
    expect(job!.data).toEqual({ deliveryId: delivery.id });
    // Only this delivery's job was added, not one for the other schema's notification.
    expect((await t.queues.delivery.getJobCounts('waiting')).waiting).toBe(before.waiting! + 1);
  } finally {
    await relay.stop();
  }
});

it('when PostgreSQL drops the relay connection, the relay listens again and keeps enqueueing', async () => {
  const relay = createOutboxRelay({
    pool: env.pool,
    queue: t.queues.delivery,
    logger: silentLogger,
    reconnectMs: 50,
  });
  await relay.start();
  try {
    const first = relay.listenerPid();
    expect(first).toEqual(expect.any(Number));
    await env.pool.query('SELECT pg_terminate_backend($1)', [first]);
    await waitFor(
      async () => relay.listenerPid(),
      (pid) => pid !== null && pid !== first,
      5_000,
    );
    const id = await submit('o-reconnected', 4);
    const [delivery] = (await env.pool.query('SELECT id FROM deliveries WHERE comment_id = $1', [id])).rows;
    await waitFor(
      () => t.queues.delivery.getJob(delivery.id),
      (found) => found !== undefined,
      5_000,
    );
  } finally {
    await relay.stop();
  }
  expect(relay.listenerPid()).toBeNull();
});

it('the sweeper enqueues pending deliveries whose job was lost, once', async () => {
  const id = await submit('o-lost', 4);
  const [delivery] = (await env.pool.query('SELECT id FROM deliveries WHERE comment_id = $1', [id])).rows;
  expect(await t.queues.delivery.getJob(delivery.id)).toBeUndefined();
  const sweep = createMaintenanceProcessor({
    pool: env.pool,
    moderationQueues: t.queues.moderation,
    deliveryQueue: t.queues.delivery,
    staleAfterMs: 1,
    logger: silentLogger,
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const first = await sweep(fakeJob({}, { name: 'sweep' }));
  expect(first.deliveriesRequeued).toBeGreaterThanOrEqual(1);
  expect((await t.queues.delivery.getJob(delivery.id))?.data).toEqual({ deliveryId: delivery.id });
  const waiting = (await t.queues.delivery.getJobCounts('waiting')).waiting;
  await sweep(fakeJob({}, { name: 'sweep' }));
  expect((await t.queues.delivery.getJobCounts('waiting')).waiting).toBe(waiting);
  // Delivered, failed and cancelled deliveries are never swept.
  await env.pool.query("UPDATE deliveries SET status = 'delivered', next_attempt_at = NULL WHERE id = $1", [
    delivery.id,
  ]);
  await t.queues.delivery.obliterate({ force: true });
  await sweep(fakeJob({}, { name: 'sweep' }));
  expect(await t.queues.delivery.getJob(delivery.id)).toBeUndefined();
});
