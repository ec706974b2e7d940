import { ref, type OperationSpec, type ResponseSpec } from './openapi-builder';

/* Shorthands of the OpenAPI operation tables: responses and security requirements. */

export const json = (id: string, description: string): ResponseSpec => ({ description, schema: ref(id) });
export const object = (description: string): ResponseSpec => ({ description, schema: { type: 'object' } });
export const empty = (description: string): ResponseSpec => ({ description });
export const page = (description: string, contentType = 'text/html'): ResponseSpec => ({
  description,
  contentType,
  schema: { type: 'string' },
});
export const problem = (description: string): ResponseSpec => ({
  description,
  schema: ref('Problem'),
  contentType: 'application/problem+json',
});
export const text = (description: string, values?: string[]): ResponseSpec => ({
  description,
  contentType: 'text/plain',
  schema: { type: 'string', ...(values ? { enum: values } : {}) },
  headers: {
    'X-akismet-debug-help': {
      description: 'Why the call was refused, when it was.',
      schema: { type: 'string' },
    },
  },
});

export const invalid = problem('The request is not valid: `errors` lists every offending field.');
export const unauthorized = problem('No valid credential.');
export const forbidden = problem('The credential may not do this.');
export const notFound = problem('No such resource.');
export const rateLimited = problem('The site sent more than its limit; wait Retry-After seconds.');

export type Security = OperationSpec['security'];
export const SITE: Security = [{ siteKey: [] }, { signedRequest: [] }];
export const MODERATOR: Security = [{ moderatorToken: [] }, { dashboardSession: [] }];
export const ADMIN: Security = [{ adminToken: [] }, { dashboardSession: [] }];
export const SESSION: Security = [{ dashboardSession: [] }];
export const OPEN: Security = [];
