import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { startWorkers } from '../../src/processes/workers';
import type { AppealDecidedEvent } from '../../src/delivery/appeal-event';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestEnv,
  silentLogger,
  type TestApp,
  type TestEnv,
} from '../helpers/test-env';
import { waitFor } from '../helpers/fixtures';
import { bearer } from '../helpers/problems';
import { startWebhookReceiver, verifyCallback, type WebhookReceiver } from '../helpers/webhook-receiver';
import {
  commentStatus,
  createModerator,
  createSite,
  ensureDashboardBuilt,
  hasChromium,
  launchChromium,
  openItemPage,
  listen,
  SCREENSHOTS,
  signedInPage,
  submitAndWait,
} from '../helpers/dashboard';

const describeWithChromium = hasChromium ? describe : describe.skip;
const PASSWORD = 'correct horse battery';
const HOSTILE = '<img src=x onerror=alert(1)> casino';

/**
 * The moderation workflows in the dashboard, in Chromium against the real api and workers: edit
 * history with diffs, the Appeals tab, author actions with their audit, settings previewed before
 * saving, and what trial mode would have held. Hostile text in edits and appeals stays text.
 */
describeWithChromium('the moderation workflows in the dashboard', () => {
  let env: TestEnv;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let stopWorkers: () => Promise<void>;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let site: Awaited<ReturnType<typeof createSite>>;

  beforeAll(async () => {
    ensureDashboardBuilt();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1', SWEEP_EVERY_MS: '60000' });
    t = createTestApp(env);
    await t.ready;
    receiver = await startWebhookReceiver();
    [server, stopWorkers, browser] = await Promise.all([
      listen(t.app),
      startWorkers(env.config, silentLogger),
      launchChromium(),
    ]);
    site = await createSite(t.app, {
      name: 'Daily News',
      callbackUrl: receiver.url,
      policy: { flaggedTerms: ['casino'], blockedTerms: ['viagra'] },
    });
    await createModerator(t.app, { name: 'Mia', password: PASSWORD, siteIds: [site.id] });
    await createModerator(t.app, { name: 'Ada', password: PASSWORD, role: 'admin' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stopWorkers?.();
    await receiver?.close();
    await t?.close();
    await env?.cleanup();
  });

  const openItem = (page: Page, id: string) => openItemPage(page, server.baseUrl, id);
  const asSite = (method: 'put' | 'post', path: string) =>
    request(t.app)[method](path).set('authorization', bearer(site.apiKey));

  it("an edited comment shows every revision with what it changed, the edit's markup as text", async () => {
    const id = await submitAndWait(t.app, site.apiKey, { id: 'edited', content: 'A calm first version.' });
    await asSite('put', '/v1/comments/edited').send({ content: `A calm first version. ${HOSTILE}` });
    await waitFor(
      () => commentStatus(t.app, site.apiKey, 'edited'),
      (now) => now.status === 'pending_review',
    );
    const { context, page, dialogs, errors } = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    await openItem(page, id);
    const revisions = page.getByTestId('revisions');
    // The item is drawn again as its claim and refreshes come in: read it once it has settled.
    await waitFor(
      () => revisions.locator('li').count(),
      (count) => count === 2,
    );
    const diff = revisions.getByTestId('revision-diff');
    await waitFor(
      () => diff.locator('ins').allTextContents(),
      (added) => added.length === 1 && added[0] === ` ${HOSTILE}`,
    );
    expect(await diff.locator('img').count()).toBe(0);
    expect(await page.getByTestId('public-reason').textContent()).toContain('offensive');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'edit-history.png'), fullPage: true });
    expect({ dialogs, errors }).toEqual({ dialogs: [], errors: [] });
    await context.close();
  });

  it("the Appeals tab shows the commenter's words; overturning approves the comment and the site is told", async () => {
    const id = await submitAndWait(t.app, site.apiKey, {
      id: 'appealed',
      content: 'Is viagra covered by the new plan?',
      author: { id: 'asker' },
    });
    const appeal = await asSite('post', '/v1/comments/appealed/appeal').send({
      text: `I only asked. ${HOSTILE}`,
    });
    expect(appeal.status).toBe(201);
    const { context, page, dialogs, errors } = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    await page.getByRole('link', { name: 'Appeals' }).click();
    await page.locator(`[data-testid=item][data-id="${id}"]`).waitFor();
    const text = page.locator('[data-testid=appeals] .appeal-text');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'appeals.png'), fullPage: true });
    expect(await text.textContent()).toBe(`I only asked. ${HOSTILE}`);
    expect(await page.locator('[data-testid=appeals] img').count()).toBe(0);
    await page.getByTestId('approve').click();
    await waitFor(
      () => commentStatus(t.app, site.apiKey, 'appealed'),
      (now) => now.status === 'approved',
    );
    const events = await waitFor(
      async () =>
        receiver.received.map(
          (callback) => verifyCallback(site.webhookSecret, callback) as unknown as AppealDecidedEvent,
        ),
      (found) => found.some((event) => event.type === 'comment.appeal_decided'),
    );
    expect(events.find((event) => event.type === 'comment.appeal_decided')?.data).toMatchObject({
      externalId: 'appealed',
      outcome: 'overturned',
      decidedBy: 'moderator',
    });
    expect({ dialogs, errors }).toEqual({ dialogs: [], errors: [] });
    await context.close();
  });

  it('a moderator bans the author of an item with a reason; the item and the audit show who did it and why', async () => {
    const id = await submitAndWait(t.app, site.apiKey, {
      id: 'troll-1',
      content: 'The casino is a scam and so are you',
      author: { id: 'troll', name: 'Troll' },
    });
    const { context, page, errors } = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    await openItem(page, id);
    const panel = page.getByTestId('author-panel');
    await panel.locator('button[data-action=ban]').click();
    expect(await panel.locator('.form-error').textContent()).toMatch(/Say why/);
    await panel.getByTestId('author-reason').fill('insults in three threads');
    await panel.locator('button[data-action=ban]').click();
    await panel.getByTestId('author-actions').waitFor();
    expect(await panel.getByTestId('author-standing').textContent()).toContain('Banned');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'author-actions.png'), fullPage: true });
    expect(await panel.getByTestId('author-actions').textContent()).toMatch(
      /Mia banned the author.*insults in three threads/,
    );
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByLabel('Kind').selectOption('authors');
    await page.locator('[data-testid=audit] td', { hasText: 'insults in three threads' }).waitFor();
    expect(await page.getByTestId('audit').textContent()).toContain('id:troll');
    // The ban acts at intake.
    await submitAndWait(t.app, site.apiKey, {
      id: 'troll-2',
      content: 'Hello again',
      author: { id: 'troll' },
    });
    expect((await commentStatus(t.app, site.apiKey, 'troll-2')).status).toBe('rejected');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin previews new settings on the stored comments before saving them, and trial mode shows in the stats', async () => {
    const { context, page, errors } = await signedInPage(browser, server.baseUrl, 'Ada', PASSWORD);
    await page.getByRole('link', { name: 'Sites' }).click();
    const form = page.getByTestId('site-settings');
    await form.waitFor();
    await form.locator('textarea[name="policy.flaggedTerms"]').fill('');
    const networks = form.locator('textarea[name="policy.blockedNetworks"]');
    await networks.fill('not-a-network');
    await form.getByRole('button', { name: 'Preview on stored comments' }).click();
    await form.locator('.field.invalid[data-path="policy.blockedNetworks"]').waitFor();
    await networks.fill('198.51.100.0/24');
    await form.getByRole('button', { name: 'Preview on stored comments' }).click();
    await form.getByTestId('preview-result').waitFor();
    // Without "casino" flagged, the held casino comments would have been approved.
    expect(Number(await form.getByTestId('preview-changed').textContent())).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'policy-preview.png'), fullPage: true });
    await form.locator('select[name="policy.mode"]').selectOption('observe');
    await form.locator('textarea[name="policy.flaggedTerms"]').fill('casino');
    await form.getByRole('button', { name: 'Save settings' }).click();
    const saved = await waitFor(
      () => request(t.app).get(`/v1/sites/${site.id}`).set('authorization', bearer(ADMIN_TOKEN)),
      (res) => res.body.policy.mode === 'observe',
    );
    expect(saved.body.policy.blockedNetworks).toEqual(['198.51.100.0/24']);

    await submitAndWait(t.app, site.apiKey, { id: 'trial-1', content: 'Casino night, anyone?' });
    expect((await commentStatus(t.app, site.apiKey, 'trial-1')).status).toBe('approved');
    await page.getByRole('link', { name: 'Stats' }).click();
    await page.getByTestId('observed').waitFor();
    expect(await page.getByTestId('observed').textContent()).toContain('1 / 0');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trial-stats.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
