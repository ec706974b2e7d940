import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, submitAndModerate } from '../helpers/moderation';
import { bearer } from '../helpers/problems';
import type { VerdictEvent } from '../../src/delivery/verdict-event';

/**
 * Trial mode (`mode: observe`): the real checks and policy decide, the verdict is stored and shown,
 * but the comment is approved and the callback says so, with the would-be verdict alongside.
 */
let env: TestEnv;
let t: TestApp;
let moderate: ReturnType<typeof createTestModerator>;
let trial: Awaited<ReturnType<typeof createSiteViaApi>>;
let enforced: Awaited<ReturnType<typeof createSiteViaApi>>;

beforeAll(async () => {
  // CALLBACK_ALLOW_HOSTS lets the site have a callback URL; no delivery worker runs, the outbox is read.
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
  t = createTestApp(env);
  await t.ready;
  moderate = createTestModerator(env);
  const policy = { blockedTerms: ['viagra'], flaggedTerms: ['casino'] };
  const callbackUrl = 'http://127.0.0.1:9/hook';
  trial = await createSiteViaApi(t.app, {
    name: 'Trial',
    callbackUrl,
    policy: { ...policy, mode: 'observe' },
  });
  enforced = await createSiteViaApi(t.app, { name: 'Enforced', callbackUrl, policy });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const submit = (apiKey: string, id: string, content: string) =>
  submitAndModerate(t.app, moderate, apiKey, { id, content, author: { id: `reader-${id}` } });
const read = (apiKey: string, externalId: string) =>
  request(t.app).get(`/v1/comments/${externalId}`).set('authorization', bearer(apiKey));
const callbackOf = async (commentId: string, version: number) => {
  const { rows } = await env.pool.query(
    'SELECT payload FROM deliveries WHERE comment_id = $1 AND version = $2',
    [commentId, version],
  );
  return rows[0]?.payload as VerdictEvent | undefined;
};

describe('trial mode (policy mode: observe)', () => {
  it('approves what the policy would reject, and tells the site approve with the would-be verdict alongside', async () => {
    const id = await submit(trial.apiKey, 't-1', 'Cheap viagra for everyone');
    const res = await read(trial.apiKey, 't-1');
    expect(res.body).toMatchObject({
      status: 'approved',
      verdict: { action: 'reject' },
      reason: null,
      wouldBe: { status: 'rejected', action: 'reject', reason: { code: 'offensive' } },
    });
    const event = await callbackOf(id, 2);
    expect(event?.data).toMatchObject({
      status: 'approved',
      action: 'approve',
      reason: null,
      decidedBy: 'auto',
      wouldBe: { status: 'rejected', action: 'reject', reason: { code: 'offensive' } },
    });
  });

  it('the same comment on a site that enforces its policy is rejected, without a would-be verdict', async () => {
    const id = await submit(enforced.apiKey, 'e-1', 'Cheap viagra for everyone');
    const res = await read(enforced.apiKey, 'e-1');
    expect(res.body).toMatchObject({ status: 'rejected', reason: { code: 'offensive' } });
    expect(res.body).not.toHaveProperty('wouldBe');
    expect((await callbackOf(id, 2))?.data).not.toHaveProperty('wouldBe');
  });

  it('the stats show what trial mode would have held and rejected, per site', async () => {
    await submit(trial.apiKey, 't-2', 'Meet me at the casino');
    await submit(trial.apiKey, 't-3', 'A thoughtful reply.');
    const stats = (siteId: string) =>
      request(t.app)
        .get('/v1/review/stats')
        .query({ siteId, bucket: 'hour' })
        .set('authorization', bearer(ADMIN_TOKEN));
    const trialStats = await stats(trial.id);
    expect(trialStats.status).toBe(200);
    expect(trialStats.body.observed).toEqual({ wouldHold: 1, wouldReject: 1 });
    expect(trialStats.body.counts).toMatchObject({ approved: 3, pending_review: 0, rejected: 0 });
    const buckets = trialStats.body.series.filter(
      (bucket: { observed: { wouldHold: number } }) => bucket.observed.wouldHold > 0,
    );
    expect(buckets).toHaveLength(1);
    expect((await stats(enforced.id)).body.observed).toEqual({ wouldHold: 0, wouldReject: 0 });
  });

  it('a moderator who rejects an observed comment ends the trial for it: a plain verdict, with a reason', async () => {
    const { body } = await read(trial.apiKey, 't-2');
    const res = await request(t.app)
      .post(`/v1/review/items/${body.id}/decision`)
      .set('authorization', bearer(ADMIN_TOKEN))
      .send({ action: 'reject', version: body.version, reasonCode: 'off_topic' });
    expect(res.status).toBe(200);
    const now = await read(trial.apiKey, 't-2');
    expect(now.body).toMatchObject({ status: 'rejected', reason: { code: 'off_topic' } });
    expect(now.body).not.toHaveProperty('wouldBe');
    expect((await callbackOf(body.id, body.version + 1))?.data).toMatchObject({
      status: 'rejected',
      action: 'reject',
      decidedBy: 'moderator',
      reason: { code: 'off_topic', text: 'This comment is off topic.' },
    });
  });
});
