import { z } from 'zod';
import { commentStatus, pageOf, uuid } from './openapi-schemas';
import { authorNoteSchema, decisionSchema, reviewCommentSchema } from './openapi-review-schemas';

/* Schemas of what the routes of a moderator's day answer (see openapi-dashboard-paths.ts). */

const myDecisionSchema = decisionSchema.extend({
  externalId: z.string(),
  excerpt: z.string(),
  current: z
    .object({ status: commentStatus, version: z.number().int() })
    .describe('Where the comment stands now.'),
  undoable: z.boolean().describe('Nobody changed the comment since, and it was not undone yet.'),
});

/** The dashboard's schemas the document names, by component name. */
export const dashboardSchemas = {
  DecisionAnswer: reviewCommentSchema.extend({
    changed: z
      .boolean()
      .describe('False when the item already had that status: nothing was recorded or sent.'),
  }),
  MyDecisionPage: pageOf(myDecisionSchema),
  AuthorNote: authorNoteSchema,
  LookupPage: pageOf(z.object({ id: z.string(), label: z.string().nullable(), comments: z.number().int() })),
  TokenReset: z.object({ id: uuid, token: z.string().describe('Shown once.') }),
  PolicySchema: z.object({
    schema: z.record(z.string(), z.unknown()).describe('JSON Schema (2020-12) of a policy as sent.'),
    defaults: z.record(z.string(), z.unknown()),
  }),
};
