import request from 'supertest';
import type { Express } from 'express';
import { ADMIN_TOKEN } from './test-env';

/** Creates a site through the admin API and returns what the response shows once. */
export async function createSiteViaApi(app: Express, body: Record<string, unknown> = { name: 'Daily News' }) {
  const res = await request(app).post('/v1/sites').set('authorization', `Bearer ${ADMIN_TOKEN}`).send(body);
  if (res.status !== 201) throw new Error(`site creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; apiKey: string; webhookSecret: string; policy: Record<string, unknown> };
}

/** Creates a moderator through the admin API and returns its id and token. */
export async function createModeratorViaApi(
  app: Express,
  body: { name: string; role?: 'admin' | 'moderator'; siteIds?: string[] },
) {
  const res = await request(app)
    .post('/v1/moderators')
    .set('authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(body);
  if (res.status !== 201)
    throw new Error(`moderator creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; token: string };
}

/** Polls until `read` returns a value that `done` accepts, or fails after timeoutMs. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
