import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { listQueue, statusCounts } from '../db/review-repository';
import { listAudit } from '../db/decisions-repository';
import { principalOf, type Auth } from '../http/auth';
import { requestedScope } from '../access/principal';
import { decodeCursor, page } from '../http/cursor';
import { parseOr400 } from '../http/validate';
import type { ClaimStore } from './claims';
import { activityStats, resolveRange, statsRangeQuery } from './review-stats';
import { decideReviewItem, getReviewItem, presentReviewComment } from './review-service';

const limit = z.coerce.number().int().min(1).max(200).default(50);

export const queueQuery = z.object({
  status: z.enum(['pending_review', 'queued', 'approved', 'rejected']).default('pending_review'),
  siteId: z.uuid().optional(),
  sort: z.enum(['score', 'oldest', 'newest']).default('score'),
  limit,
  cursor: z.string().optional(),
  /** Only items with a signal of this code, e.g. `profanity`. */
  signal: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/, 'must be a signal code such as "too_many_links"')
    .optional(),
  /** Only items on this thread (the site's thread id). */
  threadId: z.string().trim().min(1).max(200).optional(),
  /** Only items by this author (the site's author id). */
  authorId: z.string().trim().min(1).max(200).optional(),
});
const queueCursor = z.object({ score: z.number().nullable(), seq: z.string().regex(/^\d+$/) });

export const decisionBody = z
  .object({
    action: z.enum(['approve', 'reject']),
    version: z.number().int().min(1),
    reason: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export const auditQuery = z.object({
  siteId: z.uuid().optional(),
  moderatorId: z.uuid().optional(),
  decidedBy: z.enum(['auto', 'moderator', 'site']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit,
  cursor: z.string().optional(),
});
const auditCursor = z.object({ id: z.string().regex(/^\d+$/) });
export const statsQuery = z.object({ siteId: z.uuid().optional(), ...statsRangeQuery.shape });

/** Reads the :id of an item; a malformed id cannot name an item, so it is a 404. */
function itemId(params: { id?: string }): string {
  const parsed = z.uuid().safeParse(params.id);
  if (!parsed.success) throw new NotFoundError(`Review item ${params.id}`);
  return parsed.data;
}

/** Moderator-facing routes: the queue, an item, a decision, stats and the audit log. */
export function createReviewRouter(deps: { pool: Pool; auth: Auth; claims?: ClaimStore }): Router {
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
      signal: query.signal,
      threadId: query.threadId,
      authorId: query.authorId,
    });
    const claims = await deps.claims?.lookup(rows.map((row) => row.comment.id));
    res.json(
      page(
        rows,
        query.limit,
        (row) => ({ ...presentReviewComment(row.comment), claimedBy: claims?.get(row.comment.id) ?? null }),
        (row) => row.position,
      ),
    );
  });

  router.get('/v1/review/items/:id', async (req, res) => {
    const item = await getReviewItem(pool, principalOf(req), itemId(req.params));
    const claims = await deps.claims?.lookup([item.id]);
    res.json({ ...item, claimedBy: claims?.get(item.id) ?? null });
  });

  router.post('/v1/review/items/:id/decision', async (req, res) => {
    const input = parseOr400(decisionBody, req.body);
    res.json(await decideReviewItem(pool, principalOf(req), itemId(req.params), input));
  });

  router.get('/v1/review/stats', async (req, res) => {
    const query = parseOr400(statsQuery, req.query, 'query');
    const scope = requestedScope(principalOf(req), query.siteId);
    // Activity over time only when a range or bucket is asked for: the dashboard polls the counts alone.
    const wantsActivity = query.from !== undefined || query.to !== undefined || query.bucket !== undefined;
    const range = wantsActivity ? resolveRange(query, scope) : null;
    const [counts, activity] = await Promise.all([
      statusCounts(pool, scope),
      range ? activityStats(pool, range) : undefined,
    ]);
    res.json({ counts, ...activity });
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
