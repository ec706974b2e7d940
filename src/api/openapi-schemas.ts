import { z } from 'zod';

/*
 * Schemas of what the API answers, for the OpenAPI document only: responses are built by code
 * (presentComment, the repositories), not parsed, so these describe them and validate nothing.
 */

const action = z.enum(['approve', 'review', 'reject']);

export const signalSchema = z.object({
  check: z.string().describe('The check that emitted it, e.g. profanity.'),
  code: z.string().describe('Stable snake_case code, e.g. too_many_links.'),
  score: z.number(),
  message: z.string().describe('Why it fired, for a moderator.'),
  spans: z
    .array(z.object({ start: z.number().int(), end: z.number().int() }))
    .optional()
    .describe('Offending ranges of the content, [start, end) in UTF-16 code units.'),
  force: z.enum(['review', 'reject']).optional(),
});

export const verdictSchema = z.object({ action, score: z.number(), signals: z.array(signalSchema) });

export const commentViewSchema = z.object({
  id: z.uuid().describe("The service's id of the comment."),
  externalId: z.string().describe("The site's own id of the comment."),
  siteId: z.uuid(),
  status: z.enum(['queued', 'approved', 'pending_review', 'rejected']),
  version: z.number().int().describe('Grows with every change of status; callbacks carry it.'),
  verdict: verdictSchema.nullable(),
  receivedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
});

export const batchResultSchema = z.object({
  items: z.array(
    commentViewSchema.extend({ created: z.boolean().describe('False: the id was sent before.') }),
  ),
});

export const problemSchema = z
  .looseObject({
    type: z.url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().describe('The snake_case code the type URL ends with.'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('For validation_failed: every offending field, by path (body.author.email).'),
  })
  .describe('An RFC 9457 problem document (application/problem+json).');

export const siteSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  callbackUrl: z.string().nullable(),
  policy: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const createdSiteSchema = siteSchema.extend({
  apiKey: z.string().describe('Shown once.'),
  webhookSecret: z.string().describe('Shown once.'),
});

/** A page of a list: pass nextCursor as `cursor` for the next one. */
export const pageSchema = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
});

export const healthSchema = z.object({
  status: z.string(),
  checks: z.object({ postgres: z.boolean(), redis: z.boolean() }).optional(),
});

/** Everything the document names, by component name. */
export const responseSchemas = {
  Signal: signalSchema,
  Verdict: verdictSchema,
  Comment: commentViewSchema,
  CommentBatchResult: batchResultSchema,
  Problem: problemSchema,
  Site: siteSchema,
  CreatedSite: createdSiteSchema,
  Page: pageSchema,
  Health: healthSchema,
};
