import { z } from 'zod';
import { action, pageOf, publicReasonSchema, timestamp, uuid } from './openapi-schemas';

/* Schemas of what the workflow routes answer: authors, their actions, erasure, the policy preview. */

const statusCounts = z.record(z.string(), z.number().int()).describe('Comments per status.');

export const authorActionSchema = z.object({
  id: z.string().regex(/^\d+$/),
  siteId: uuid,
  authorKey: z.string(),
  action: z.enum(['trust', 'premoderate', 'suspend', 'ban', 'clear', 'reject_pending']),
  until: timestamp.nullable().describe('suspend: when it ends.'),
  reason: z.string().describe('Why, as the moderator wrote it.'),
  moderatorId: uuid.nullable().describe('Null for the operator (ADMIN_TOKEN).'),
  affected: z.number().int().nullable().describe('reject_pending: how many comments it rejected.'),
  createdAt: timestamp,
});

const standingSchema = z
  .object({
    kind: z.enum(['trusted', 'premoderate', 'suspended', 'banned']),
    until: timestamp.nullable(),
    reason: z.string(),
    updatedAt: timestamp,
  })
  .nullable()
  .describe('The standing in force; null: the policy decides alone.');

export const authorViewSchema = z.object({
  siteId: uuid,
  authorKey: z.string(),
  standing: standingSchema,
  counts: statusCounts,
  actions: z.array(authorActionSchema).describe('The latest actions on the author, newest first.'),
});

export const authorActionAnswerSchema = z.object({ action: authorActionSchema, standing: standingSchema });

export const erasureReceiptSchema = z.object({
  id: uuid,
  siteId: uuid,
  requestedBy: z.enum(['operator', 'moderator']),
  moderatorId: uuid.nullable(),
  removed: z
    .record(z.string(), z.number().int())
    .describe(
      'Counts by kind: comments, revisions, appeals, decisionNotes, deliveries, classifierExamples, ' +
        'withdrawnFromQueues, authorStandings, authorActions, authorNotes, redisKeys, redisEntries.',
    ),
  createdAt: timestamp,
});

const agreementSchema = z.object({
  agree: z.number().int(),
  falsePositives: z.number().int().describe('Held or rejected, but a person approved it.'),
  falseNegatives: z.number().int().describe('Approved, but a person rejected it.'),
});

export const policyPreviewPageSchema = z.object({
  policy: z.record(z.string(), z.unknown()).describe('The draft as merged over the current policy.'),
  range: z.object({ from: timestamp, to: timestamp }),
  scanned: z.number().int(),
  changed: z.number().int(),
  changes: z.record(z.string(), z.number().int()).describe('Changes by kind, e.g. `approve→review`.'),
  decided: z.number().int().describe('Comments of this page a person decided.'),
  agreement: z.object({ current: agreementSchema, draft: agreementSchema }),
  examples: z.array(
    z.object({
      id: uuid,
      externalId: z.string(),
      receivedAt: timestamp,
      content: z.string().describe('Its first 280 characters.'),
      current: z.object({ action, score: z.number() }),
      draft: z.object({ action, score: z.number(), reason: publicReasonSchema.nullable() }),
      decided: z.enum(['approved', 'rejected']).nullable(),
    }),
  ),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last.'),
});

/** The workflow schemas the document names, by component name. */
export const workflowSchemas = {
  AuthorView: authorViewSchema,
  AuthorActionAnswer: authorActionAnswerSchema,
  AuthorActionPage: pageOf(authorActionSchema),
  ErasureReceipt: erasureReceiptSchema,
  PolicyPreviewPage: policyPreviewPageSchema,
};
