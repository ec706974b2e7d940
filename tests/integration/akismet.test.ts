import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AkismetClient } from 'akismet-api';
import { createTestApp, createTestEnv, ADMIN_TOKEN, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { bearer, countRows, expectProblem } from '../helpers/problems';
import { createTestAppWithoutRedis } from '../helpers/unreachable-redis';
import { installWildcardDns } from '../helpers/wildcard-dns';

let env: TestEnv;
let t: TestApp;
let server: Server;
let base: string;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let client: AkismetClient;

/**
 * akismet-api sends the key in the host name, `<key>.<host>`, as Akismet expects: it is pointed at
 * the service by changing only its host, as an operator's wildcard DNS name (emulated here) allows.
 */
const clientFor = (key: string) =>
  new AkismetClient({ key, blog: 'https://news.example', host: `${AKISMET_HOST}:${port}`, protocol: 'http' });
const AKISMET_HOST = 'akismet.example';
let port: number;
let restoreDns: () => void;

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app, {
    name: 'Daily News',
    policy: { blockedTerms: ['zyxcasino'], flaggedTerms: ['quibblefish'] },
  });
  server = await new Promise<Server>((resolve) => {
    const listening = t.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  restoreDns = installWildcardDns(AKISMET_HOST);
  client = clientFor(site.apiKey);
});
afterAll(async () => {
  restoreDns();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  await env.cleanup();
});

/** A raw form post, for what the client library hides: headers, exact bodies, statuses. */
async function form(path: string, fields: Record<string, string>) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const reader = { ip: '203.0.113.7', useragent: 'Mozilla/5.0 (X11; Linux x86_64)', name: 'Ann Reader' };
const CLEAN = 'Thanks for the clear explanation of the council budget, it helped me understand the vote.';
const SPAM =
  'BUY CHEAP replica watches now!!! https://a.example/1 https://b.example/2 https://c.example/3 ' +
  'https://d.example/4 https://e.example/5 call +1 415 555 0199 or write to deals@spam.example';

describe('POST /1.1/verify-key', () => {
  it('when the key is the site API key, the client is told it is valid', async () => {
    await expect(client.verifyKey()).resolves.toBe(true);
  });

  it('when the key is unknown, the client is told it is invalid, with a reason in X-akismet-debug-help', async () => {
    await expect(clientFor(`sk-${'a'.repeat(52)}`).verifyKey()).resolves.toBe(false);
    const res = await form('/1.1/verify-key', { key: 'sk_not-a-real-key', blog: 'https://news.example' });
    expect(res).toMatchObject({ status: 200, text: 'invalid' });
    expect(res.headers.get('x-akismet-debug-help')).toMatch(/not valid/);
  });

  it('when the key comes as api_key, as Akismet documents it, it is valid', async () => {
    const res = await form('/1.1/verify-key', { api_key: site.apiKey, blog: 'https://news.example' });
    expect(res).toMatchObject({ status: 200, text: 'valid' });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describe('POST /1.1/comment-check', () => {
  it('when the comment is clean, the client gets false, and nothing is stored', async () => {
    const before = await countRows(env.pool, 'comments');
    await expect(client.checkSpam({ ...reader, content: CLEAN })).resolves.toBe(false);
    expect(await countRows(env.pool, 'comments')).toBe(before);
  });

  it('when the comment is obvious spam (links, pitch, contact details), the client gets true', async () => {
    await expect(client.checkSpam({ ...reader, name: 'Cheap Watches', content: SPAM })).resolves.toBe(true);
  });

  it("when the site's policy rejects the comment outright, it answers true with X-akismet-pro-tip: discard", async () => {
    const res = await form('/1.1/comment-check', {
      api_key: site.apiKey,
      blog: 'https://news.example',
      user_ip: reader.ip,
      comment_content: 'Come and play at zyxcasino tonight',
    });
    expect(res).toMatchObject({ status: 200, text: 'true' });
    expect(res.headers.get('x-akismet-pro-tip')).toBe('discard');
  });

  it('when the comment is held for review but not rejected, it answers true without the discard tip', async () => {
    const res = await form('/1.1/comment-check', {
      api_key: site.apiKey,
      blog: 'https://news.example',
      user_ip: reader.ip,
      comment_content: 'Is the quibblefish market open on Sundays?',
    });
    expect(res).toMatchObject({ status: 200, text: 'true' });
    expect(res.headers.get('x-akismet-pro-tip')).toBeNull();
  });

  it('when the hidden honeypot field is filled, it is spam to discard', async () => {
    const res = await form('/1.1/comment-check', {
      api_key: site.apiKey,
      blog: 'https://news.example',
      user_ip: reader.ip,
      comment_content: CLEAN,
      honeypot_field_name: 'hidden_website',
      hidden_website: 'http://bot.example',
    });
    expect(res).toMatchObject({ status: 200, text: 'true' });
    expect(res.headers.get('x-akismet-pro-tip')).toBe('discard');
  });

  it('when the site is in trial mode, it answers false: the verdict is only observed', async () => {
    const trial = await createSiteViaApi(t.app, {
      name: 'On trial',
      policy: { blockedTerms: ['zyxcasino'], mode: 'observe' },
    });
    const res = await form('/1.1/comment-check', {
      api_key: trial.apiKey,
      blog: 'https://news.example',
      user_ip: reader.ip,
      comment_content: 'Come and play at zyxcasino tonight',
    });
    expect(res).toMatchObject({ status: 200, text: 'false' });
    expect(res.headers.get('x-akismet-pro-tip')).toBeNull();
  });

  it('when user_role is administrator, it answers false whatever the content, as Akismet does', async () => {
    await expect(client.checkSpam({ ...reader, content: SPAM, role: 'administrator' })).resolves.toBe(false);
  });

  it('when user_ip is missing, the client fails with what is missing', async () => {
    await expect(client.checkSpam({ content: CLEAN } as never)).rejects.toThrow(
      'Missing required field: user_ip.',
    );
  });

  it('when the key is unknown, the client fails with an invalid API key', async () => {
    await expect(clientFor(`sk-${'a'.repeat(52)}`).checkSpam({ ...reader, content: CLEAN })).rejects.toThrow(
      'Invalid API key',
    );
  });

  it('when the form has more fields than allowed, it answers 413 and says why', async () => {
    const fields: Record<string, string> = {
      api_key: site.apiKey,
      blog: 'https://news.example',
      user_ip: reader.ip,
    };
    for (let i = 0; i < 300; i++) fields[`HTTP_X_${i}`] = 'x';
    const res = await form('/1.1/comment-check', fields);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'too_many_parameters' });
    expect(res.headers.get('x-akismet-debug-help')).toMatch(/too many parameters/);
  });

  it('when comment_content is longer than MAX_CONTENT_CHARS, its first MAX_CONTENT_CHARS characters are checked', async () => {
    const padding = ' '.repeat(env.config.MAX_CONTENT_CHARS);
    const check = (content: string) => client.checkSpam({ ...reader, content });
    // A blocked term past the limit is not seen; one before it is, however long the rest.
    await expect(check(`${CLEAN}${padding}zyxcasino`)).resolves.toBe(false);
    await expect(check(`zyxcasino tonight ${padding}${CLEAN}`)).resolves.toBe(true);
  });

  it.each([
    ['news.example', 'a host without the scheme'],
    ['ftp://news.example', 'another scheme'],
  ])('when blog is %j (%s), it says blog must be a URL, and checks nothing', async (blog) => {
    const res = await form('/1.1/comment-check', {
      api_key: site.apiKey,
      blog,
      user_ip: reader.ip,
      comment_content: CLEAN,
    });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^Invalid field: blog \(must be a full http or https URL/);
    expect(res.headers.get('x-akismet-debug-help')).toBe(res.text);
    expect(res.headers.get('x-akismet-guid')).toBeNull();
    const verify = await form('/1.1/verify-key', { key: site.apiKey, blog });
    expect(verify).toMatchObject({ status: 200, text: 'invalid' });
    expect(verify.headers.get('x-akismet-debug-help')).toMatch(/blog/);
  });
});

describe('POST /1.1/comment-check while Redis is down', () => {
  it('when the crowd index cannot be read, it answers 503 to retry, never "false"', async () => {
    const down = createTestAppWithoutRedis(env);
    try {
      const res = await request(down.app).post('/1.1/comment-check').type('form').send({
        api_key: site.apiKey,
        blog: 'https://news.example',
        user_ip: reader.ip,
        comment_content: CLEAN,
      });
      expectProblem(res, 503, 'service_unavailable');
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.headers['x-akismet-debug-help']).toMatch(/Retry later/);
    } finally {
      await down.close();
    }
  });
});

describe('POST /1.1/submit-spam and /1.1/submit-ham', () => {
  const spamWords = 'zorblax quintessa vortigan plumbrite glimmerdust';
  const candidate = `${spamWords} available for you today`;

  it('when a site teaches enough spam and ham, later checks of similar text answer true', async () => {
    await expect(client.checkSpam({ ...reader, content: candidate })).resolves.toBe(false);

    const thanks = await form('/1.1/submit-spam', {
      api_key: site.apiKey,
      blog: 'https://news.example',
      user_ip: reader.ip,
      comment_content: `${spamWords} number 0`,
    });
    expect(thanks).toMatchObject({ status: 200, text: 'Thanks for making the web a better place.' });
    for (let i = 1; i < 6; i++) await client.submitSpam({ ...reader, content: `${spamWords} number ${i}` });
    for (let i = 0; i < 6; i++) {
      await client.submitHam({ ...reader, content: `The harbour festival and the library hours, note ${i}` });
    }

    const { rows } = await env.pool.query(
      "SELECT label, count(*)::int AS n FROM classifier_examples WHERE scope = $1 AND key LIKE 'text:%' GROUP BY label ORDER BY label",
      [site.id],
    );
    expect(rows).toEqual([
      { label: 'ham', n: 6 },
      { label: 'spam', n: 6 },
    ]);
    await expect(client.checkSpam({ ...reader, content: candidate })).resolves.toBe(true);
    await expect(client.checkSpam({ ...reader, content: CLEAN })).resolves.toBe(false);
  });

  it('when the same spam is submitted twice, it is learned once', async () => {
    const docs = async () =>
      (await env.pool.query('SELECT spam FROM classifier_docs WHERE scope = $1', [site.id])).rows[0]?.spam ??
      0;
    await client.submitSpam({ ...reader, content: 'Once is enough for this lesson' });
    const after = await docs();
    await client.submitSpam({ ...reader, content: 'Once is enough for this lesson' });
    expect(await docs()).toBe(after);
  });

  it("when the site sent a comment with the same content, submit-spam is that comment's feedback", async () => {
    const content = 'A comment the site stored with us and later found to be spam';
    const posted = await request(t.app)
      .post('/v1/comments')
      .set('authorization', bearer(site.apiKey))
      .send({ id: 'ak-stored', content });
    expect(posted.status).toBe(202);

    await client.submitSpam({ ...reader, content });
    const { rows } = await env.pool.query('SELECT status, version FROM comments WHERE id = $1', [
      posted.body.id,
    ]);
    expect(rows).toEqual([{ status: 'rejected', version: 2 }]);
    const decisions = await env.pool.query(
      'SELECT decided_by, to_status FROM decisions WHERE comment_id = $1',
      [posted.body.id],
    );
    expect(decisions.rows).toEqual([{ decided_by: 'site', to_status: 'rejected' }]);
    // Learned once, as the comment's example, not a second time as a text example.
    expect(
      await countRows(env.pool, 'classifier_examples', 'scope = $1 AND key = $2', [site.id, posted.body.id]),
    ).toBe(1);
  });

  it('when the key is unknown, nothing is learned', async () => {
    const before = await countRows(env.pool, 'classifier_examples');
    const res = await form('/1.1/submit-spam', {
      api_key: 'sk_not-a-real-key',
      blog: 'https://news.example',
      user_ip: reader.ip,
      comment_content: 'Not learned',
    });
    expect(res).toMatchObject({ status: 200, text: 'invalid' });
    expect(await countRows(env.pool, 'classifier_examples')).toBe(before);
  });
});

describe('the Akismet routes beside the JSON API', () => {
  it('when the admin API is called with a form body, it is still refused as not JSON', async () => {
    const res = await request(t.app)
      .post('/v1/sites')
      .set('authorization', bearer(ADMIN_TOKEN))
      .type('form')
      .send({ name: 'Form Site' });
    expect(res.status).toBe(415);
  });
});
