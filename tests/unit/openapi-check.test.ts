import { createOpenApiDocument } from '../../src/api/openapi';
import { createResponseChecker, type ObservedResponse } from '../helpers/openapi-check';

/** The checker the integration tests rely on: it must refuse what the document does not describe. */
const check = createResponseChecker(createOpenApiDocument({ maxContentChars: 100, maxBatch: 10 }));

const comment = {
  id: '5d0c9a43-3f55-4b8e-9d0e-6f2f1f8e6b1a',
  externalId: 'c-1',
  siteId: '6f1c1d39-1c1a-4c7e-9c1e-1b2b3c4d5e6f',
  status: 'queued',
  version: 1,
  revision: 1,
  verdict: null,
  reason: null,
  receivedAt: '2026-11-27T17:36:16.509Z',
  decidedAt: null,
};
const answer = (overrides: Partial<ObservedResponse> & { json?: unknown }): ObservedResponse => ({
  method: 'GET',
  path: '/v1/comments/c-1',
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: Buffer.from(JSON.stringify(overrides.json ?? comment)),
  ...overrides,
});

describe('the OpenAPI response check', () => {
  it('passes an answer the document describes, naming its operation', () => {
    expect(check(answer({}))).toEqual({ operationId: 'getComment', problems: [] });
  });

  it.each([
    [
      'a field the schema lacks',
      { json: { ...comment, secret: 'x' } },
      /must NOT have additional properties/,
    ],
    [
      'a missing field',
      { json: { ...comment, version: undefined } },
      /must have required property 'version'/,
    ],
    ['a wrong type', { json: { ...comment, status: 'lost' } }, /must be equal to one of the allowed values/],
    [
      'an undocumented media type',
      { headers: { 'content-type': 'text/html' } },
      /does not document text\/html/,
    ],
    ['a body that is not JSON', { body: Buffer.from('{oops') }, /is not JSON/],
    ['no body where one is documented', { body: Buffer.alloc(0) }, /documents a body/],
  ])('refuses %s', (_case, overrides, problem) => {
    const result = check(answer(overrides as Partial<ObservedResponse>));
    expect(result.problems.join('\n')).toMatch(problem);
  });

  it('holds any other status to the default answer: a problem document', () => {
    const json = check(answer({ status: 418, json: { teapot: true } }));
    expect(json.problems.join('\n')).toMatch(/status 418 does not document application\/json/);
    const problem = check(
      answer({
        status: 418,
        headers: { 'content-type': 'application/problem+json' },
        json: { teapot: true },
      }),
    );
    expect(problem.problems.join('\n')).toMatch(/must have required property 'type'/);
  });

  it('checks the headers the document describes', () => {
    const checked = check(
      answer({
        method: 'POST',
        path: '/1.1/comment-check',
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-akismet-guid': 'not-a-uuid' },
        body: Buffer.from('false'),
      }),
    );
    expect(checked.problems.join('\n')).toMatch(/header X-akismet-guid: .*must match format "uuid"/);
  });

  it('leaves paths the document lacks to the route test', () => {
    expect(check(answer({ path: '/nowhere' }))).toEqual({ operationId: null, problems: [] });
  });
});
