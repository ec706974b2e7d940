import request from 'supertest';
import { startWorkers } from '../../src/processes/workers';
import { waitForVerdict } from '../../src/intake/verdict-waiter';
import { createTestEnv, silentLogger, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { bearer } from '../helpers/problems';
import { createTestModerator } from '../helpers/moderation';
import { UNREACHABLE_REDIS_URL } from '../helpers/unreachable-redis';
import { createVerdictTestApp, type VerdictTestApp } from '../helpers/verdict-app';

let env: TestEnv;
let t: VerdictTestApp;
let apiKey: string;
beforeAll(async () => {
  env = await createTestEnv();
  t = await createVerdictTestApp(env);
  apiKey = (await createSiteViaApi(t.app)).apiKey;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const post = (body: object, prefer?: string, app = t.app) => {
  const req = request(app).post('/v1/comments').set('authorization', bearer(apiKey));
  if (prefer !== undefined) req.set('prefer', prefer);
  return req.send(body);
};
const stored = async (id: string) =>
  (await env.pool.query('SELECT status, version, action FROM comments WHERE id = $1', [id])).rows[0];
const timed = async <T>(action: () => Promise<T>): Promise<[T, number]> => {
  const started = Date.now();
  const result = await action();
  return [result, Date.now() - started];
};

describe('Prefer: wait while no worker runs', () => {
  it('when the verdict does not come within N seconds, it answers the usual 202 after about N seconds', async () => {
    const [res, tookMs] = await timed(() =>
      post({ id: 'w-late', content: 'Nobody moderates me yet' }, 'wait=2'),
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ externalId: 'w-late', status: 'queued', verdict: null });
    expect(res.headers['preference-applied']).toBeUndefined();
    expect(res.headers.vary).toMatch(/\bPrefer\b/i);
    expect(tookMs).toBeGreaterThanOrEqual(1_900);
    expect(tookMs).toBeLessThan(4_000);
    expect(await stored(res.body.id)).toMatchObject({ status: 'queued', version: 1 });
    expect(t.waiter.pending()).toBe(0);
  });

  it.each([['wait=abc'], ['wait=-1'], ['wait=0'], ['wait=1.5'], ['wait'], ['respond-async'], ['wait="x"']])(
    'when Prefer is %s, the preference is ignored: 202 at once',
    async (prefer) => {
      const [res, tookMs] = await timed(() =>
        post({ id: `w-bad-${prefer}`, content: 'Hello there' }, prefer),
      );
      expect(res.status).toBe(202);
      expect(res.headers['preference-applied']).toBeUndefined();
      expect(tookMs).toBeLessThan(1_000);
    },
  );

  it('when the comment was decided before the waiter was registered, the re-read gives its verdict at once', async () => {
    const res = await post({ id: 'w-raced', content: 'Decided before anyone waited' });
    // Decided without the queue: no completion event will ever come for it.
    await createTestModerator(env)(res.body.id);
    const [decided, tookMs] = await timed(() =>
      waitForVerdict({ pool: env.pool, waiter: t.waiter }, res.body.id, 5_000),
    );
    expect(decided).toMatchObject({ id: res.body.id, status: 'approved', version: 2 });
    expect(tookMs).toBeLessThan(1_000);
    expect(t.waiter.pending()).toBe(0);
  });

  it('when Redis is down, a wait answers 202 at once and the comment is stored', async () => {
    const down = await createVerdictTestApp(env, UNREACHABLE_REDIS_URL, { waitUntilListening: false });
    try {
      const [res, tookMs] = await timed(() =>
        post({ id: 'w-no-redis', content: 'Redis is away' }, 'wait=5', down.app),
      );
      expect(res.status).toBe(202);
      expect(res.headers['preference-applied']).toBeUndefined();
      expect(tookMs).toBeLessThan(1_500);
      expect(await stored(res.body.id)).toMatchObject({ status: 'queued' });
    } finally {
      await down.close();
    }
  });
});

describe('Prefer: wait with the worker running', () => {
  let stopWorkers: () => Promise<void>;
  beforeAll(async () => {
    stopWorkers = await startWorkers(env.config, silentLogger);
  });
  afterAll(async () => {
    await stopWorkers();
  });

  it('when the verdict comes in time, it answers 200 with it and Preference-Applied', async () => {
    const [res, tookMs] = await timed(() =>
      post({ id: 'w-clean', content: 'A thoughtful note about the library budget.' }, 'wait=5'),
    );
    expect(res.status).toBe(200);
    expect(res.headers['preference-applied']).toBe('wait=5');
    expect(res.headers.vary).toMatch(/\bPrefer\b/i);
    expect(res.headers.location).toBe('/v1/comments/w-clean');
    expect(res.body).toMatchObject({ externalId: 'w-clean', status: 'approved', version: 2 });
    expect(res.body.verdict).toMatchObject({ action: 'approve' });
    expect(await stored(res.body.id)).toEqual({ status: 'approved', version: 2, action: 'approve' });
    expect(tookMs).toBeLessThan(3_000);
  });

  it('when the comment is spam, the verdict it waited for holds it back with its signals', async () => {
    const spam =
      'BUY CHEAP pills now!!! https://a.example/1 https://b.example/2 https://c.example/3 ' +
      'https://d.example/4 https://e.example/5 call +1 415 555 0199 or write deals@spam.example';
    const res = await post({ id: 'w-spam', content: spam }, 'wait=5');
    expect(res.status).toBe(200);
    expect(res.headers['preference-applied']).toBe('wait=5');
    expect(['pending_review', 'rejected']).toContain(res.body.status);
    expect(res.body.verdict.signals.length).toBeGreaterThan(0);
    expect(await stored(res.body.id)).toMatchObject({ status: res.body.status });
  });

  it('when more than 10 seconds are asked, the wait is clamped to 10', async () => {
    const res = await post({ id: 'w-long', content: 'Patience is a virtue' }, 'respond-async, wait=60');
    expect(res.status).toBe(200);
    expect(res.headers['preference-applied']).toBe('wait=10');
  });

  it('when a comment is sent again after its verdict, it answers 200 with the verdict at once', async () => {
    const first = await post({ id: 'w-again', content: 'Said twice' }, 'wait=5');
    const [again, tookMs] = await timed(() => post({ id: 'w-again', content: 'Said twice' }, 'wait=5'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(tookMs).toBeLessThan(1_000);
  });

  it('when many wait at once, each gets its own verdict and no waiter is left behind', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `w-many-${i}`);
    const answers = await Promise.all(
      ids.map((id) => post({ id, content: `Comment number ${id}` }, 'wait=5')),
    );
    expect(answers.map((res) => [res.status, res.body.externalId])).toEqual(ids.map((id) => [200, id]));
    expect(t.waiter.pending()).toBe(0);
  });
});
