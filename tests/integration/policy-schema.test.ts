import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi } from '../helpers/fixtures';
import { bearer, expectProblem } from '../helpers/problems';
import { CHECK_NAMES, defaultPolicy, policySchema } from '../../src/moderation/policy';

let env: TestEnv;
let t: TestApp;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

describe('GET /v1/sites/policy-schema', () => {
  it('describes every setting of the policy, the checks by name, with the defaults, for admins only', async () => {
    const res = await request(t.app).get('/v1/sites/policy-schema').set('authorization', bearer(ADMIN_TOKEN));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.schema.properties).sort()).toEqual(Object.keys(policySchema.shape).sort());
    expect(res.body.schema.properties.checks.propertyNames.enum).toEqual([...CHECK_NAMES]);
    expect(res.body.schema.properties.checks.additionalProperties.properties.weight).toMatchObject({
      type: 'number',
      minimum: 0,
      maximum: 10,
    });
    expect(res.body.defaults).toEqual(defaultPolicy);
    const moderator = await createModeratorViaApi(t.app, { name: 'Mo' });
    expectProblem(
      await request(t.app).get('/v1/sites/policy-schema').set('authorization', bearer(moderator.token)),
      403,
      'forbidden',
    );
  });
});
