import request from 'supertest';
import type { Express } from 'express';
import { validate, compileErrors } from '@readme/openapi-parser';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { bearer, expectProblem, expectValidationPaths } from '../helpers/problems';
import { createSiteViaApi } from '../helpers/fixtures';

let env: TestEnv;
let t: TestApp;
// A limit other than the default, to see that the document follows the configuration.
const MAX_CONTENT_CHARS = 5_000;
beforeAll(async () => {
  env = await createTestEnv({ MAX_CONTENT_CHARS: String(MAX_CONTENT_CHARS) });
  t = createTestApp(env);
  await t.ready;
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
  name?: string;
}

/** Every method and path the app routes, read from Express's router, with paths as OpenAPI writes them. */
function servedRoutes(app: Express): string[] {
  const served = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          const openApiPath = (path.replace(/\/$/, '') || '/').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
          for (const method of Object.keys(layer.route.methods)) served.add(`${method} ${openApiPath}`);
        }
      } else if (layer.handle?.stack) {
        // Routers are mounted at the root, so their routes carry whole paths; a prefix would hide them.
        if (!layer.slash)
          throw new Error(`a router (${layer.name}) is mounted under a path: list its routes here`);
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...served].sort();
}

const fetchDocument = async () => {
  const res = await request(t.app).get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.body;
};

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document));
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it('describes every route the app serves, and only those', async () => {
    const document = await fetchDocument();
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .sort();
    const served = servedRoutes(t.app);
    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('describes requests with the zod schemas the routes validate with, and their configured limits', async () => {
    const { components, paths } = await fetchDocument();
    const submission = components.schemas.CommentSubmission;
    expect(submission.required).toEqual(['id', 'content']);
    expect(submission.additionalProperties).toBe(false);
    expect(submission.properties.content.maxLength).toBe(MAX_CONTENT_CHARS);
    expect(submission.properties.author.properties.email.format).toBe('email');
    expect(components.schemas.CommentBatch.properties.comments).toMatchObject({
      maxItems: env.config.MAX_BATCH,
      items: { $ref: '#/components/schemas/CommentSubmission' },
    });
    expect(paths['/v1/comments'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CommentSubmission',
    });
    expect(paths['/v1/comments'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Prefer', in: 'header' }),
    );
    const queueParameters = paths['/v1/review/queue'].get.parameters;
    expect(queueParameters).toContainEqual(
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        schema: expect.objectContaining({ maximum: 200 }),
      }),
    );
    // Signed intake's headers, and no `default` on request properties (generators would make them required).
    for (const path of ['/v1/comments', '/v1/comments/batch']) {
      expect(paths[path].post.parameters).toContainEqual(
        expect.objectContaining({
          name: 'x-site-id',
          in: 'header',
          schema: { type: 'string', format: 'uuid' },
        }),
      );
    }
    expect(submission.properties.author).not.toHaveProperty('default');
    expect(submission.properties.author.description).toMatch(/Default: \{\}/);
    expect(JSON.stringify(components.schemas.ModeratorCreate)).not.toContain('"default"');
    const akismet = paths['/1.1/comment-check'].post.requestBody.content['application/x-www-form-urlencoded'];
    expect(akismet.schema).toEqual({ $ref: '#/components/schemas/AkismetCommentForm' });
    expect(components.schemas.AkismetCommentForm.required).toEqual(['blog', 'user_ip']);
  });

  it('when a comment breaks a limit the document states, the route refuses it, and accepts it at the limit', async () => {
    const { components } = await fetchDocument();
    const max = components.schemas.CommentSubmission.properties.content.maxLength;
    const { apiKey } = await createSiteViaApi(t.app);
    const post = (id: string, content: string) =>
      request(t.app).post('/v1/comments').set('authorization', bearer(apiKey)).send({ id, content });
    expect(expectValidationPaths(await post('too-long', 'a'.repeat(max + 1)))).toEqual(['body.content']);
    expect((await post('at-limit', 'a'.repeat(max))).status).toBe(202);
  });
});

describe('GET /docs', () => {
  it('is a page that renders the document with its own files only, under a strict CSP', async () => {
    const res = await request(t.app).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    // No inline script: every script tag loads a file, and every file is served here.
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const files = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(files).toEqual(
      expect.arrayContaining([
        'docs/swagger-ui.css',
        'docs/swagger-ui-bundle.js',
        'docs/docs.js',
        'openapi.json',
      ]),
    );
    for (const file of files) {
      const asset = await request(t.app).get(`/${file}`);
      expect({ file, status: asset.status }).toEqual({ file, status: 200 });
    }
  });

  it('serves the script that starts Swagger UI on /openapi.json, and the bundle as JavaScript', async () => {
    const init = await request(t.app).get('/docs/docs.js');
    expect(init.headers['content-type']).toMatch(/^application\/javascript/);
    expect(init.text).toContain('url: "openapi.json"');
    const bundle = await request(t.app).get('/docs/swagger-ui-bundle.js');
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.text.length).toBeGreaterThan(100_000);
  });

  it.each([['nope.js'], ['__proto__'], ['..%2Fpackage.json']])(
    'when %s is asked for, it answers 404',
    async (name) => {
      expectProblem(await request(t.app).get(`/docs/${name}`), 404, 'not_found');
    },
  );
});
