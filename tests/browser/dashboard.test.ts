import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWorkers } from '../../src/processes/workers';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/fixtures';
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

if (!hasChromium) {
  console.warn('browser tests skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)');
}
const describeWithChromium = hasChromium ? describe : describe.skip;

const PASSWORD = 'correct horse battery';
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="javascript:alert(1)">win a prize</a> javascript:alert(1)',
  '<svg onload=alert(1)><circle r=9 /></svg>',
];

describeWithChromium('the moderators dashboard in Chromium', () => {
  let env: TestEnv;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let stopWorkers: () => Promise<void>;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let siteA: Awaited<ReturnType<typeof createSite>>;
  let siteB: Awaited<ReturnType<typeof createSite>>;
  const held: Record<string, string> = {};

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
    // "casino" and "alert" are flagged: comments holding them are held for review, with spans.
    const policy = { flaggedTerms: ['casino', 'alert'] };
    siteA = await createSite(t.app, { name: 'Daily News', policy, callbackUrl: receiver.url });
    siteB = await createSite(t.app, { name: 'Other Blog', policy });
    await createModerator(t.app, { name: 'Mia', password: PASSWORD, siteIds: [siteA.id] });
    await createModerator(t.app, { name: 'Ben', password: PASSWORD, siteIds: [siteA.id] });
    await createModerator(t.app, { name: 'Bea', password: PASSWORD, siteIds: [siteB.id] });
    await createModerator(t.app, { name: 'Ada', password: PASSWORD, role: 'admin' });
    const thread = {
      id: 'budget-2025',
      title: 'City budget 2025: what changes',
      url: 'https://news.example/budget',
    };
    const post = (
      key: string,
      id: string,
      content: string,
      author: Record<string, string> = { id: `reader-${id}`, name: 'Reader' },
    ) => submitAndWait(t.app, key, { id, content, thread, author }).then((ours) => (held[id] = ours));
    await post(siteA.apiKey, 'keyboard', 'Best casino bonus in town, visit now!', {
      id: 'r-1',
      name: 'Sam Sample',
    });
    await post(siteA.apiKey, 'race', 'Two moderators, one casino comment.');
    await post(siteA.apiKey, 'calm', 'The casino plan for the harbour deserves a real debate.');
    for (const [index, content] of HOSTILE.entries()) {
      await post(siteA.apiKey, `hostile-${index}`, content, {
        id: `h-${index}`,
        name: '<b>bold</b>',
        url: 'javascript:alert(1)',
      });
    }
    await post(siteB.apiKey, 'b-only', 'Casino night on the other blog.');
    await post(siteA.apiKey, 'bulk-1', 'Casino link one', { id: 'bulk-author', name: 'Repeat' });
    await post(siteA.apiKey, 'bulk-2', 'Casino link two', { id: 'bulk-author', name: 'Repeat' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stopWorkers?.();
    await receiver?.close();
    await t?.close();
    await env?.cleanup();
  });

  const open = (page: Page, id: string) => openItemPage(page, server.baseUrl, id);

  it('when a moderator signs in, they see the held comment with its spans marked, approve it with "a", and the site learns the verdict; arrivals never move their place', async () => {
    const { context, page, dialogs, errors } = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    const id = held.keyboard!;
    await page.locator(`.row[data-id="${id}"]`).click();
    const content = page.locator(`[data-testid=item][data-id="${id}"] [data-testid=comment-content]`);
    await content.waitFor();
    expect(await content.textContent()).toBe('Best casino bonus in town, visit now!');
    expect(await content.locator('mark').allTextContents()).toContain('casino');
    await expect(page.getByTestId('signals').textContent()).resolves.toContain('flagged_term');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'queue.png'), fullPage: true });

    // A comment arriving meanwhile shows up by itself; the moderator's place stays where it was.
    const fresh = await submitAndWait(t.app, siteA.apiKey, { id: 'fresh', content: 'Fresh casino offer' });
    await page.locator(`.row[data-id="${fresh}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('.row.selected').getAttribute('data-id')).toBe(id);
    await page.locator(`[data-testid=item][data-id="${id}"]`).waitFor();

    await page.keyboard.press('a');
    const decided = await waitFor(
      () => commentStatus(t.app, siteA.apiKey, 'keyboard'),
      (comment) => comment.status === 'approved',
    );
    expect(decided.version).toBe(3);
    const callbacks = await waitFor(
      async () => receiver.received.map((callback) => verifyCallback(siteA.webhookSecret, callback)),
      (events) =>
        events.some((event) => event.data.externalId === 'keyboard' && event.data.status === 'approved'),
    );
    expect(callbacks.find((event) => event.data.status === 'approved')?.data).toMatchObject({
      version: 3,
      decidedBy: 'moderator',
    });
    // The approved item left the queue, and the next one opened in its place.
    await page.locator(`.row[data-id="${id}"]`).waitFor({ state: 'detached' });
    await page.locator('[data-testid=item]').waitFor();
    expect({ dialogs, errors }).toEqual({ dialogs: [], errors: [] });
    await context.close();
  });

  it('when two moderators decide the same item, the second sees who was first, the conflict and the fresh state', async () => {
    const id = held.race!;
    const mia = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    const ben = await signedInPage(browser, server.baseUrl, 'Ben', PASSWORD);
    // Ben's page hears no live events (as behind a proxy that drops them): it still shows version 2
    // when he decides, so the service, not the page, must stop him clobbering Mia's decision.
    await ben.context.route('**/v1/review/events', (route) => route.abort());
    await ben.page.reload();
    await ben.page.getByTestId('me').waitFor();
    await open(mia.page, id);
    await open(ben.page, id);
    // Mia opened it first: Ben sees her claim.
    await expect(ben.page.getByTestId('claimed-by').textContent()).resolves.toBe('Open by Mia');
    await ben.page.screenshot({ path: path.join(SCREENSHOTS, 'item.png'), fullPage: true });

    await mia.page.keyboard.press('a');
    await waitFor(
      () => commentStatus(t.app, siteA.apiKey, 'race'),
      (comment) => comment.status === 'approved',
    );
    await ben.page.keyboard.press('s');
    // Mia has it open: Ben is asked before deciding over her.
    await expect(ben.page.getByTestId('confirm-message').textContent()).resolves.toMatch(
      /Mia may be deciding it/,
    );
    await ben.page.keyboard.press('Enter');
    const conflict = ben.page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(
      /someone else decided this comment first.*now Approved \(version 3\)/,
    );
    await ben.page.locator(`[data-testid=item][data-status=approved][data-version="3"]`).waitFor();
    expect(await ben.page.getByTestId('decisions').textContent()).toContain('by Mia');
    await ben.page.screenshot({ path: path.join(SCREENSHOTS, 'conflict.png'), fullPage: true });
    expect(await commentStatus(t.app, siteA.apiKey, 'race')).toMatchObject({
      status: 'approved',
      version: 3,
    });
    await Promise.all([mia.context.close(), ben.context.close()]);
  });

  it('when comments hold markup, script or javascript: links, they show as text and nothing runs', async () => {
    const { context, page, dialogs, errors } = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    await page.locator(`.row[data-id="${held['hostile-0']}"]`).waitFor();
    for (const [index, content] of HOSTILE.entries()) {
      await open(page, held[`hostile-${index}`]!);
      const box = page.locator('[data-testid=comment-content]');
      expect(await box.textContent()).toBe(content);
      expect(await box.locator('mark').allTextContents()).toContain('alert');
      expect(await box.locator('img, script, svg, a, iframe, object, embed').count()).toBe(0);
      expect(await page.locator('[data-testid=item]').textContent()).toContain('<b>bold</b>');
    }
    // Nowhere on the page: no javascript: link (the author URL is text), no element from a comment.
    await page.goto(`${server.baseUrl}/dashboard/#/queue`);
    await page.locator(`.row[data-id="${held['hostile-0']}"]`).waitFor();
    expect(
      await page
        .locator('a[href^="javascript"], .list img, .list script, .list svg, .panel img, .panel svg')
        .count(),
    ).toBe(0);
    expect({ dialogs, errors }).toEqual({ dialogs: [], errors: [] });
    await context.close();
  });

  it("when a moderator of site B signs in, site A's items exist neither in their page nor through the API with their session", async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, 'Bea', PASSWORD);
    await page.locator(`.row[data-id="${held['b-only']}"]`).waitFor();
    const shown = await page
      .locator('.list .row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
    expect(shown).toEqual([held['b-only']]);
    expect(await page.locator('.filters select[aria-label=Site] option').allTextContents()).toEqual([
      'All sites',
      'Other Blog',
    ]);

    await page.goto(`${server.baseUrl}/dashboard/#/item/${held.calm}`);
    await expect(page.getByTestId('error').textContent()).resolves.toMatch(/not found/);

    // The page's own cookie and CSRF token, used directly.
    const session = await page.request.get(`${server.baseUrl}/v1/session`);
    const csrf = (await session.json()).csrfToken as string;
    expect((await page.request.get(`${server.baseUrl}/v1/review/items/${held.calm}`)).status()).toBe(404);
    expect((await page.request.get(`${server.baseUrl}/v1/review/queue?siteId=${siteA.id}`)).status()).toBe(
      403,
    );
    const decision = await page.request.post(`${server.baseUrl}/v1/review/items/${held.calm}/decision`, {
      headers: { 'x-csrf-token': csrf },
      data: { action: 'reject', version: 2 },
    });
    expect(decision.status()).toBe(404);
    expect(await commentStatus(t.app, siteA.apiKey, 'calm')).toMatchObject({
      status: 'pending_review',
      version: 2,
    });
    await context.close();
  });

  it('when a moderator filters by author, selects two items with "x" and rejects them with "r" and a reason, both are rejected', async () => {
    const { context, page, errors } = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    await page.getByLabel('Author: type a name or id').fill('bulk-author');
    await page.getByLabel('Author: type a name or id').press('Enter');
    await page.locator(`.row[data-id="${held['calm']}"]`).waitFor({ state: 'detached' });
    expect(await page.locator('.list .row').count()).toBe(2);
    await page.locator('.list .row.selected').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 200 } });
    for (const key of ['x', 'j', 'x', 'r']) await page.keyboard.press(key);
    await page.getByTestId('reason-input').fill('off-topic');
    await page.keyboard.press('Enter');
    await page.getByTestId('queue-empty').waitFor();
    for (const id of ['bulk-1', 'bulk-2']) {
      expect(await commentStatus(t.app, siteA.apiKey, id)).toMatchObject({ status: 'rejected', version: 3 });
    }
    const reasons = await env.pool.query(
      `SELECT reason FROM decisions WHERE decided_by = 'moderator' AND comment_id = ANY($1)`,
      [[held['bulk-1'], held['bulk-2']]],
    );
    expect(reasons.rows).toEqual([{ reason: 'off-topic' }, { reason: 'off-topic' }]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("when an admin saves invalid site settings, the API's errors show at their fields; valid ones are saved and audited; sites and moderators are created from the page", async () => {
    const { context, page, errors } = await signedInPage(browser, server.baseUrl, 'Ada', PASSWORD);
    await page.getByRole('link', { name: 'Sites' }).click();
    const form = page.getByTestId('site-settings');
    await form.waitFor();
    await form.getByLabel('Reject threshold').fill('1');
    await form.getByLabel('Blocked domains').fill('spam.example\nnot a domain');
    await form.getByRole('button', { name: 'Save settings' }).click();
    const field = (path: string) => form.locator(`.field[data-path="${path}"] .field-error`);
    // The messages appear once the API has answered.
    const message = async (path: string) => {
      await field(path).filter({ hasText: /\S/ }).waitFor();
      return field(path).textContent();
    };
    expect(await message('policy.rejectThreshold')).toBe('must be at or above reviewThreshold');
    expect(await message('policy.blockedDomains')).toMatch(/^line 2: must be a domain name/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings.png'), fullPage: true });

    await form.getByLabel('Reject threshold').fill('12');
    await form.getByLabel('Blocked domains').fill('spam.example');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#toasts').getByText('Settings saved.').waitFor();
    expect(await field('policy.rejectThreshold').textContent()).toBe('');
    expect(await form.locator('.field.invalid').count()).toBe(0);

    // The form is built from the policy's schema: the sensitivity preset, chosen alone, sets what it
    // sets (both thresholds, the links weight), not overruled by the values shown beside it.
    await page.locator('.toast').first().waitFor({ state: 'detached' });
    await form.getByLabel('Sensitivity').selectOption('strict');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#toasts').getByText('Settings saved.').waitFor();
    // The form is drawn again from the saved site once the answer is in: wait for the new one.
    await waitFor(
      () => page.getByTestId('site-settings').getByLabel('Reject threshold').inputValue(),
      (value) => value === '7',
    );
    await expect(page.getByTestId('site-settings').getByLabel('Links: Weight').inputValue()).resolves.toBe(
      '1.5',
    );

    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByLabel('Kind').selectOption('policy');
    await page.getByTestId('audit').getByText('rejectThreshold: 9 → 12').waitFor();
    await page.getByTestId('audit').getByText('rejectThreshold: 12 → 7').waitFor();
    expect(await page.getByTestId('audit').locator('tbody tr').first().textContent()).toContain('Ada');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'audit.png'), fullPage: true });

    // Admins create sites and moderators from the page; the secrets show once.
    await page.getByRole('link', { name: 'Sites' }).click();
    await page.getByPlaceholder('Site name').fill('Forum');
    await page.getByRole('button', { name: 'Create site' }).click();
    await expect(page.locator('.secret').textContent()).resolves.toMatch(/API key\s*sk-/);
    await page.getByRole('link', { name: 'People' }).click();
    // The sites view stays until the people view has loaded, and its "Site name" would match "Name".
    await page.getByRole('heading', { name: 'New moderator' }).waitFor();
    await page.getByPlaceholder('Name', { exact: true }).fill('Noor');
    await page.getByLabel('Daily News').check();
    await page.getByPlaceholder('optional').fill('noor has a long password');
    await page.getByRole('button', { name: 'Create moderator' }).click();
    await expect(page.locator('.secret').textContent()).resolves.toMatch(/Noor can sign in now.*mt_/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'people.png'), fullPage: true });
    const noor = await signedInPage(browser, server.baseUrl, 'Noor', 'noor has a long password');
    await noor.page.locator('.list .row').first().waitFor();
    await noor.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("when a moderator filters the audit, the filters are in the page's address: a reload, a shared link and Back show the same view", async () => {
    const { context, page, errors } = await signedInPage(browser, server.baseUrl, 'Ada', PASSWORD);
    const audit = page.getByTestId('audit');
    const rowsText = async () => (await audit.locator('tbody tr').allTextContents()).join('\n');
    await page.getByRole('link', { name: 'Audit' }).click();
    await audit.locator('> *').first().waitFor();
    await page.getByLabel('Decided by').selectOption('auto');
    await page.getByLabel('Site').selectOption(siteB.id);
    await page.waitForURL((url) => url.hash.includes(`siteId=${siteB.id}`));
    const filtered = page.url();
    expect(new URL(filtered).hash).toMatch(/^#\/audit\?/);
    expect(new URL(filtered).hash).toContain('by=auto');
    // The rows shown before the filter hold the other blog's too: wait for the filtered rows themselves
    // (waitFor fails the test when they never come).
    const onlyOtherBlog = (rows: string | null) =>
      (rows ?? '').includes('Casino night on the other blog.') && !(rows ?? '').includes('Daily News');
    await waitFor(rowsText, onlyOtherBlog);

    const showsFiltered = async (shown: Page) => {
      await expect(shown.getByLabel('Decided by').inputValue()).resolves.toBe('auto');
      await expect(shown.getByLabel('Site').inputValue()).resolves.toBe(siteB.id);
      await waitFor(() => shown.getByTestId('audit').locator('tbody').textContent(), onlyOtherBlog);
    };
    await page.reload();
    await showsFiltered(page);

    // Another moderator of that site, sent the link.
    const bea = await signedInPage(browser, server.baseUrl, 'Bea', PASSWORD);
    await bea.page.goto(filtered);
    await showsFiltered(bea.page);
    await bea.context.close();

    // Another filter is another history entry: Back returns to the filtered view.
    await page.getByLabel('Site').selectOption('');
    await page.waitForURL((url) => !url.hash.includes('siteId='));
    await waitFor(rowsText, (text) => text.includes('Daily News'));
    await page.goBack();
    await showsFiltered(page);

    // Times travel as instants; values the page does not know fall back to the defaults.
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await page.goto(`${server.baseUrl}/dashboard/#/audit?kind=bogus&by=nobody&since=${later}`);
    await audit.getByText('Nothing matches these filters.').waitFor();
    await expect(page.getByLabel('Kind').inputValue()).resolves.toBe('decisions');
    await expect(page.getByLabel('Decided by').inputValue()).resolves.toBe('human');
    const since = await page.getByLabel('Since').inputValue();
    expect(new Date(since).getTime()).toBe(Math.floor(Date.parse(later) / 60_000) * 60_000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the page loads, a strict Content-Security-Policy without inline script guards it', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, 'Mia', PASSWORD);
    const res = await page.request.get(`${server.baseUrl}/dashboard/`);
    expect(res.headers()['content-type']).toMatch(/^text\/html/);
    const csp = res.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    await page.getByRole('link', { name: 'Stats' }).click();
    await page.getByTestId('stats').locator('svg').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'stats.png'), fullPage: true });
    await context.close();
  });
});
