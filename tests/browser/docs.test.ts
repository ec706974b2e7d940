import type { Browser } from 'playwright-core';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { hasChromium, launchChromium, listen } from '../helpers/dashboard';

const describeWithChromium = hasChromium ? describe : describe.skip;

describeWithChromium('the API docs page in Chromium', () => {
  let env: TestEnv;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  beforeAll(async () => {
    env = await createTestEnv();
    t = createTestApp(env);
    await t.ready;
    [server, browser] = await Promise.all([listen(t.app), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await env?.cleanup();
  });

  it('renders every path of /openapi.json with no CSP violation and no request elsewhere', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (req) => {
      if (!req.url().startsWith(server.baseUrl) && !req.url().startsWith('data:')) elsewhere.push(req.url());
    });
    // Init scripts run outside the page's CSP, so they can listen for its violations.
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (event) =>" +
        ' console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));',
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(`${server.baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    const api = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as { paths: object };
    const shown = await page.locator('.opblock-summary-path').allTextContents();
    const normalize = (path: string) => path.replace(/\u200b/g, '').trim();
    expect(new Set(shown.map(normalize))).toEqual(new Set(Object.keys(api.paths)));
    // Swagger UI warns in red about an OpenAPI feature it does not support (jsonSchemaDialect did).
    expect(await page.locator('.errors-wrapper').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/not supported/i);
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });
});
