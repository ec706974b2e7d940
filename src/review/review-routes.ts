import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { listQueue, statusCounts } from '../db/review-repository';
import { listAudit } from '../db/decisions-repository';
import { principalOf, type Auth } from '../http/auth';
import { decodeCursor, page } from '../http/cursor';
import { parseOr400 } from '../http/validate';
import { decideReviewItem, getReviewItem, presentReviewComment, requestedScope } from './review-service';

const limit = z.coerce.number().int().min(1).max(200).default(50);

const queueQuery = z.object({
  status: z.enum(['pending_review', 'queued', 'approved', 'rejected']).default('pending_review'),
  siteId: z.uuid().optional(),
  sort: z.enum(['score', 'oldest', 'newest']).default('score'),
  limit,
  cursor: z.string().optional(),
});
const queueCursor = z.object({ score: z.number(), seq: z.string().regex(/^\d+$/) });

const decisionBody = z
  .object({
    action: z.enum(['approve', 'reject']),
    version: z.number().int().min(1),
    reason: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

const auditQuery = z.object({
  siteId: z.uuid().optional(),
  moderatorId: z.uuid().optional(),
  decidedBy: z.enum(['auto', 'moderator', 'site']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit,
  cursor: z.string().optional(),
});
const auditCursor = z.object({ id: z.string().regex(/^\d+$/) });
const statsQuery = z.object({ siteId: z.uuid().optional() });

/** Reads the :id of an item; a malformed id cannot name an item, so it is a 404. */
function itemId(params: { id?: string }): string {
  const parsed = z.uuid().safeParse(params.id);
  if (!parsed.success) throw new NotFoundError(`Review item ${params.id}`);
  return parsed.data;
}

/** Moderator-facing routes: the queue, an item, a decision, stats and the audit log. */
export function createReviewRouter(deps: { pool: Pool; auth: Auth }): Router {
  const { pool, auth } = deps;
  const router = Router();
  router.use(['/v1/review', '/v1/audit'], auth.moderator);

  router.get('/v1/review/queue', async (req, res) => {
    const query = parseOr400(queueQuery, req.query, 'query');
    const rows = await listQueue(pool, {
      status: query.status,
      siteIds: requestedScope(principalOf(req), query.siteId),
      sort: query.sort,
      limit: query.limit,
      after: decodeCursor(queueCursor, query.cursor),
    });
    res.json(
      page(
        rows,
        query.limit,
        (row) => presentReviewComment(row.comment),
        (row) => row.position,
      ),
    );
  });

  router.get('/v1/review/items/:id', async (req, res) => {
    res.json(await getReviewItem(pool, principalOf(req), itemId(req.params)));
  });

  router.post('/v1/review/items/:id/decision', async (req, res) => {
    const input = parseOr400(decisionBody, req.body);
    res.json(await decideReviewItem(pool, principalOf(req), itemId(req.params), input));
  });

  router.get('/v1/review/stats', async (req, res) => {
    const query = parseOr400(statsQuery, req.query, 'query');
    res.json({ counts: await statusCounts(pool, requestedScope(principalOf(req), query.siteId)) });
  });

  router.get('/v1/audit', async (req, res) => {
    const query = parseOr400(auditQuery, req.query, 'query');
    const decisions = await listAudit(pool, {
      siteIds: requestedScope(principalOf(req), query.siteId),
      moderatorId: query.moderatorId ?? null,
      decidedBy: query.decidedBy ?? null,
      since: query.since ?? null,
      until: query.until ?? null,
      limit: query.limit,
      before: decodeCursor(auditCursor, query.cursor)?.id ?? null,
    });
    res.json(
      page(
        decisions,
        query.limit,
        (decision) => decision,
        (decision) => ({ id: decision.id }),
      ),
    );
  });

  return router;
}
