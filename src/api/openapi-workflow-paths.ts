import { authorActionsQuery, authorQuery } from '../authors/author-routes';
import { ref, type OperationSpec } from './openapi-builder';
import { MAX_PREVIEW_DAYS, MAX_PREVIEW_PAGE } from '../sites/policy-preview';
import {
  ADMIN,
  MODERATOR,
  forbidden,
  invalid,
  json,
  notFound,
  problem,
  unauthorized,
} from './openapi-responses';

const authorKey =
  "Author keys are per site: `id:<the site's author id>` or `email:<sha256 of the lower-cased address>`, " +
  'as review items show them (`authorKey`).';

/** The moderation workflows beyond one verdict: acting on authors, back-testing a policy, erasure. */
export function workflowOperations(): OperationSpec[] {
  return [
    {
      method: 'post',
      path: '/v1/sites/:id/policy/preview',
      operationId: 'previewPolicy',
      summary: "Back-test a draft policy on the site's stored comments",
      description:
        `Re-scores the comments of the last \`days\` (at most ${MAX_PREVIEW_DAYS}) with the draft merged over ` +
        `the site's policy, \`limit\` (at most ${MAX_PREVIEW_PAGE}) per page, oldest first, with the worker's ` +
        'checks and nothing recorded. Each page counts the verdicts that would change (with examples) and ' +
        "how the current and the draft verdicts agree with moderators' decisions; pass `nextCursor` as " +
        '`cursor` for the next page and sum the pages.',
      tag: 'admin',
      security: ADMIN,
      body: { schema: ref('PolicyPreview') },
      responses: {
        200: json('PolicyPreviewPage', 'One page of the preview.'),
        400: invalid,
        401: unauthorized,
        403: forbidden,
        404: notFound,
      },
    },
    {
      method: 'get',
      path: '/v1/authors/:authorKey',
      operationId: 'getAuthor',
      summary: "An author's standing, comments per status and the actions taken on them",
      description: authorKey,
      tag: 'review',
      security: MODERATOR,
      query: authorQuery,
      responses: {
        200: json('AuthorView', 'The author on the site.'),
        400: invalid,
        401: unauthorized,
        403: forbidden,
        404: notFound,
      },
    },
    {
      method: 'post',
      path: '/v1/authors/:authorKey/actions',
      operationId: 'actOnAuthor',
      summary: 'Trust, premoderate, suspend, ban or clear an author, or reject all they have pending',
      description:
        `${authorKey} The standing acts on the author's next comments at intake (bans and suspensions ` +
        'reject as a hard signal with the reason); `reject_pending` rejects every comment of theirs still ' +
        "waiting, as the moderator's decisions. Every action is audited.",
      tag: 'review',
      security: MODERATOR,
      body: { schema: ref('AuthorAction') },
      responses: {
        201: json('AuthorActionAnswer', 'Done: the action as audited and the standing now in force.'),
        400: invalid,
        401: unauthorized,
        403: forbidden,
        404: notFound,
      },
    },
    {
      method: 'delete',
      path: '/v1/authors/:authorKey',
      operationId: 'eraseAuthor',
      summary: "Erase one person's personal data on a site",
      description:
        `${authorKey} Removes the text, name, e-mail, IP address and author key of every comment the person ` +
        'sent (under this key or the e-mail addresses its comments carry) from comments, revisions, appeals, ' +
        'decision notes, callbacks, classifier examples, author actions and notes, and the Redis crowd index and claims; ' +
        "the classifier's learned counts stay. Comments stay as anonymous rows, so counts stay right; those " +
        'waiting for a person leave the queues. Answers a receipt of what was removed, which never names the ' +
        'person. Repeating it removes nothing more; with Redis down it answers 503 and erases nothing.',
      tag: 'admin',
      security: ADMIN,
      query: authorQuery,
      responses: {
        200: json('ErasureReceipt', 'The receipt: counts of what was removed, by kind.'),
        400: invalid,
        401: unauthorized,
        403: forbidden,
        404: notFound,
        503: problem('Redis or PostgreSQL is down; nothing was erased. Retry.'),
      },
    },
    {
      method: 'get',
      path: '/v1/audit/author-actions',
      operationId: 'authorActionsAudit',
      summary: 'Actions taken on authors, newest first',
      tag: 'review',
      security: MODERATOR,
      query: authorActionsQuery,
      responses: {
        200: json('AuthorActionPage', 'A page of actions.'),
        400: invalid,
        401: unauthorized,
        403: forbidden,
      },
    },
  ];
}
