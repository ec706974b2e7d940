import { AKISMET_PATHS } from '../akismet/akismet-routes';
import { ref, type OperationSpec } from './openapi-builder';
import { MAX_PREFER_WAIT_SECONDS } from '../http/prefer';
import { SITE_ID_HEADER } from '../http/signed-auth';
import {
  OPEN,
  SITE,
  invalid,
  json,
  notFound,
  problem,
  rateLimited,
  text,
  unauthorized,
} from './openapi-responses';

/** The headers of a signed request (Standard Webhooks), accepted instead of the API key. */
const SIGNED_HEADERS: NonNullable<OperationSpec['headers']> = [
  {
    name: SITE_ID_HEADER,
    description: "With a signed request: the site's id (the Standard Webhooks headers name no sender).",
    schema: { type: 'string', format: 'uuid' },
  },
  {
    name: 'webhook-id',
    description:
      'With a signed request: its id, an idempotency key for 10 minutes (the same id and body get the first answer).',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  },
  {
    name: 'webhook-timestamp',
    description: 'With a signed request: Unix seconds, within 5 minutes of the time.',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
  },
];

/** Akismet's forms may be 3 × MAX_BODY_BYTES and 200 fields; X-akismet-debug-help says which limit. */
const formTooLarge = problem(
  'The form is too large or has too many fields (`X-akismet-debug-help` says which).',
);

/** The site-facing operations: intake and the Akismet-compatible API. */
export function siteOperations(): OperationSpec[] {
  const akismetForm = { schema: ref('AkismetCommentForm'), contentType: 'application/x-www-form-urlencoded' };
  const commentCheck =
    "Runs the site's checks and policy now, on a comment that is not stored. `true` when the policy " +
    'would not publish it; with `X-akismet-pro-tip: discard` when it would reject it outright. ' +
    "Akismet's test values answer as Akismet documents them. The key may also come as `<key>.<host>`.";
  const submit =
    'Teaches the classifier, unless `is_test` is set. When the site sent a comment with exactly this ' +
    "content, this is that comment's feedback (its status changes); otherwise the text is learned as " +
    'an example, one per check when `guid` names one.';
  return [
    {
      method: 'post',
      path: '/v1/comments',
      operationId: 'submitComment',
      summary: 'Submit a comment for moderation',
      tag: 'intake',
      security: SITE,
      description:
        'Stored durably, then queued. The same `id` again returns the stored record (200) and queues nothing. ' +
        `With \`Prefer: wait=N\` (1..${MAX_PREFER_WAIT_SECONDS}; more is clamped) the answer waits up to N seconds ` +
        'and is 200 with the verdict and `Preference-Applied` when it comes in time.',
      headers: [
        {
          name: 'Prefer',
          description: 'RFC 7240; `wait=N` waits up to N seconds for the verdict.',
          schema: { type: 'string' },
          example: 'wait=5',
        },
        ...SIGNED_HEADERS,
      ],
      body: { schema: ref('CommentSubmission') },
      responses: {
        200: {
          ...json('Comment', 'Sent before (nothing queued), or decided within the Prefer wait.'),
          headers: {
            'Preference-Applied': {
              description: '`wait=N` when the verdict came in time.',
              schema: { type: 'string' },
            },
          },
        },
        202: json('Comment', 'Stored and queued; the verdict comes by callback or polling.'),
        400: invalid,
        401: unauthorized,
        409: problem(
          'The id was sent before with other content, or a signed request with this webhook-id is still being answered.',
        ),
        413: problem('Body too large.'),
        415: problem('Not JSON.'),
        429: rateLimited,
        503: problem('PostgreSQL is down; nothing was stored. Retry.'),
      },
    },
    {
      method: 'post',
      path: '/v1/comments/batch',
      operationId: 'submitCommentBatch',
      summary: 'Submit many comments at once',
      tag: 'intake',
      security: SITE,
      description: 'All or nothing: one bad item refuses the batch and stores nothing.',
      headers: SIGNED_HEADERS,
      body: { schema: ref('CommentBatch') },
      responses: {
        200: json('CommentBatchResult', 'Every comment had been sent before.'),
        202: json('CommentBatchResult', 'Stored and queued.'),
        400: invalid,
        401: unauthorized,
        409: problem('An id was sent before with other content.'),
        413: problem('Body too large.'),
        429: rateLimited,
      },
    },
    {
      method: 'get',
      path: '/v1/comments/:externalId',
      operationId: 'getComment',
      summary: "A comment's status and verdict",
      tag: 'intake',
      security: SITE,
      responses: {
        200: json('Comment', 'The comment, with its latest appeal.'),
        401: unauthorized,
        404: notFound,
      },
    },
    {
      method: 'put',
      path: '/v1/comments/:externalId',
      operationId: 'editComment',
      summary: 'Send a new revision of an edited comment',
      tag: 'intake',
      security: [{ siteKey: [] }],
      description:
        "Other text replaces the comment's (the earlier revision is kept), the comment is queued and " +
        'moderated again, and its verdict comes by callback or polling as a new version. The same text ' +
        'again changes nothing. An open appeal is withdrawn. `Prefer: wait=N` works as on POST.',
      headers: [{ name: 'Prefer', description: 'RFC 7240; `wait=N`.', schema: { type: 'string' } }],
      body: { schema: ref('CommentEdit') },
      responses: {
        200: json('Comment', 'Queued again (or unchanged, or decided within the Prefer wait).'),
        400: invalid,
        401: unauthorized,
        404: notFound,
        409: problem('`comment_deleted` or `comment_anonymised`: there is nothing to edit.'),
        429: rateLimited,
      },
    },
    {
      method: 'delete',
      path: '/v1/comments/:externalId',
      operationId: 'deleteComment',
      summary: 'The site removed a comment',
      tag: 'intake',
      security: [{ siteKey: [] }],
      description:
        'The comment leaves every queue (status `deleted`) and the audit records it; no callback. ' +
        'Deleting it again changes nothing.',
      responses: { 200: json('Comment', 'Deleted.'), 401: unauthorized, 404: notFound },
    },
    {
      method: 'post',
      path: '/v1/comments/:externalId/appeal',
      operationId: 'appealComment',
      summary: 'The commenter contests a rejection',
      tag: 'intake',
      security: [{ siteKey: [] }],
      description:
        "The comment moves to the `appealed` queue with the commenter's text; a moderator upholds or " +
        'overturns the rejection, and the outcome comes as a `comment.appeal_decided` callback. Only a ' +
        'rejected comment can be appealed, each revision of its text once.',
      body: { schema: ref('Appeal') },
      responses: {
        201: json('Comment', 'Appealed; `appeal` is the new appeal.'),
        400: invalid,
        401: unauthorized,
        404: notFound,
        409: problem(
          '`not_appealable` (not rejected), `appeal_pending`, `already_appealed`, `comment_deleted` or `comment_anonymised`.',
        ),
      },
    },
    {
      method: 'post',
      path: '/v1/comments/:externalId/feedback',
      operationId: 'commentFeedback',
      summary: "The site's moderators overrode the verdict",
      tag: 'intake',
      security: SITE,
      body: { schema: ref('Feedback') },
      responses: {
        200: json('Comment', 'Recorded; the classifier learned it.'),
        400: invalid,
        401: unauthorized,
        404: notFound,
      },
    },
    {
      method: 'post',
      path: AKISMET_PATHS.verifyKey,
      operationId: 'akismetVerifyKey',
      summary: 'Akismet: check an API key',
      tag: 'akismet',
      security: OPEN,
      body: { schema: ref('AkismetVerifyKeyForm'), contentType: 'application/x-www-form-urlencoded' },
      responses: { 200: text('`valid` or `invalid`.', ['valid', 'invalid']), 413: formTooLarge },
    },
    {
      method: 'post',
      path: AKISMET_PATHS.commentCheck,
      operationId: 'akismetCommentCheck',
      summary: 'Akismet: is this comment spam?',
      tag: 'akismet',
      security: OPEN,
      description: commentCheck,
      body: akismetForm,
      responses: {
        200: {
          ...text('`true` (spam), `false`, `invalid` (key), or what is missing.'),
          headers: {
            'X-akismet-guid': {
              description: 'Names this check; send it back as `guid` with submit-spam or submit-ham.',
              schema: { type: 'string', format: 'uuid' },
            },
            'X-akismet-pro-tip': {
              description: '`discard` when the policy rejects the comment outright.',
              schema: { type: 'string' },
            },
            'X-akismet-debug-help': {
              description: 'Why the call was refused, when it was.',
              schema: { type: 'string' },
            },
          },
        },
        413: formTooLarge,
        503: problem('PostgreSQL or Redis is down; retry.'),
      },
    },
    {
      method: 'post',
      path: AKISMET_PATHS.submitSpam,
      operationId: 'akismetSubmitSpam',
      summary: 'Akismet: this was spam',
      tag: 'akismet',
      security: OPEN,
      description: submit,
      body: akismetForm,
      responses: { 200: text('`Thanks for making the web a better place.`'), 413: formTooLarge },
    },
    {
      method: 'post',
      path: AKISMET_PATHS.submitHam,
      operationId: 'akismetSubmitHam',
      summary: 'Akismet: this was not spam',
      tag: 'akismet',
      security: OPEN,
      description: submit,
      body: akismetForm,
      responses: { 200: text('`Thanks for making the web a better place.`'), 413: formTooLarge },
    },
  ];
}
