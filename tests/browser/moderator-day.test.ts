import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWorkers } from '../../src/processes/workers';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/fixtures';
import {
  axeViolations,
  commentStatus,
  createModerator,
  createSite,
  DESKTOP,
  ensureDashboardBuilt,
  hasChromium,
  launchChromium,
  listen,
  overflowsSideways,
  PHONE,
  SCREENSHOTS,
  signedInPage,
  submitAndWait,
} from '../helpers/dashboard';

const describeWithChromium = hasChromium ? describe : describe.skip;
const PASSWORD = 'correct horse battery';

/**
 * A moderator's day in Chromium, against two api processes' apps on one PostgreSQL and Redis (as
 * two servers behind a load balancer): search, deep links, undo, live updates between colleagues,
 * the phone layout, and axe on every page at both widths, with a screenshot of each.
 */
describeWithChromium("a moderator's day in Chromium", () => {
  let env: TestEnv;
  let one: TestApp;
  let two: TestApp;
  let serverOne: Awaited<ReturnType<typeof listen>>;
  let serverTwo: Awaited<ReturnType<typeof listen>>;
  let stopWorkers: () => Promise<void>;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof createSite>>;
  const ids: Record<string, string> = {};
  let post: (id: string, content: string, author?: Record<string, string>) => Promise<string>;

  beforeAll(async () => {
    ensureDashboardBuilt();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    env = await createTestEnv({ SWEEP_EVERY_MS: '60000' });
    one = createTestApp(env);
    two = createTestApp(env);
    [serverOne, serverTwo, stopWorkers, browser] = await Promise.all([
      listen(one.app),
      listen(two.app),
      startWorkers(env.config, silentLogger),
      launchChromium(),
    ]);
    site = await createSite(one.app, { name: 'Daily News', policy: { flaggedTerms: ['casino', 'viagra'] } });
    await createModerator(one.app, { name: 'Mia', password: PASSWORD, siteIds: [site.id] });
    await createModerator(one.app, { name: 'Ben', password: PASSWORD, siteIds: [site.id] });
    await createModerator(one.app, { name: 'Ada', password: PASSWORD, role: 'admin' });
    post = async (id, content, author = { id: `reader-${id}`, name: 'Reader' }) =>
      (ids[id] = await submitAndWait(one.app, site.apiKey, {
        id,
        content,
        author,
        thread: { id: 'budget', title: 'City budget' },
      }));
    await post('pills', 'Cheap viagra, write to me', {
      id: 'u-9',
      name: 'Pill Seller',
      email: 'deals@spam-mail.example',
    });
    await post('casino-1', 'Casino night at the harbour');
    await post('casino-2', 'Another casino comment');
    await post('fine', 'A thoughtful remark on the budget');
  });

  afterAll(async () => {
    await browser?.close();
    await serverOne?.close();
    await serverTwo?.close();
    await stopWorkers?.();
    await one?.close();
    await two?.close();
    await env?.cleanup();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('search finds a comment by part of an e-mail in every status, and the search, the status and the open item are the URL', async () => {
    const { context, page, errors } = await signedInPage(browser, serverOne.baseUrl, 'Mia', PASSWORD);
    await page.getByTestId('search').fill('spam-mail');
    await page.getByTestId('search').press('Enter');
    await page.waitForURL(/q=spam-mail/);
    await page.locator(`.row[data-id="${ids['casino-2']}"]`).waitFor({ state: 'detached' });
    expect(
      await page.locator('.list .row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id'))),
    ).toEqual([ids.pills]);
    await page.locator('.tab[data-status=all]').click();
    await page.waitForURL(new RegExp(`status=all.*item=${ids.pills}`));
    expect(page.url()).toMatch(/q=spam-mail/);
    await page.locator(`[data-testid=item][data-id="${ids.pills}"]`).waitFor();
    expect(page.url()).toContain(`item=${ids.pills}`);

    // The address alone opens the same view in a new tab; Back returns to the previous one.
    const link = page.url();
    const other = await context.newPage();
    await other.goto(link);
    await other.locator(`[data-testid=item][data-id="${ids.pills}"]`).waitFor();
    expect(await other.getByTestId('search').inputValue()).toBe('spam-mail');
    await other.getByTestId('search').fill('casino');
    await other.getByTestId('search').press('Enter');
    await other.locator(`.row[data-id="${ids['casino-1']}"]`).waitFor();
    await other.goBack();
    await other.locator(`[data-testid=item][data-id="${ids.pills}"]`).waitFor();
    expect(await other.getByTestId('search').inputValue()).toBe('spam-mail');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a decision carries a note; Undo puts the comment back with its callback; a decision that changes nothing says so', async () => {
    const { context, page, errors } = await signedInPage(browser, serverOne.baseUrl, 'Mia', PASSWORD);
    await page.goto(`${serverOne.baseUrl}/dashboard/#/queue?item=${ids['casino-1']}`);
    await page.locator(`[data-testid=item][data-id="${ids['casino-1']}"]`).waitFor();
    await expect(page.getByTestId('score-line').textContent()).resolves.toMatch(
      /held \(review at 3\); .* automatic rejection at 9/,
    );
    await page.getByTestId('decision-note').fill('Local event, fine');
    await page.getByTestId('approve').click();
    await page.locator('.toast', { hasText: 'Comment approved.' }).waitFor();
    await waitFor(
      () => commentStatus(one.app, site.apiKey, 'casino-1'),
      (c) => c.status === 'approved',
    );
    const note = await env.pool.query(
      `SELECT note FROM decisions WHERE comment_id = $1 AND decided_by = 'moderator'`,
      [ids['casino-1']],
    );
    expect(note.rows).toEqual([{ note: 'Local event, fine' }]);
    await shot(page, 'undo-toast-desktop');
    await page.locator('.toast button', { hasText: 'Undo' }).click();
    await waitFor(
      () => commentStatus(one.app, site.apiKey, 'casino-1'),
      (c) => c.status === 'pending_review' && c.version === 4,
    );

    // "My decisions" lists both, the undo last; the approval can no longer be undone.
    await page.getByRole('link', { name: 'My decisions' }).click();
    const rows = page.getByTestId('recent').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toContain('(undo)');
    expect(await rows.nth(1).textContent()).toContain('Local event, fine');

    // Approving an item that is approved already records nothing, and says so.
    await page.goto(`${serverOne.baseUrl}/dashboard/#/item/${ids.fine}`);
    await page.locator(`[data-testid=item][data-id="${ids.fine}"][data-status=approved]`).waitFor();
    await expect(page.locator('h3', { hasText: 'Why it was approved' }).count()).resolves.toBe(1);
    await page.keyboard.press('a');
    await page
      .locator('.toast', { hasText: 'Already approved: nothing changed, nothing recorded.' })
      .waitFor();
    expect((await commentStatus(one.app, site.apiKey, 'fine')).version).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('two moderators on two api servers see held items, claims and decisions live, with no page reload', async () => {
    const mia = await signedInPage(browser, serverOne.baseUrl, 'Mia', PASSWORD);
    const ben = await signedInPage(browser, serverTwo.baseUrl, 'Ben', PASSWORD);
    // Live, both poll once a minute: what arrives within seconds came by the event stream.
    await mia.page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
    await ben.page.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
    const started = Date.now();
    const fresh = await post('live-1', 'A fresh casino offer');
    await mia.page.locator(`.row[data-id="${fresh}"]`).waitFor({ timeout: 5_000 });
    await ben.page.locator(`.row[data-id="${fresh}"]`).waitFor({ timeout: 5_000 });
    console.log(`live: a held comment reached both dashboards ${Date.now() - started} ms after intake`);

    await mia.page.goto(`${serverOne.baseUrl}/dashboard/#/queue?item=${fresh}`);
    await mia.page.locator(`[data-testid=item][data-id="${fresh}"]`).waitFor();
    await ben.page
      .locator(`.row[data-id="${fresh}"] [data-testid=row-claim]`, { hasText: 'Open by Mia' })
      .waitFor({ timeout: 5_000 });
    await shot(ben.page, 'live-claim-desktop');
    await mia.page.keyboard.press('a');
    await ben.page.locator(`.row[data-id="${fresh}"]`).waitFor({ state: 'detached', timeout: 5_000 });
    expect([...mia.errors, ...ben.errors]).toEqual([]);
    await Promise.all([mia.context.close(), ben.context.close()]);
  });

  it('a bulk decision over two items asks first, and says what it is about to do', async () => {
    const { context, page } = await signedInPage(browser, serverOne.baseUrl, 'Mia', PASSWORD);
    await page.getByTestId('search').fill('casino');
    await page.getByTestId('search').press('Enter');
    await page.waitForURL(/q=casino/);
    const checks = page.locator('.list .row input[type=checkbox]');
    await checks.nth(1).waitFor();
    await checks.nth(0).check();
    await checks.nth(1).check();
    await page.getByRole('button', { name: 'Approve all…' }).click();
    await expect(page.getByTestId('confirm-message').textContent()).resolves.toMatch(/Scores \d/);
    await shot(page, 'bulk-confirm-desktop');
    await page.getByRole('button', { name: /^Cancel/ }).click();
    expect((await commentStatus(one.app, site.apiKey, 'casino-2')).status).toBe('pending_review');
    await context.close();
  });

  it('the page loads without an error in its console (no 401 for "am I signed in?"), and an admin opens the queue board without one', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const problems: string[] = [];
    // A claim refused because a colleague holds the item (409) is an answer the page expects.
    const expected = (res: { status(): number; url(): string }) =>
      res.status() === 409 && res.url().endsWith('/claim');
    page.on(
      'response',
      (res) => res.status() >= 400 && !expected(res) && problems.push(`${res.status()} ${res.url()}`),
    );
    page.on(
      'console',
      (message) =>
        message.type() === 'error' && !/status of 409/.test(message.text()) && problems.push(message.text()),
    );
    await page.goto(`${serverOne.baseUrl}/dashboard/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.list .row').first().waitFor();
    // Keyboard: "/" goes to search, and the focused control is outlined.
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('search');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.getByRole('link', { name: 'Queue board' }).click();
    await page.waitForURL(/\/admin\/queues/);
    await page.getByText('moderation', { exact: true }).first().waitFor();
    await shot(page, 'queue-board-desktop');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('on a phone, nothing scrolls sideways, the sections sit behind Menu, and an item opens as its own view', async () => {
    const { context, page, errors } = await signedInPage(browser, serverOne.baseUrl, 'Mia', PASSWORD, PHONE);
    const row = page.locator(`.row[data-id="${ids['casino-2']}"]`);
    await row.waitFor();
    expect(await page.getByTestId('item-panel').isVisible()).toBe(false);
    expect(await overflowsSideways(page)).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Audit' }).waitFor();
    await page.getByRole('button', { name: 'Menu' }).click();
    await row.locator('.row-link').click();
    await page.locator(`[data-testid=item][data-id="${ids['casino-2']}"]`).waitFor();
    expect(await page.getByTestId('queue').isVisible()).toBe(false);
    expect(await overflowsSideways(page)).toBe(false);
    await page.goBack();
    await row.waitFor();
    expect(await page.getByTestId('item-panel').isVisible()).toBe(false);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await overflowsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('axe finds no serious or critical violation on any page, at desktop and phone widths; every page has its screenshot', async () => {
    const report: Record<string, string[]> = {};
    for (const [width, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const login = await browser.newPage({ viewport });
      await login.goto(`${serverOne.baseUrl}/dashboard/`);
      await login.getByRole('button', { name: 'Sign in' }).waitFor();
      report[`login-${width}`] = (await axeViolations(login)).map((v) => `${v.id} ${v.nodes.join(', ')}`);
      await shot(login, `login-${width}`);
      expect(await overflowsSideways(login)).toBe(false);
      await login.close();

      const { context, page } = await signedInPage(browser, serverOne.baseUrl, 'Ada', PASSWORD, viewport);
      const pages: Array<[string, string, string]> = [
        ['queue', '#/queue', '.list .row'],
        ['item', `#/queue?item=${ids['casino-2']}`, '[data-testid=item] [data-testid=signals]'],
        ['recent', '#/recent', '[data-testid=recent] > *'],
        ['stats', '#/stats', '[data-testid=stats] svg'],
        ['audit', '#/audit', '[data-testid=audit] > *'],
        ['sites', '#/sites', '[data-testid=site-settings] table'],
        ['people', '#/people', 'h2'],
      ];
      for (const [name, hash, ready] of pages) {
        await page.goto(`${serverOne.baseUrl}/dashboard/${hash}`);
        await page.locator(ready).first().waitFor();
        if (name === 'people') await page.locator('.side-list button').first().click();
        await shot(page, `${name}-${width}`);
        report[`${name}-${width}`] = [
          ...(await axeViolations(page)).map((v) => `${v.id} ${v.nodes.join(', ')}`),
          ...((await overflowsSideways(page)) ? ['the page scrolls sideways'] : []),
        ];
      }
      await context.close();
    }
    console.log(`axe serious/critical violations and overflow per page: ${JSON.stringify(report)}`);
    expect(Object.values(report).flat()).toEqual([]);
  });
});
