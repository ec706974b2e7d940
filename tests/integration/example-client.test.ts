import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_TOKEN, createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createAdminClient, createSiteClient, moderate } from '../../examples/client/client';

/**
 * The example's client, generated from the OpenAPI document (openapi-typescript + openapi-fetch),
 * against the real api over HTTP: it compiles (npm run lint) and it works.
 */
let env: TestEnv;
let t: TestApp;
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  server = await new Promise<Server>((resolve) => {
    const listening = t.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  await env.cleanup();
});

it('an admin creates a site and the site submits, reads and corrects a comment, all typed', async () => {
  const admin = createAdminClient(baseUrl, ADMIN_TOKEN);
  const created = await admin.POST('/v1/sites', { body: { name: 'Typed client' } });
  expect(created.response.status).toBe(201);
  const site = created.data!;
  expect(site.apiKey).toMatch(/^sk-/);

  const client = createSiteClient(baseUrl, site.apiKey);
  // author, thread and meta have defaults: the generated types leave them optional.
  const comment = await moderate(client, { id: 'typed-1', content: 'A thoughtful remark.' }, 1);
  expect(comment).toMatchObject({ externalId: 'typed-1', siteId: site.id, status: 'queued' });

  const read = await client.GET('/v1/comments/{externalId}', { params: { path: { externalId: 'typed-1' } } });
  expect(read.data?.id).toBe(comment.id);
  const feedback = await client.POST('/v1/comments/{externalId}/feedback', {
    params: { path: { externalId: 'typed-1' } },
    body: { label: 'spam' },
  });
  expect(feedback.data).toMatchObject({ status: 'rejected', version: 2 });

  const missing = await client.GET('/v1/comments/{externalId}', { params: { path: { externalId: 'nope' } } });
  expect(missing.response.status).toBe(404);
  expect(missing.error).toMatchObject({ code: 'not_found', status: 404 });
});

it('a bad request comes back as a typed problem, which moderate throws with its code', async () => {
  const client = createSiteClient(baseUrl, `sk-${'a'.repeat(52)}`);
  await expect(moderate(client, { id: 'x', content: 'y' })).rejects.toThrow(/^401 unauthorized/);
});
