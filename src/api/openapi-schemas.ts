import { z } from 'zod';
import { COMMENT_STATUSES } from '../db/comments-repository';

/*
 * Schemas of what the API answers, for the OpenAPI document: responses are built by code
 * (presentComment, the repositories), not parsed, so these describe them and validate nothing at run
 * time. The integration tests check every real response against them (tests/helpers/openapi-check.ts),
 * so they cannot drift: a field added or dropped in a response fails a test until it is described.
 */

export const uuid = z.uuid();
export const timestamp = z.iso.datetime().describe('ISO 8601, UTC.');
export const action = z.enum(['approve', 'review', 'reject']);
export const commentStatus = z.enum(COMMENT_STATUSES);

/** A page of a list: pass nextCursor as `cursor` for the next one. */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last.'),
  });

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

export const publicReasonSchema = z
  .object({ code: z.string(), text: z.string() })
  .describe("Why the comment is held or rejected, in the site's words, to show the commenter.");

export const commentViewSchema = z.object({
  id: uuid.describe("The service's id of the comment."),
  externalId: z.string().describe("The site's own id of the comment."),
  siteId: uuid,
  status: commentStatus,
  version: z.number().int().describe('Grows with every change of status; callbacks carry it.'),
  revision: z.number().int().describe('1, and one more with every edit (PUT).'),
  verdict: verdictSchema.nullable(),
  reason: publicReasonSchema.nullable(),
  wouldBe: z
    .object({ status: commentStatus, action, reason: publicReasonSchema.nullable() })
    .optional()
    .describe('Trial mode (`mode: observe`): what the verdict would have done; the comment was approved.'),
  appeal: z
    .object({
      id: uuid,
      status: z.enum(['pending', 'upheld', 'overturned', 'withdrawn']),
      createdAt: timestamp,
      decidedAt: timestamp.nullable(),
    })
    .nullable()
    .optional()
    .describe('GET and appeal only: the latest appeal, null if never appealed.'),
  receivedAt: timestamp,
  decidedAt: timestamp.nullable(),
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
  .describe('An RFC 9457 problem document (application/problem+json); some codes add members.');

export const siteSchema = z.object({
  id: uuid,
  name: z.string(),
  callbackUrl: z.string().nullable(),
  callbackDisabled: z
    .object({
      at: timestamp,
      code: z
        .enum(['gone', 'failing'])
        .describe('gone: it answered 410 Gone; failing: it failed for too long.'),
      reason: z.string(),
    })
    .nullable()
    .describe('Why deliveries disabled the callback; null until they do, and again once a URL is set.'),
  callbackFailingSince: timestamp
    .nullable()
    .describe('Since when every callback attempt has failed; null while the callback works.'),
  policy: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const createdSiteSchema = siteSchema.extend({
  apiKey: z.string().describe('Shown once. Host-safe: it may be sent to the Akismet API as <key>.<host>.'),
  webhookSecret: z.string().describe('Shown once.'),
});

export const keyRotationSchema = z.object({
  apiKey: z.string().describe('Shown once.'),
  previousKeyValidUntil: timestamp.nullable().describe('Until when the old key works; null: it stopped.'),
});

export const secretRotationSchema = z.object({
  webhookSecret: z.string().describe('Shown once.'),
  previousSecretValidUntil: timestamp
    .nullable()
    .describe('Until when callbacks also carry the old signature.'),
});

/** What every callback says first of its comment: which comment, its status and version. */
const eventSubject = {
  id: uuid,
  externalId: z.string(),
  siteId: uuid,
  status: commentStatus,
  version: z.number().int().describe('Keep the highest per externalId: retries can reorder events.'),
};

export const verdictEventSchema = z
  .object({
    type: z.literal('comment.verdict'),
    timestamp,
    data: z.object({
      ...eventSubject,
      action: action.nullable(),
      score: z.number().nullable(),
      signals: z.array(signalSchema),
      decidedBy: z.enum(['auto', 'moderator', 'site']),
      reason: publicReasonSchema.nullable().describe('Null when approved.'),
      wouldBe: z
        .object({ status: commentStatus, action, reason: publicReasonSchema.nullable() })
        .optional()
        .describe('Trial mode: what the verdict would have done; the comment was approved.'),
    }),
  })
  .describe('The body of a comment.verdict callback.');

export const appealDecidedEventSchema = z
  .object({
    type: z.literal('comment.appeal_decided'),
    timestamp,
    data: z.object({
      ...eventSubject,
      appealId: uuid,
      outcome: z.enum(['upheld', 'overturned']),
      decidedBy: z.enum(['moderator', 'site']),
      reason: publicReasonSchema.nullable().describe('Why it stays rejected; null when overturned.'),
    }),
  })
  .describe('The body of a comment.appeal_decided callback: the answer to an appeal.');

const attemptSchema = z.object({
  attemptedAt: timestamp,
  statusCode: z.number().int().nullable().describe('Null when no answer came.'),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
});

export const deliverySchema = z.object({
  id: uuid,
  siteId: uuid,
  commentId: uuid,
  version: z.number().int(),
  eventType: z.string(),
  webhookId: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
  nextAttemptAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
  attempts: z.object({ count: z.number().int(), last: attemptSchema.nullable() }),
});

export const deliveryDetailSchema = deliverySchema.extend({
  payload: z.union([verdictEventSchema, appealDecidedEventSchema]),
  attemptLog: z.array(attemptSchema).describe('Every attempt, oldest first.'),
});

export const moderatorSchema = z.object({
  id: uuid,
  name: z.string(),
  role: z.enum(['admin', 'moderator']),
  siteIds: z.array(uuid),
  createdAt: timestamp,
  disabledAt: timestamp.nullable().optional().describe('Set while disabled: no sign-in, no token.'),
  removedAt: timestamp.nullable().optional().describe('Set once removed (kept so decisions keep the name).'),
});

export const policyChangeSchema = z.object({
  id: z.string().regex(/^\d+$/),
  siteId: uuid,
  changedBy: z.enum(['operator', 'moderator']),
  moderatorId: uuid.nullable(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'ready', 'unavailable']),
  checks: z.object({ postgres: z.boolean(), redis: z.boolean() }).optional(),
});

/** The intake and admin schemas the document names, by component name (the review ones are beside). */
export const responseSchemas = {
  Signal: signalSchema,
  Verdict: verdictSchema,
  Comment: commentViewSchema,
  PublicReason: publicReasonSchema,
  CommentBatchResult: batchResultSchema,
  Problem: problemSchema,
  Site: siteSchema,
  CreatedSite: createdSiteSchema,
  SitePage: pageOf(siteSchema),
  KeyRotated: keyRotationSchema,
  SecretRotated: secretRotationSchema,
  VerdictEvent: verdictEventSchema,
  AppealDecidedEvent: appealDecidedEventSchema,
  Delivery: deliverySchema,
  DeliveryDetail: deliveryDetailSchema,
  DeliveryPage: pageOf(deliverySchema),
  Moderator: moderatorSchema,
  CreatedModerator: moderatorSchema.extend({ token: z.string().describe('Shown once.') }),
  ModeratorPage: pageOf(moderatorSchema),
  PolicyChange: policyChangeSchema,
  PolicyChangePage: pageOf(policyChangeSchema),
  Health: healthSchema,
};
