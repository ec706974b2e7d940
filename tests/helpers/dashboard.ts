import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import type { Express } from 'express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { defaultDashboardDir } from '../../src/api/dashboard-routes';
import { ADMIN_TOKEN } from './test-env';
import { waitFor } from './fixtures';

/** Debian's Chromium; the browser tests skip, saying so, when it is not installed. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

/** The built dashboard; built here (without the type check) when a test runs before `npm run build`. */
export function ensureDashboardBuilt(): void {
  if (fs.existsSync(path.join(defaultDashboardDir(), 'app.js'))) return;
  execFileSync(process.execPath, [path.resolve(__dirname, '../../dashboard/build.mjs')], {
    stdio: 'inherit',
  });
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The app on a real HTTP server on 127.0.0.1, on a free port. */
export async function listen(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A browser context with its own cookies, signed in through the sign-in form. Every page error and
 * every dialog (alert, confirm) is recorded: hostile comments must never cause one.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  name: string,
  password: string,
  viewport = { width: 1360, height: 900 },
) {
  const context: BrowserContext = await browser.newContext({ viewport });
  const page: Page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/dashboard/`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me').waitFor();
  return { context, page, dialogs, errors };
}

/** Opens one item on its own page (#/item/<id>), as a deep link does, and waits until it shows. */
export async function openItemPage(page: Page, baseUrl: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/#/item/${id}`);
  await page.locator(`[data-testid=item][data-id="${id}"]`).waitFor();
}

/** Posts a comment as the site and waits until the worker has decided it; returns our id. */
export async function submitAndWait(
  app: Express,
  apiKey: string,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await request(app).post('/v1/comments').set('authorization', `Bearer ${apiKey}`).send(body);
  if (res.status !== 202) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  await waitFor(
    () => commentStatus(app, apiKey, String(body.id)),
    (comment) => comment.status !== 'queued',
  );
  return res.body.id as string;
}

/** The comment as the site sees it (GET /v1/comments/:externalId). */
export async function commentStatus(app: Express, apiKey: string, externalId: string) {
  const res = await request(app).get(`/v1/comments/${externalId}`).set('authorization', `Bearer ${apiKey}`);
  return res.body as { status: string; version: number };
}

export async function createSite(app: Express, body: Record<string, unknown>) {
  const res = await request(app).post('/v1/sites').set('authorization', `Bearer ${ADMIN_TOKEN}`).send(body);
  if (res.status !== 201) throw new Error(`site creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; apiKey: string; webhookSecret: string };
}

export async function createModerator(
  app: Express,
  body: { name: string; password: string; role?: 'admin' | 'moderator'; siteIds?: string[] },
) {
  const res = await request(app)
    .post('/v1/moderators')
    .set('authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(body);
  if (res.status !== 201)
    throw new Error(`moderator creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; token: string; name: string };
}

/** Phone and desktop viewports the browser tests look at the dashboard in. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 800 };

/**
 * axe-core's serious and critical violations on the page. The engine is evaluated through the
 * DevTools protocol, which the page's CSP does not govern (the page itself allows no inline script).
 */
export async function axeViolations(
  page: Page,
): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  // Strings, not functions: this file is compiled without the DOM's types.
  return page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((node) => node.target.join(' ')) })))`);
}

/** Whether the page is wider than its viewport (it would scroll sideways). */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
