import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { Webhook } from 'standardwebhooks';
import { Redis } from 'ioredis';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { bearer, countRows, expectProblem } from '../helpers/problems';

let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let other: Awaited<ReturnType<typeof createSiteViaApi>>;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app, { name: 'Signing site' });
  other = await createSiteViaApi(t.app, { name: 'Other site' });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

interface Signed {
  path?: string;
  body: unknown;
  secret?: string;
  siteId?: string;
  msgId?: string;
  at?: Date;
  /** Changes the bytes after signing, as a tampering proxy would. */
  tamper?: (raw: string) => string;
  app?: Express;
}

/** Posts a request signed as a site does, with the standardwebhooks library and the site's secret. */
function postSigned(options: Signed) {
  const raw = JSON.stringify(options.body);
  const msgId = options.msgId ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? site.webhookSecret).sign(msgId, at, raw);
  return request(options.app ?? t.app)
    .post(options.path ?? '/v1/comments')
    .set('content-type', 'application/json')
    .set('x-site-id', options.siteId ?? site.id)
    .set('webhook-id', msgId)
    .set('webhook-timestamp', String(Math.floor(at.getTime() / 1000)))
    .set('webhook-signature', signature)
    .send(options.tamper ? options.tamper(raw) : raw);
}
const stored = (externalId: string) => countRows(env.pool, 'comments', 'external_id = $1', [externalId]);
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe('signed intake (Standard Webhooks headers instead of the API key)', () => {
  it('when a site signs a comment with its webhook secret, it is accepted and stored for that site', async () => {
    const res = await postSigned({ body: { id: 's-ok', content: 'Signed hello' } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ externalId: 's-ok', siteId: site.id, status: 'queued' });
    const { rows } = await env.pool.query('SELECT site_id FROM comments WHERE external_id = $1', ['s-ok']);
    expect(rows).toEqual([{ site_id: site.id }]);
    expect(await t.queues.moderation[0]!.getJob(res.body.id)).toBeDefined();
  });

  it('when a site signs a batch, it is accepted', async () => {
    const res = await postSigned({
      path: '/v1/comments/batch',
      body: {
        comments: [
          { id: 's-batch-1', content: 'one' },
          { id: 's-batch-2', content: 'two' },
        ],
      },
    });
    expect(res.status).toBe(202);
    expect(res.body.items.map((item: { siteId: string }) => item.siteId)).toEqual([site.id, site.id]);
  });

  it('when a timestamp is 4 minutes old, it is still accepted', async () => {
    const res = await postSigned({ body: { id: 's-4min', content: 'A bit late' }, at: minutes(-4) });
    expect(res.status).toBe(202);
  });

  it.each([
    ['signed with another site’s secret', () => ({ secret: other.webhookSecret })],
    ['sent for another site', () => ({ siteId: other.id })],
    ['sent for a site that does not exist', () => ({ siteId: randomUUID() })],
    ['sent with no valid site id', () => ({ siteId: 'not-a-uuid' })],
    ['changed after signing', () => ({ tamper: (raw: string) => raw.replace('Hi', 'Hey') })],
    ['padded with whitespace after signing', () => ({ tamper: (raw: string) => `${raw} ` })],
  ])('when a request is %s, it answers 401 signature_invalid and stores nothing', async (_case, options) => {
    const id = `s-bad-${randomUUID()}`;
    const res = await postSigned({ body: { id, content: 'Hi there' }, ...options() });
    expectProblem(res, 401, 'signature_invalid');
    expect(await stored(id)).toBe(0);
  });

  it('when the signature header is garbage, it answers 401 signature_invalid', async () => {
    const res = await request(t.app)
      .post('/v1/comments')
      .set('x-site-id', site.id)
      .set('webhook-id', 'msg_1')
      .set('webhook-timestamp', String(Math.floor(Date.now() / 1000)))
      .set('webhook-signature', 'v1,AAAA')
      .send({ id: 's-garbage', content: 'x' });
    expectProblem(res, 401, 'signature_invalid');
    expect(await stored('s-garbage')).toBe(0);
  });

  it.each([
    ['6 minutes old', -6],
    ['6 minutes in the future', 6],
  ])(
    'when the timestamp is %s, it answers 401 timestamp_out_of_range and stores nothing',
    async (_case, offset) => {
      const id = `s-time-${offset}`;
      const res = await postSigned({ body: { id, content: 'Stale or early' }, at: minutes(offset) });
      expectProblem(res, 401, 'timestamp_out_of_range');
      expect(await stored(id)).toBe(0);
    },
  );

  it('when a sender repeats a request (same webhook-id, same body), it gets the first answer and nothing runs again', async () => {
    const msgId = `msg_${randomUUID()}`;
    const body = { id: 's-repeat', content: 'Once, however often it is sent' };
    const first = await postSigned({ body, msgId });
    expect(first.status).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const queued = await t.queues.moderation[0]!.getJobCountByTypes('waiting');
    // A Standard Webhooks sender whose answer was lost retries with the same id, a new timestamp and signature.
    const again = await postSigned({ body, msgId, at: minutes(1) });
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.body).toEqual(first.body);
    expect(await stored('s-repeat')).toBe(1);
    expect(await t.queues.moderation[0]!.getJobCountByTypes('waiting')).toBe(queued);
  });

  it('when a batch is repeated, it gets the first answer too', async () => {
    const msgId = `msg_${randomUUID()}`;
    const body = { comments: [{ id: 's-repeat-b1', content: 'One' }] };
    const first = await postSigned({ path: '/v1/comments/batch', body, msgId });
    const again = await postSigned({ path: '/v1/comments/batch', body, msgId });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body).toEqual(first.body);
    expect(first.body.items[0].created).toBe(true);
  });

  it('when a webhook-id comes again with another body, it answers 401 replayed_request and stores nothing new', async () => {
    const msgId = `msg_${randomUUID()}`;
    const first = await postSigned({ body: { id: 's-replay', content: 'Once' }, msgId });
    expect(first.status).toBe(202);
    const sneaky = await postSigned({ body: { id: 's-replay-2', content: 'Twice' }, msgId });
    expectProblem(sneaky, 401, 'replayed_request');
    expect(await stored('s-replay')).toBe(1);
    expect(await stored('s-replay-2')).toBe(0);

    // The id is remembered under the service's key prefix, for 10 minutes.
    const redis = new Redis(env.config.REDIS_URL);
    try {
      const ttl = await redis.pttl(`${env.config.REDIS_KEY_PREFIX}:signed-intake:${site.id}:${msgId}`);
      expect(ttl).toBeGreaterThan(9 * 60_000);
      expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    } finally {
      redis.disconnect();
    }
  });

  it('when the first request with a webhook-id is still being answered, a repeat answers 409 with Retry-After', async () => {
    const msgId = `msg_${randomUUID()}`;
    const raw = JSON.stringify({ id: 's-in-flight', content: 'Slow' });
    // What the first request leaves while it runs: the id and a digest of its body, no answer yet.
    const redis = new Redis(env.config.REDIS_URL);
    try {
      const digest = createHash('sha256').update(raw).digest('base64url');
      await redis.set(
        `${env.config.REDIS_KEY_PREFIX}:signed-intake:${site.id}:${msgId}`,
        JSON.stringify({ body: digest }),
        'PX',
        60_000,
      );
    } finally {
      redis.disconnect();
    }
    const res = await postSigned({ body: JSON.parse(raw), msgId });
    expectProblem(res, 409, 'request_in_progress');
    expect(res.headers['retry-after']).toBe('1');
    expect(await stored('s-in-flight')).toBe(0);
  });

  it('when two sites use the same webhook-id, each is accepted once', async () => {
    const msgId = `msg_${randomUUID()}`;
    const mine = await postSigned({ body: { id: 's-shared-id', content: 'Mine' }, msgId });
    const theirs = await postSigned({
      body: { id: 's-shared-id', content: 'Theirs' },
      msgId,
      secret: other.webhookSecret,
      siteId: other.id,
    });
    expect([mine.status, theirs.status]).toEqual([202, 202]);
  });

  it('when a signed request fails validation, the site may retry it with the same webhook-id', async () => {
    const msgId = `msg_${randomUUID()}`;
    const bad = await postSigned({ body: { id: 's-retry', content: '' }, msgId });
    expect(bad.status).toBe(400);
    const retry = await postSigned({ body: { id: 's-retry', content: 'Fixed' }, msgId });
    expect(retry.status).toBe(202);
    expect(await stored('s-retry')).toBe(1);
  });

  it('when a request has the Bearer key and no signature, it still works', async () => {
    const res = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .send({ id: 's-bearer', content: 'Keyed' });
    expect(res.status).toBe(202);
  });

  it('when Redis is down, a signed request answers 503 rather than risk a replay, and stores nothing', async () => {
    const down = createTestAppWithoutRedis(env);
    try {
      const res = await postSigned({ body: { id: 's-no-redis', content: 'Hmm' }, app: down.app });
      expectProblem(res, 503, 'service_unavailable');
      expect(res.headers['retry-after']).toBeDefined();
      expect(await stored('s-no-redis')).toBe(0);
    } finally {
      await down.close();
    }
  });
});

describe('signed intake during a webhook secret rotation', () => {
  // Set as rotate-secret leaves it: the previous secret and when it stops working.
  const setPrevious = (siteId: string, secret: string, expiresIn: string) =>
    env.pool.query(
      `UPDATE sites SET previous_webhook_secret = $2, previous_webhook_secret_expires_at = now() + $3::interval
       WHERE id = $1`,
      [siteId, secret, expiresIn],
    );

  it('when signed with the previous secret during its grace, it is accepted', async () => {
    const rotated = await createSiteViaApi(t.app, { name: 'Rotating secret' });
    const oldSecret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    await setPrevious(rotated.id, oldSecret, '1 hour');
    const withOld = await postSigned({
      body: { id: 's-prev-ok', content: 'Old secret' },
      secret: oldSecret,
      siteId: rotated.id,
    });
    expect(withOld.status).toBe(202);
    const withNew = await postSigned({
      body: { id: 's-prev-new', content: 'New secret' },
      secret: rotated.webhookSecret,
      siteId: rotated.id,
    });
    expect(withNew.status).toBe(202);
  });

  it('when signed with the previous secret after its grace, it answers 401 signature_invalid', async () => {
    const rotated = await createSiteViaApi(t.app, { name: 'Rotated secret' });
    const oldSecret = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
    await setPrevious(rotated.id, oldSecret, '-1 second');
    const res = await postSigned({
      body: { id: 's-prev-expired', content: 'Too late' },
      secret: oldSecret,
      siteId: rotated.id,
    });
    expectProblem(res, 401, 'signature_invalid');
    expect(await stored('s-prev-expired')).toBe(0);
  });
});
