import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createModeratorViaApi, createSiteViaApi } from '../helpers/fixtures';
import { createTestModerator, scored, scoredByMarker, submitAndModerate } from '../helpers/moderation';
import { bearer, expectValidationPaths } from '../helpers/problems';
import { SEARCH_DOCUMENT, containsPattern } from '../../src/db/review-repository';

let env: TestEnv;
let t: TestApp;
let mia: { token: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  const moderate = createTestModerator(env, scoredByMarker);
  const a = await createSiteViaApi(t.app, { name: 'A' });
  const b = await createSiteViaApi(t.app, { name: 'B' });
  mia = await createModeratorViaApi(t.app, { name: 'Mia', siteIds: [a.id] });
  const post = async (key: string, id: string, content: string, extra: object = {}) =>
    (ids[id] = await submitAndModerate(t.app, moderate, key, { id, content, ...extra }));
  await post(a.apiKey, 'pills', scored(4, 'Cheap VIAGRA here'), {
    author: { id: 'u-1', name: 'Pill Seller', email: 'deals@spam-mail.example', ip: '203.0.113.77' },
    thread: { id: 'health-9', title: 'Winter flu season' },
  });
  await post(a.apiKey, 'calm', scored(0, 'A calm remark about 100% rye bread'), {
    author: { id: 'u-2', name: 'Ada Lovelace', email: 'ada@example.org', ip: '198.51.100.4' },
    thread: { id: 'bread-1', title: 'Baking' },
  });
  await post(a.apiKey, 'underscore', scored(4, 'snake_case and 100 rye'), { author: { id: 'u-3' } });
  await post(b.apiKey, 'other-site', scored(4, 'viagra on another site'), { author: { id: 'u-1' } });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const search = async (query: Record<string, string>, token = ADMIN_TOKEN) => {
  const res = await request(t.app).get('/v1/review/queue').query(query).set('authorization', bearer(token));
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ externalId: string }>).map((item) => item.externalId).sort();
};

describe('GET /v1/review/queue?q= (search)', () => {
  it.each([
    ['a word in the text, any case', 'viagra', ['other-site', 'pills']],
    ['part of an e-mail', 'spam-mail', ['pills']],
    ['part of an IP address', '113.7', ['pills']],
    ["the author's name", 'seller', ['pills']],
    ["the site's comment id", 'other-si', ['other-site']],
    ['a thread id and a thread title', 'health-9 flu', ['pills']],
    ['a quoted phrase', '"cheap viagra"', ['pills']],
  ])('finds comments by %s', async (_what, q, expected) => {
    expect(await search({ q, status: 'all' })).toEqual(expected);
  });

  it('takes %, _ and \\ literally, requires every term, and stays within the status and the reader’s sites', async () => {
    expect(await search({ q: '100%', status: 'all' })).toEqual(['calm']);
    expect(await search({ q: 'snake_case', status: 'all' })).toEqual(['underscore']);
    expect(await search({ q: 'e_c', status: 'all' })).toEqual(['underscore']);
    expect(await search({ q: 'rye bread', status: 'all' })).toEqual(['calm']);
    // The calm comment was approved: the held tab does not show it, "all" does.
    expect(await search({ q: 'rye' })).toEqual(['underscore']);
    expect(await search({ q: 'viagra', status: 'all' }, mia.token)).toEqual(['pills']);
  });

  it('when no word has three characters, or the query is too long, it answers 400 naming q', async () => {
    const bad = (q: string) =>
      request(t.app).get('/v1/review/queue').query({ q }).set('authorization', bearer(ADMIN_TOKEN));
    expect(expectValidationPaths(await bad('ab c'))).toEqual(['query.q']);
    expect(expectValidationPaths(await bad('x'.repeat(201)))).toEqual(['query.q']);
  });

  it('PostgreSQL answers it from the trigram index (comments_search_idx)', async () => {
    const client = await env.pool.connect();
    try {
      // On a table this small the planner would rather scan; forbidding that shows the index can serve.
      await client.query('SET enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM comments WHERE ${SEARCH_DOCUMENT} ILIKE $1`,
        [containsPattern('spam-mail')],
      );
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
        /Bitmap Index Scan on comments_search_idx/,
      );
    } finally {
      client.release();
    }
  });
});

describe('GET /v1/review/lookup', () => {
  it('finds authors and threads by part of their name or id, with their latest name and count, within the reader’s sites', async () => {
    const lookup = async (query: Record<string, string>, token = ADMIN_TOKEN) => {
      const res = await request(t.app)
        .get('/v1/review/lookup')
        .query(query)
        .set('authorization', bearer(token));
      expect(res.status).toBe(200);
      return res.body.items;
    };
    expect(await lookup({ kind: 'author', q: 'lovel' })).toEqual([
      { id: 'u-2', label: 'Ada Lovelace', comments: 1 },
    ]);
    expect(await lookup({ kind: 'author', q: 'u-1' })).toEqual([
      { id: 'u-1', label: 'Pill Seller', comments: 2 },
    ]);
    expect(await lookup({ kind: 'author', q: 'u-1' }, mia.token)).toEqual([
      { id: 'u-1', label: 'Pill Seller', comments: 1 },
    ]);
    expect(await lookup({ kind: 'thread', q: 'flu' })).toEqual([
      { id: 'health-9', label: 'Winter flu season', comments: 1 },
    ]);
    const bad = await request(t.app)
      .get('/v1/review/lookup')
      .query({ kind: 'site', q: 'a' })
      .set('authorization', bearer(ADMIN_TOKEN));
    expect(expectValidationPaths(bad)).toEqual(['query.kind', 'query.q']);
  });
});
