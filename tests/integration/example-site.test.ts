import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { createTestEnv, silentLogger, type TestEnv } from '../helpers/test-env';
import { createVerdictTestApp, type VerdictTestApp } from '../helpers/verdict-app';
import { createSiteViaApi, waitFor } from '../helpers/fixtures';
import { startWorkers } from '../../src/processes/workers';
import { createExampleApp, type ExampleApp } from '../../examples/news-site/app';

/**
 * The example news site (examples/news-site) against the real service: the api listening on
 * 127.0.0.1, the real moderation and delivery workers, PostgreSQL and Redis. Comments go in
 * through the site's HTML form; verdicts come back as signed callbacks the site verifies with
 * the standardwebhooks library; the page shows only what was approved, escaped.
 */
let env: TestEnv;
let t: VerdictTestApp;
let stopWorkers: () => Promise<void>;
let service: Server;
let siteServer: Server;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let example: ExampleApp;
let siteUrl: string;
const logs: Array<{ message: string; fields?: Record<string, unknown> }> = [];

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = async (server: Server | undefined) => {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
};

beforeAll(async () => {
  env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1' });
  // The api as src/processes/api.ts composes it, with the verdict waiter that `Prefer: wait` needs.
  t = await createVerdictTestApp(env);
  service = createServer(t.app);
  const serviceUrl = await listen(service);
  stopWorkers = await startWorkers(env.config, silentLogger);
  // The site must listen before the service will accept its callback URL; its handler comes once
  // the site exists and has a key and a secret.
  siteServer = createServer();
  siteUrl = await listen(siteServer);
  site = await createSiteViaApi(t.app, {
    name: 'Harbour Gazette',
    callbackUrl: `${siteUrl}/moderation-callback`,
  });
  example = createExampleApp({
    moderationUrl: serviceUrl,
    apiKey: site.apiKey,
    webhookSecret: site.webhookSecret,
    // The longest wait the service honours: on a loaded machine, 2 s can pass before the worker decides.
    waitSeconds: 10,
    log: (message, fields) => logs.push({ message, fields }),
  });
  siteServer.on('request', example.app);
});
afterAll(async () => {
  await close(siteServer);
  await stopWorkers?.();
  await close(service);
  await t?.close();
  await env?.cleanup();
});

const page = async () => {
  const res = await fetch(`${siteUrl}/`);
  return { status: res.status, headers: res.headers, html: await res.text() };
};

/** Fills in and sends the "Leave a reply" form as a browser would; returns the new comment's id. */
async function reply(fields: { name: string; comment: string; email?: string; website?: string }) {
  const form = await page();
  const renderedAt = /name="renderedAt" value="([^"]+)"/.exec(form.html)?.[1];
  expect(renderedAt).toBeDefined();
  // The reader took half a minute to write it (the service holds comments sent within seconds).
  const typedFor30s = new Date(Date.parse(renderedAt!) - 30_000).toISOString();
  const res = await fetch(`${siteUrl}/comments`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'user-agent': 'Mozilla/5.0 (example-site test)' },
    body: new URLSearchParams({ email: '', website: '', ...fields, renderedAt: typedFor30s }),
  });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!, siteUrl);
  expect(location.pathname).toBe('/');
  const id = location.searchParams.get('posted')!;
  expect(id).toMatch(/^c-/);
  return id;
}

/** The service's record of a comment, read with the site's key. */
const serviceRecord = async (id: string) =>
  (await request(t.app).get(`/v1/comments/${id}`).set('authorization', `Bearer ${site.apiKey}`)).body as {
    status: string;
    version: number;
  };

/** Waits until the site has applied the service's verdict (version 2 or later) through a callback. */
const siteHasVerdict = (id: string, status: string) =>
  waitFor(
    async () => example.store.get(id),
    (comment) => comment !== undefined && comment.version >= 2 && comment.status === status,
  );

describe('example news site', () => {
  it('renders the article with a strict CSP, no inline script, and the reply form', async () => {
    const { status, headers, html } = await page();
    expect(status).toBe(200);
    const csp = headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Leave a reply');
    expect(html).toContain('<form method="post" action="/comments">');
    expect(html).toMatch(/name="website"/); // the honeypot
  });

  let cleanId: string;

  it('a clean comment posted through the form is approved at once (Prefer: wait) and appears on the page', async () => {
    const text = 'Good news for the ferry passengers, thanks for the clear report.';
    cleanId = await reply({ name: 'Ada Lovelace', email: 'ada@example.org', comment: text });
    // The service answered 200 with the verdict within the time the site asked to wait.
    expect(example.store.get(cleanId)).toMatchObject({ status: 'approved', version: 2 });
    expect(logs).toContainEqual({
      message: 'comment sent',
      fields: { commentId: cleanId, status: 'approved', version: 2 },
    });
    const notice = await (await fetch(`${siteUrl}/?posted=${cleanId}`)).text();
    expect(notice).toContain('your comment is published');
    const { html } = await page();
    expect(html).toContain(text);
    expect(html).toContain('Ada Lovelace');
    expect(html).not.toContain('ada@example.org'); // e-mail addresses are never published
    // The signed callback for the same version arrives too and verifies. It races the answer:
    // whichever the site applied first changed the comment, and the other, the same version, nothing.
    const indexOf = (message: string) =>
      logs.findIndex((entry) => entry.message === message && entry.fields?.commentId === cleanId);
    await waitFor(
      async () => indexOf('callback'),
      (index) => index >= 0,
    );
    expect(logs[indexOf('callback')]).toEqual({
      message: 'callback',
      fields: expect.objectContaining({
        commentId: cleanId,
        status: 'approved',
        version: 2,
        changed: indexOf('callback') < indexOf('comment sent'),
      }),
    });
    expect(await serviceRecord(cleanId)).toMatchObject({ status: 'approved', version: 2 });
  });

  it('spam is rejected and profanity held for review: neither is shown, until the site overrules', async () => {
    const spam =
      'FREE iPhone!!! Click http://bit.ly/win-now and WhatsApp me at +1 555 0100 to claim your prize';
    const rude = 'What a shitty take on the harbour works.';
    const spamId = await reply({ name: 'Best Deals', comment: spam });
    const rudeId = await reply({ name: 'Sam', comment: rude });
    await siteHasVerdict(spamId, 'rejected');
    await siteHasVerdict(rudeId, 'pending_review');
    expect((await serviceRecord(spamId)).status).toBe('rejected');
    const { html } = await page();
    expect(html).not.toContain('FREE iPhone');
    expect(html).not.toContain('shitty');
    const notice = await (await fetch(`${siteUrl}/?posted=${rudeId}`)).text();
    expect(notice).toContain('your comment is awaiting moderation');

    // The site's own moderator approves the held one: the service's next version reaches the page.
    const feedback = await request(t.app)
      .post(`/v1/comments/${rudeId}/feedback`)
      .set('authorization', `Bearer ${site.apiKey}`)
      .send({ label: 'ham' });
    expect(feedback.status).toBe(200);
    await siteHasVerdict(rudeId, 'approved');
    expect(example.store.get(rudeId)!.version).toBe(3);
    expect((await page()).html).toContain('What a shitty take');
  });

  it('refuses callbacks with a bad or missing signature (401) and ignores stale versions', async () => {
    const body = JSON.stringify({
      type: 'comment.verdict',
      timestamp: new Date().toISOString(),
      data: { externalId: cleanId, status: 'rejected', version: 99 },
    });
    const send = (headers: Record<string, string>) =>
      fetch(`${siteUrl}/moderation-callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const signed = (secret: string) => {
      const id = `msg_test_${Math.random()}`;
      const now = new Date();
      return {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(id, now, body),
      };
    };
    const forger = 'whsec_' + Buffer.from('not the site secret, 32 bytes!!!').toString('base64');
    expect((await send(signed(forger))).status).toBe(401);
    expect((await send({})).status).toBe(401);
    const tampered = {
      ...signed(site.webhookSecret),
      'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600),
    };
    expect((await send(tampered)).status).toBe(401);
    expect(example.store.get(cleanId)).toMatchObject({ status: 'approved', version: 2 });

    // A correctly signed but older version (a late retry) changes nothing.
    const stale = JSON.stringify({
      type: 'comment.verdict',
      timestamp: new Date().toISOString(),
      data: { externalId: cleanId, status: 'rejected', version: 1 },
    });
    const id = 'msg_stale';
    const now = new Date();
    const res = await fetch(`${siteUrl}/moderation-callback`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(site.webhookSecret).sign(id, now, stale),
      },
      body: stale,
    });
    expect(res.status).toBe(204);
    expect(example.store.get(cleanId)).toMatchObject({ status: 'approved', version: 2 });
  });

  it('renders a hostile comment escaped once it is approved', async () => {
    const id = await reply({ name: '<img src=x onerror=alert(2)>', comment: '<script>alert(1)</script>' });
    // Whatever the automatic verdict, the site's moderator approves it (ham), so it must be shown.
    await request(t.app)
      .post(`/v1/comments/${id}/feedback`)
      .set('authorization', `Bearer ${site.apiKey}`)
      .send({ label: 'ham' })
      .expect(200);
    await siteHasVerdict(id, 'approved');
    const { html } = await page();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
  });
});
