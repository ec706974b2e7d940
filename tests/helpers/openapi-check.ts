import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createOpenApiDocument } from '../../src/api/openapi';

/**
 * Checks every response the app under test sends against the OpenAPI document: the status is one the
 * operation lists (or its `default`), the media type is one it lists for that status, and a JSON or
 * enumerated-text body and every documented header passes its schema (Ajv, JSON Schema 2020-12, as
 * OpenAPI 3.1 uses). createTestApp wraps its app with `checkedApp`, so the integration tests check
 * the document against real answers, and tests/helpers/openapi-setup.ts fails the test that got an
 * answer the document does not describe. Requests to paths the document lacks are not checked here
 * (the OpenAPI test compares the document's paths with the app's routes).
 */

type Limits = Parameters<typeof createOpenApiDocument>[0];
type Document = ReturnType<typeof createOpenApiDocument>;
interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, { schema: unknown }>;
}
interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject>;
}

/** One answer as it left the app. */
export interface ObservedResponse {
  method: string;
  /** The request path, without the query string. */
  path: string;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

/** What the document says is wrong with an answer; operationId null when no operation matched. */
export interface ResponseCheck {
  operationId: string | null;
  problems: string[];
}

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Validates answers against one document; schemas are compiled once, on first use. */
export function createResponseChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document as object, 'openapi.json');
  const compiled = new Map<string, ValidateFunction>();
  const validator = (...path: string[]) => {
    const ref = `openapi.json#/${pointer(...path)}`;
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
    return validate;
  };

  // Literal paths before templated ones, so /v1/comments/batch is not taken for /v1/comments/{externalId}.
  const routes = Object.entries(document.paths as unknown as Record<string, Record<string, Operation>>)
    .flatMap(([template, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        template,
        method,
        operation,
        params: (template.match(/\{/g) ?? []).length,
        pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      })),
    )
    .sort((a, b) => a.params - b.params);

  const errorsOf = (validate: ValidateFunction) =>
    (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message}`).join('; ');

  return function check(observed: ObservedResponse): ResponseCheck {
    const method = observed.method.toLowerCase();
    const route = routes.find(
      (candidate) => candidate.method === method && candidate.pattern.test(observed.path),
    );
    if (!route) return { operationId: null, problems: [] };
    const { operation, template } = route;
    const problems: string[] = [];
    const status = String(observed.status);
    const statusKey =
      status in operation.responses ? status : 'default' in operation.responses ? 'default' : null;
    if (!statusKey) {
      return { operationId: operation.operationId, problems: [`status ${status} is not documented`] };
    }
    const spec = operation.responses[statusKey]!;
    const base = ['paths', template, method, 'responses', statusKey];

    const contentType = String(observed.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (observed.body.length === 0) {
      if (spec.content)
        problems.push(`status ${status} documents a body (${Object.keys(spec.content)}), none was sent`);
    } else if (!spec.content?.[contentType]) {
      problems.push(`status ${status} does not document ${contentType || 'a body without a type'}`);
    } else if (/json$/.test(contentType) || contentType === 'text/plain') {
      const body = observed.body.toString('utf8');
      let value: unknown = body;
      if (contentType !== 'text/plain') {
        try {
          value = JSON.parse(body);
        } catch {
          problems.push(`the ${contentType} body is not JSON`);
        }
      }
      const validate = validator(...base, 'content', contentType, 'schema');
      if (!validate(value)) problems.push(`body: ${errorsOf(validate)}`);
    }

    for (const name of Object.keys(spec.headers ?? {})) {
      const value = observed.headers[name.toLowerCase()];
      if (value === undefined) continue;
      const validate = validator(...base, 'headers', name, 'schema');
      if (!validate(String(value))) problems.push(`header ${name}: ${errorsOf(validate)}`);
    }
    return { operationId: operation.operationId, problems };
  };
}

export type ResponseChecker = ReturnType<typeof createResponseChecker>;

const checkers = new Map<string, ResponseChecker>();

/** The checker of the document the app serves with these limits (one per set of limits). */
export function responseCheckerFor(limits: Limits): ResponseChecker {
  const key = JSON.stringify(limits);
  let checker = checkers.get(key);
  if (!checker) checkers.set(key, (checker = createResponseChecker(createOpenApiDocument(limits))));
  return checker;
}

/** What the checked apps of this test file answered that the document does not describe, and which operations they answered. */
export const observed = { violations: [] as string[], operations: new Set<string>() };

/** Calls back with every answer as it is sent: its status, headers and body bytes. */
function captureAnswer(req: IncomingMessage, res: ServerResponse, done: (answer: ObservedResponse) => void) {
  // Read now: routers mounted under a path rewrite req.url while they handle the request.
  const method = req.method ?? 'GET';
  const path = (req.url ?? '/').split('?')[0]!;
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(
      Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
    );
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    done({
      method,
      path,
      status: res.statusCode,
      headers: res.getHeaders(),
      body: method === 'HEAD' ? Buffer.alloc(0) : Buffer.concat(chunks),
    });
    return end(...args);
  }) as typeof res.end;
}

/**
 * The app, with every answer checked against the document it serves. A Proxy, so the app is the
 * same object to the tests (routes, listen, supertest) but each request first passes through here.
 */
export function checkedApp(app: Express, limits: Limits): Express {
  const check = responseCheckerFor(limits);
  return new Proxy(app, {
    apply(target, thisArg, args: [IncomingMessage, ServerResponse, ...unknown[]]) {
      const [req, res] = args;
      captureAnswer(req, res, (answer) => {
        const result = check(answer);
        if (result.operationId) observed.operations.add(result.operationId);
        for (const problem of result.problems) {
          observed.violations.push(
            `${answer.method} ${answer.path} → ${answer.status} (${result.operationId}): ${problem}`,
          );
        }
      });
      return Reflect.apply(target, thisArg, args);
    },
  });
}
