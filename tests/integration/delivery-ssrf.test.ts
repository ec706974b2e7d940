import request from 'supertest';
import type { Express } from 'express';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  documentLimits,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { bearer, countRows, expectValidationPaths } from '../helpers/problems';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { createApp } from '../../src/api/app';
import { startWorkers } from '../../src/processes/workers';
import { checkedApp } from '../helpers/openapi-check';

/**
 * SSRF: callback URLs that reach loopback, private, link-local or metadata addresses are refused
 * at registration unless allow-listed, and again at every send. Here the workers allow nothing,
 * while a second api (`lenient`) allow-lists 127.0.0.1 and localhost, as an operator might have
 * before tightening the allow-list.
 */
let env: TestEnv;
let t: TestApp;
let lenient: Express;
let stopWorkers: () => Promise<void>;
let receiver: WebhookReceiver;

beforeAll(async () => {
  env = await createTestEnv({ DELIVERY_SCHEDULE_MS: '200,400' });
  t = createTestApp(env);
  await t.ready;
  lenient = checkedApp(
    createApp({
      config: { ...env.config, CALLBACK_ALLOW_HOSTS: ['127.0.0.1', 'localhost'] },
      logger: silentLogger,
      pool: env.pool,
      redis: t.redis,
      queues: t.queues,
    }),
    documentLimits(env.config),
  );
  stopWorkers = await startWorkers(env.config, silentLogger);
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await stopWorkers();
  await receiver.close();
  await t.close();
  await env.cleanup();
});

const admin = () => ({ authorization: bearer(ADMIN_TOKEN) });
const port = () => new URL(receiver.url).port;

describe('registration', () => {
  it.each([
    ['http://127.0.0.1:<port>/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://localhost:<port>/hook', /localhost resolves to .* a loopback address/],
    ['http://[::1]/hook', /::1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a cloud metadata address/],
    ['http://10.0.0.1/hook', /10\.0\.0\.1 is a private address/],
    ['http://192.168.1.20/hook', /a private address/],
    ['http://100.64.0.7/hook', /CGNAT/],
    ['ftp://x', /http or https/],
  ])(
    'POST /v1/sites with callbackUrl %s is a 400 at body.callbackUrl, and stores nothing',
    async (url, message) => {
      const before = await countRows(env.pool, 'sites');
      const res = await request(t.app)
        .post('/v1/sites')
        .set(admin())
        .send({ name: 'Sneaky', callbackUrl: url.replace('<port>', port()) });
      expect(expectValidationPaths(res)).toEqual(['body.callbackUrl']);
      expect(res.body.errors[0].message).toMatch(message);
      expect(await countRows(env.pool, 'sites')).toBe(before);
    },
  );

  it('PATCH /v1/sites/:id refuses the same URLs and keeps the stored one', async () => {
    const site = await createSiteViaApi(t.app, {
      name: 'Patched',
      callbackUrl: 'https://hooks.patched.invalid/',
    });
    for (const url of ['http://127.0.0.1/hook', 'http://169.254.169.254/', 'http://10.0.0.1/']) {
      const res = await request(t.app).patch(`/v1/sites/${site.id}`).set(admin()).send({ callbackUrl: url });
      expect(expectValidationPaths(res)).toEqual(['body.callbackUrl']);
      expect(res.body.detail).toMatch(/^The callback URL is refused: /);
    }
    const stored = (await env.pool.query('SELECT callback_url FROM sites WHERE id = $1', [site.id])).rows[0];
    expect(stored.callback_url).toBe('https://hooks.patched.invalid/');
  });

  it('an allow-listed host is accepted', async () => {
    const res = await request(lenient)
      .post('/v1/sites')
      .set(admin())
      .send({ name: 'Local dev', callbackUrl: receiver.url });
    expect(res.status).toBe(201);
  });
});

describe('at send time', () => {
  it.each([
    ['a loopback address', () => receiver.url],
    ['a name that resolves to a loopback address', () => `http://localhost:${port()}/hook`],
  ])(
    'a callback URL with %s that the workers no longer allow is refused: no request reaches the site',
    async (_what, url) => {
      const site = await createSiteViaApi(lenient, { name: 'Tightened', callbackUrl: url() });
      const res = await request(t.app)
        .post('/v1/comments')
        .set('authorization', bearer(site.apiKey))
        .send({ id: `s-${Date.now()}`, content: 'Nice write-up, thanks.' });
      expect(res.status).toBe(202);
      const { rows } = await waitFor(
        () =>
          env.pool.query('SELECT id, status, last_error FROM deliveries WHERE comment_id = $1', [
            res.body.id,
          ]),
        (result) => result.rows[0]?.status === 'failed',
      );
      // Refused once, not retried: asking again cannot change the policy's answer.
      expect(rows[0].last_error).toMatch(/is a loopback address; callbacks may not reach it/);
      expect(await countRows(env.pool, 'delivery_attempts', 'delivery_id = $1', [rows[0].id])).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(receiver.received).toHaveLength(0);
    },
  );
});
