import { z } from 'zod';
import {
  action,
  commentStatus,
  pageOf,
  publicReasonSchema,
  signalSchema,
  timestamp,
  uuid,
} from './openapi-schemas';

/* Schemas of what the review, audit and dashboard-session routes answer (see openapi-schemas.ts). */

const role = z.enum(['admin', 'moderator']);

/** Counts of comments per status. */
const statusCounts = z.object({
  queued: z.number().int(),
  pending_review: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  appealed: z.number().int(),
  deleted: z.number().int(),
});

/** Trial mode: comments approved that the policy would have held or rejected. */
const observedCounts = z.object({ wouldHold: z.number().int(), wouldReject: z.number().int() });

export const appealSchema = z.object({
  id: uuid,
  commentId: uuid,
  siteId: uuid,
  version: z.number().int().describe('The comment version it contests.'),
  revision: z.number().int(),
  text: z.string().describe("The commenter's own words."),
  status: z.enum(['pending', 'upheld', 'overturned', 'withdrawn']),
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
  decidedBy: z.enum(['moderator', 'site']).nullable(),
  moderatorId: uuid.nullable(),
});

export const claimSchema = z
  .object({
    moderatorId: uuid.nullable().describe('Null for the operator (ADMIN_TOKEN).'),
    name: z.string(),
    expiresAt: timestamp,
  })
  .describe('Who has an item open, until when.');

export const reviewCommentSchema = z.object({
  id: uuid,
  siteId: uuid,
  externalId: z.string(),
  status: commentStatus,
  version: z.number().int().describe('Send it with a decision: a stale one is refused with 409.'),
  content: z.string(),
  author: z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    email: z.string().optional(),
    url: z.string().optional(),
    ip: z.string().optional(),
  }),
  authorKey: z
    .string()
    .nullable()
    .describe(
      'What author actions and erasure name the author by (`id:…` or `email:<sha256>`); null: anonymous.',
    ),
  thread: z.object({ id: z.string().optional(), url: z.string().optional(), title: z.string().optional() }),
  parentId: z.string().nullable(),
  lang: z.string().nullable(),
  score: z.number().nullable(),
  action: action.nullable(),
  signals: z.array(signalSchema),
  reason: publicReasonSchema.nullable(),
  observed: z.boolean().describe('Trial mode: the verdict was only observed; the comment was approved.'),
  revision: z.number().int().describe('1, and one more with every edit the site sent.'),
  anonymisedAt: timestamp.nullable().describe('When retention or erasure removed its personal data.'),
  createdAt: timestamp.nullable().describe('When the site says it was written.'),
  receivedAt: timestamp,
  decidedAt: timestamp.nullable(),
});

export const queueItemSchema = reviewCommentSchema.extend({ claimedBy: claimSchema.nullable() });

export const decisionSchema = z.object({
  id: z.string().regex(/^\d+$/),
  commentId: uuid,
  siteId: uuid,
  version: z.number().int(),
  fromStatus: commentStatus,
  toStatus: commentStatus,
  action: z
    .enum(['approve', 'review', 'reject', 'edit', 'delete', 'appeal', 'erase'])
    .describe('A verdict, or what the site (edit, delete, appeal) or an erasure did.'),
  decidedBy: z.enum(['auto', 'moderator', 'site']),
  moderatorId: uuid.nullable(),
  score: z.number().nullable(),
  reason: z.string().nullable().describe("The decider's own words."),
  reasonCode: z.string().nullable().describe('The public reason the commenter is told.'),
  observed: z.boolean().describe("Trial mode: the worker's verdict was only observed."),
  note: z.string().nullable(),
  undoes: z.string().regex(/^\d+$/).nullable().describe('The decision this one undid, if it is an undo.'),
  createdAt: timestamp,
});

export const authorNoteSchema = z.object({
  id: z.string().regex(/^\d+$/),
  siteId: uuid,
  moderatorId: uuid.nullable(),
  body: z.string(),
  createdAt: timestamp,
});

export const reviewItemSchema = queueItemSchema.extend({
  authorHistory: z
    .object({
      counts: statusCounts,
      recent: z.array(
        z.object({ id: uuid, status: commentStatus, receivedAt: timestamp, content: z.string() }),
      ),
      notes: z.array(authorNoteSchema).describe("Moderators' notes on the author, newest first."),
    })
    .nullable()
    .describe("The author's other comments on the site; null for an anonymous comment."),
  decisions: z.array(decisionSchema).describe('Oldest first.'),
  revisions: z
    .array(
      z.object({
        revision: z.number().int(),
        content: z.string(),
        receivedAt: timestamp,
        verdict: z.object({ action, score: z.number(), signals: z.array(signalSchema) }).nullable(),
        diff: z
          .array(z.object({ op: z.enum(['same', 'removed', 'added']), text: z.string() }))
          .nullable()
          .describe('What this revision changed from the one before, word by word; null for the first.'),
      }),
    )
    .describe('The edit history, oldest first, the current text last; empty if never edited.'),
  appeals: z.array(appealSchema).describe("The commenter's appeals, oldest first."),
});

export const claimAnswerSchema = z.object({ id: uuid, claimedBy: claimSchema, ttlSeconds: z.number().int() });

export const reviewStatsSchema = z.object({
  counts: statusCounts,
  range: z.object({ from: timestamp, to: timestamp, bucket: z.enum(['hour', 'day']) }).optional(),
  series: z
    .array(
      z.object({
        start: timestamp,
        verdicts: z.object({
          approved: z.number().int(),
          pending_review: z.number().int(),
          rejected: z.number().int(),
        }),
        decisions: z.object({ approved: z.number().int(), rejected: z.number().int() }),
        observed: observedCounts,
        medianSecondsToDecision: z.number().nullable(),
        checks: z.record(z.string(), z.number().int()).describe('Comments each check fired on.'),
      }),
    )
    .optional(),
  moderators: z
    .array(
      z.object({
        moderatorId: uuid.nullable(),
        name: z.string(),
        approved: z.number().int(),
        rejected: z.number().int(),
        total: z.number().int(),
      }),
    )
    .optional(),
  medianSecondsToDecision: z.number().nullable().optional(),
  checks: z
    .array(z.object({ check: z.string(), code: z.string(), count: z.number().int() }))
    .optional()
    .describe('Comments per check and signal code over the range.'),
  observed: observedCounts.optional(),
});

export const directorySchema = z.object({
  sites: z.array(
    z.object({ id: uuid, name: z.string(), reviewThreshold: z.number(), rejectThreshold: z.number() }),
  ),
  moderators: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      role,
      active: z.boolean().describe('False once disabled or removed.'),
    }),
  ),
});

const signedInSchema = z.object({
  signedIn: z.literal(true).optional().describe('Present on GET /v1/session.'),
  moderator: z.object({ id: uuid, name: z.string(), role, siteIds: z.array(uuid) }),
  csrfToken: z.string().describe('Send it as x-csrf-token with every change made with the cookie.'),
  expiresAt: timestamp,
});

export const sessionSchema = z.union([signedInSchema, z.object({ signedIn: z.literal(false) })]);

/** The review schemas the document names, by component name. */
export const reviewSchemas = {
  ReviewComment: reviewCommentSchema,
  QueueItem: queueItemSchema,
  QueuePage: pageOf(queueItemSchema),
  ReviewItem: reviewItemSchema,
  Claim: claimSchema,
  ClaimAnswer: claimAnswerSchema,
  Decision: decisionSchema,
  AuditPage: pageOf(decisionSchema.extend({ externalId: z.string(), excerpt: z.string() })),
  ReviewStats: reviewStatsSchema,
  Directory: directorySchema,
  Session: sessionSchema,
};
