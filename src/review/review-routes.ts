import { Router } from 'express';
import { z } from 'zod';
import { principalOf, type Auth } from '../http/auth';
import { createPager, idPager, pageQuery } from '../http/pager';
import { provider, uuidParam } from '../http/params';
import { inputFrom, parseOr400 } from '../http/validate';
import { statsQuery } from './review-stats';
import { decisionBody, type ReviewService } from './review-service';

export const queueQuery = z.object({
  status: z.enum(['pending_review', 'queued', 'approved', 'rejected']).default('pending_review'),
  siteId: z.uuid().optional(),
  sort: z.enum(['score', 'oldest', 'newest']).default('score'),
  ...pageQuery,
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
const byQueuePosition = createPager(
  z.object({ score: z.number().nullable(), seq: z.string().regex(/^\d+$/) }),
  (row: { position: { score: number | null; seq: string } }) => row.position,
);

/** What both audit lists (decisions, policy changes) filter by: a site, a moderator, a time window; and the page. */
export const auditListQuery = z.object({
  siteId: z.uuid().optional(),
  moderatorId: z.uuid().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
});

/** An audit list's filter from its query: newest first, from before the cursor's id. */
export function auditFilter(query: z.infer<typeof auditListQuery>) {
  return {
    siteId: query.siteId,
    moderatorId: query.moderatorId ?? null,
    since: query.since ?? null,
    until: query.until ?? null,
    limit: query.limit,
    before: idPager.after(query.cursor)?.id ?? null,
  };
}

export const auditQuery = auditListQuery.extend({
  decidedBy: z.enum(['auto', 'moderator', 'site']).optional(),
});

/**
 * The review item a route's :id names, if the caller may see it; 404 otherwise. Shared with the
 * claim routes, so an item a moderator cannot see cannot be claimed either.
 */
export function reviewItemProvider(review: ReviewService) {
  return provider('Review item', 'id', (id, req) => review.find(principalOf(req), id));
}

/** Moderator-facing routes: the queue, an item, a decision, stats and the audit log. */
export function createReviewRouter(deps: { auth: Auth; review: ReviewService }): Router {
  const { review } = deps;
  const withItem = reviewItemProvider(review);
  const router = Router();
  router.use(['/v1/review', '/v1/audit'], deps.auth.moderator);

  router.get('/v1/review/queue', async (req, res) => {
    const { cursor, ...filter } = parseOr400(queueQuery, req.query, 'query');
    const rows = await review.queue(principalOf(req), { ...filter, after: byQueuePosition.after(cursor) });
    res.json(byQueuePosition.page(rows, filter.limit, (row) => row.item));
  });

  router.get(
    '/v1/review/items/:id',
    withItem(async (_req, res, comment) => {
      res.json(await review.item(comment));
    }),
  );

  router.post('/v1/review/items/:id/decision', async (req, res) => {
    const id = uuidParam(req, 'id', 'Review item');
    const input = parseOr400(decisionBody, req.body);
    res.json(await review.decide(principalOf(req), id, input));
  });

  router.get('/v1/review/stats', async (req, res) => {
    const query = parseOr400(statsQuery, req.query, 'query');
    res.json(await inputFrom('query', review.stats(principalOf(req), query)));
  });

  router.get('/v1/audit', async (req, res) => {
    const query = parseOr400(auditQuery, req.query, 'query');
    const decisions = await review.audit(principalOf(req), {
      ...auditFilter(query),
      decidedBy: query.decidedBy ?? null,
    });
    res.json(idPager.page(decisions, query.limit));
  });

  return router;
}
