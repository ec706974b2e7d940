import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AkismetClient } from 'akismet-api';
import { client as akismetClient, type AkismetClient as Akismet2Client } from 'akismet';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { installWildcardDns } from '../helpers/wildcard-dns';
import { AKISMET_HOST, BLOG, CLEAN, postForm, reader } from '../helpers/akismet-forms';

/**
 * What Akismet clients rely on beyond the four calls: the key in the host name and Akismet's test
 * values (X-akismet-guid and is_test: akismet-submissions.test.ts). Raw HTTP where the header is the
 * point; the `akismet` client (2.x) as it is, with only its host changed.
 */
let env: TestEnv;
let t: TestApp;
let server: Server;
let port: number;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let restoreDns: () => void;

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app, { name: 'Daily News' });
  server = await new Promise<Server>((resolve) => {
    const listening = t.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  port = (server.address() as AddressInfo).port;
  restoreDns = installWildcardDns(AKISMET_HOST);
});
afterAll(async () => {
  restoreDns();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  await env.cleanup();
});

const post = (path: string, host: string, fields: Record<string, string>) =>
  postForm(t.app, path, host, fields);

describe('the API key as the first label of the host name (<key>.<host>)', () => {
  it('when the key is the host name, verify-key and comment-check accept it without api_key', async () => {
    const host = `${site.apiKey}.${AKISMET_HOST}`;
    const verified = await post('/1.1/verify-key', host, { blog: BLOG });
    expect(verified.text).toBe('valid');
    const checked = await post('/1.1/comment-check', host, { blog: BLOG, ...reader, comment_content: CLEAN });
    expect(checked.status).toBe(200);
    expect(checked.text).toBe('false');
  });

  it('when the host name is in upper case, as DNS allows, the key still matches', async () => {
    const res = await post('/1.1/verify-key', `${site.apiKey}.${AKISMET_HOST}:443`.toUpperCase(), {
      blog: BLOG,
    });
    expect(res.text).toBe('valid');
  });

  it('when the host names an unknown key, or none, it answers invalid and says where the key goes', async () => {
    const unknown = await post('/1.1/comment-check', `sk-${'b'.repeat(52)}.${AKISMET_HOST}`, {
      blog: BLOG,
      ...reader,
    });
    expect(unknown.text).toBe('invalid');
    expect(unknown.headers['x-akismet-debug-help']).toBe('The API key is not valid.');
    const none = await post('/1.1/comment-check', AKISMET_HOST, { blog: BLOG, ...reader });
    expect(none.text).toBe('invalid');
    expect(none.headers['x-akismet-debug-help']).toMatch(/api_key, or as the first label of the host name/);
  });

  it('when an older key (sk_…) is sent in the host name, the answer says to rotate it', async () => {
    const res = await post('/1.1/comment-check', `sk_abcdef.${AKISMET_HOST}`, { blog: BLOG, ...reader });
    expect(res.text).toBe('invalid');
    expect(res.headers['x-akismet-debug-help']).toMatch(/rotate the key for a host-safe one/);
  });

  it('when api_key and the host name disagree, api_key wins', async () => {
    const res = await post('/1.1/verify-key', `${site.apiKey}.${AKISMET_HOST}`, {
      blog: BLOG,
      api_key: `sk-${'c'.repeat(52)}`,
    });
    expect(res.text).toBe('invalid');
  });
});

describe('the akismet client (2.x), with only its host changed', () => {
  const akismet = (apiKey: string): Akismet2Client =>
    akismetClient({ apiKey, blog: BLOG, host: AKISMET_HOST, port });
  const verify = (c: Akismet2Client) =>
    new Promise<boolean>((resolve, reject) =>
      c.verifyKey((error, valid) => (error ? reject(new Error(String(error))) : resolve(valid))),
    );
  const check = (c: Akismet2Client, fields: Record<string, string>) =>
    new Promise<boolean>((resolve, reject) =>
      c.checkComment({ ...reader, ...fields }, (error, spam) =>
        error ? reject(new Error(String(error))) : resolve(spam),
      ),
    );

  it('verifies its key and checks comments, the key travelling as <key>.<host>', async () => {
    const client = akismet(site.apiKey);
    await expect(verify(client)).resolves.toBe(true);
    await expect(verify(akismet(`sk-${'d'.repeat(52)}`))).resolves.toBe(false);
    await expect(check(client, { comment_content: CLEAN })).resolves.toBe(false);
    await expect(
      check(client, { comment_author: 'akismet-guaranteed-spam', comment_content: CLEAN }),
    ).resolves.toBe(true);
  });
});

describe("Akismet's test values", () => {
  const checkAs = (fields: Record<string, string>) =>
    post('/1.1/comment-check', AKISMET_HOST, {
      api_key: site.apiKey,
      blog: BLOG,
      ...reader,
      comment_content: CLEAN,
      ...fields,
    });

  it.each([
    ['comment_author', 'akismet-guaranteed-spam'],
    ['comment_author', 'viagra-test-123'],
    ['comment_author_email', 'akismet-guaranteed-spam@example.com'],
  ])('when %s is %s, a clean comment is spam (true), without the discard tip', async (field, value) => {
    const res = await checkAs({ [field]: value, is_test: 'true' });
    expect(res.text).toBe('true');
    expect(res.headers['x-akismet-pro-tip']).toBeUndefined();
  });

  it.each([['administrator'], ['editor,administrator']])(
    'when user_role is %s (WordPress sends every role), spam is not spam (false)',
    async (role) => {
      const res = await checkAs({
        user_role: role,
        is_test: 'true',
        comment_author: 'akismet-guaranteed-spam',
      });
      expect(res.text).toBe('false');
    },
  );

  it('when the author is an ordinary name, the checks decide', async () => {
    expect((await checkAs({ comment_author: 'Ann Reader' })).text).toBe('false');
  });
});

describe('clients that put the key in the URL user name (https://<key>@host)', () => {
  it('akismet-api pointed at <key>.@host sends it as Basic, which is accepted', async () => {
    const client = new AkismetClient({
      key: site.apiKey,
      blog: BLOG,
      host: `@127.0.0.1:${port}`,
      protocol: 'http',
    });
    await expect(client.checkSpam({ ip: reader.user_ip, content: CLEAN })).resolves.toBe(false);
  });
});
