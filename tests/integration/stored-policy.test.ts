import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import { defaultPolicy } from '../../src/moderation/policy';
import { createModerationProcessor } from '../../workers/moderation.processor';
import { createSiteViaApi } from '../helpers/fixtures';
import { fakeJob, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer } from '../helpers/problems';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';

/**
 * A policy stored by an older version (or edited by hand) that the current schema refuses in part:
 * the site keeps working with the readable part, and the worker reports what it defaulted.
 */
let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
const logged: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  }),
);

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app, { name: 'Old Policy Times' });
  // A review threshold this version still reads, a link limit it refuses, a setting it no longer has.
  await env.pool.query(`UPDATE sites SET policy = $2 WHERE id = $1`, [
    site.id,
    { reviewThreshold: 1, rejectThreshold: 50, maxLinks: -1, retiredSetting: true },
  ]);
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const admin = (req: request.Test) => req.set('authorization', bearer(ADMIN_TOKEN));
const effective = { ...defaultPolicy, reviewThreshold: 1, rejectThreshold: 50 };

it('the admin API shows the policy as applied: readable values kept, the rest defaulted, unknown keys gone', async () => {
  const res = await admin(request(t.app).get(`/v1/sites/${site.id}`));
  expect(res.status).toBe(200);
  expect(res.body.policy).toEqual(effective);
});

it('the worker moderates with the readable part and logs what it defaulted, instead of failing the comment', async () => {
  const processor = createModerationProcessor({
    pool: env.pool,
    checks: scoredByMarker,
    crowd: createMemoryCrowdIndex(),
    logger,
  });
  const moderate = (commentId: string) => processor(fakeJob({ commentId }, { id: commentId }));
  // Held at score 1: the stored reviewThreshold applies (the default would approve it).
  const id = await submitAndModerate(t.app, moderate, site.apiKey, { id: 'p-1', content: scored(1) });
  const stored = await env.pool.query('SELECT status FROM comments WHERE id = $1', [id]);
  expect(stored.rows[0]).toEqual({ status: 'pending_review' });
  expect(logged).toContainEqual(
    expect.objectContaining({
      msg: 'site policy partly defaulted',
      siteId: site.id,
      problems: [
        { path: 'maxLinks', message: expect.stringMatching(/default/) },
        { path: 'retiredSetting', message: expect.stringMatching(/not a setting/) },
      ],
    }),
  );
});

it('a policy change merges over the policy as applied and stores a policy this version reads fully', async () => {
  const res = await admin(request(t.app).patch(`/v1/sites/${site.id}`)).send({ policy: { maxLinks: 4 } });
  expect(res.status).toBe(200);
  expect(res.body.policy).toEqual({ ...effective, maxLinks: 4 });
  const { rows } = await env.pool.query('SELECT policy FROM sites WHERE id = $1', [site.id]);
  expect(rows[0].policy).toEqual({ ...effective, maxLinks: 4 });
});

it('a policy change that is itself invalid is still refused, at the field the administrator sent', async () => {
  const res = await admin(request(t.app).patch(`/v1/sites/${site.id}`)).send({ policy: { maxLinks: -5 } });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.policy.maxLinks' })]);
});
