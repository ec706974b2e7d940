import { auditQuery } from '../review/audit-routes';
import { lookupQuery } from '../review/review-routes';
import { pageQuery } from '../http/pager';
import { z } from 'zod';
import { ref, type OperationSpec } from './openapi-builder';
import {
  MODERATOR,
  empty,
  forbidden,
  invalid,
  json,
  notFound,
  page,
  problem,
  unauthorized,
} from './openapi-responses';

/**
 * What a moderator's working day needs beyond the queue: search pickers, live events, their recent
 * decisions with undo, notes on authors, and the audit export.
 */
export function dashboardOperations(): OperationSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/review/lookup',
      operationId: 'reviewLookup',
      summary: 'Authors or threads by part of their id or name (for filter pickers)',
      tag: 'review',
      security: MODERATOR,
      query: lookupQuery,
      responses: {
        200: json('LookupPage', 'Matching authors or threads with their comment counts.'),
        400: invalid,
        401: unauthorized,
      },
    },
    {
      method: 'get',
      path: '/v1/review/events',
      operationId: 'reviewEvents',
      summary: 'Server-Sent Events: held items, decisions and claims of the reader’s sites',
      description:
        'Events `ready`, `held` ({ items: [{ id, siteId, version }] }), `decided` ({ id, siteId, status, version, by }), ' +
        '`claimed` and `released` ({ id, siteId, by }). Ids only, never comment text: re-read what changed.',
      tag: 'review',
      security: MODERATOR,
      responses: {
        200: page('An event stream that stays open.', 'text/event-stream'),
        401: unauthorized,
        503: problem('Live events are not available; poll the queue.'),
      },
    },
    {
      method: 'get',
      path: '/v1/review/decisions/mine',
      operationId: 'myDecisions',
      summary: 'My recent decisions, newest first, each with whether it can be undone',
      tag: 'review',
      security: MODERATOR,
      query: z.object(pageQuery),
      responses: { 200: json('MyDecisionPage', 'A page of decisions.'), 400: invalid, 401: unauthorized },
    },
    {
      method: 'post',
      path: '/v1/review/decisions/:decisionId/undo',
      operationId: 'undoDecision',
      summary: 'Undo one of my decisions: a new decision restoring the state before it (with its callback)',
      tag: 'review',
      security: MODERATOR,
      body: { schema: ref('UndoDecision'), required: false },
      responses: {
        200: json('ReviewComment', 'The comment as restored.'),
        400: invalid,
        401: unauthorized,
        403: forbidden,
        404: notFound,
        409: problem('The comment changed after this decision (`changed_since`).'),
      },
    },
    {
      method: 'post',
      path: '/v1/review/items/:id/author-notes',
      operationId: 'addAuthorNote',
      summary: "A note on the item's author, shown with their history",
      tag: 'review',
      security: MODERATOR,
      body: { schema: ref('AuthorNoteCreate') },
      responses: { 201: json('AuthorNote', 'The note.'), 400: invalid, 401: unauthorized, 404: notFound },
    },
    {
      method: 'delete',
      path: '/v1/review/author-notes/:noteId',
      operationId: 'deleteAuthorNote',
      summary: 'Delete a note on an author (one’s own; an admin any)',
      tag: 'review',
      security: MODERATOR,
      responses: { 204: empty('Deleted.'), 401: unauthorized, 404: notFound },
    },
    {
      method: 'get',
      path: '/v1/audit/export',
      operationId: 'auditExport',
      summary: 'The audit log as CSV, with the filters of GET /v1/audit',
      tag: 'review',
      security: MODERATOR,
      query: auditQuery.omit({ limit: true, cursor: true }),
      responses: { 200: page('CSV, newest first.', 'text/csv'), 400: invalid, 401: unauthorized },
    },
  ];
}
