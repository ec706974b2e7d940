import { Router } from 'express';
import { z } from 'zod';
import { principalOf, type Auth } from '../http/auth';
import { createPager, pageQuery } from '../http/pager';
import { provider, uuidParam } from '../http/params';
import { inputFrom, parseOr400 } from '../http/validate';
import { statsQuery } from './review-stats';
import { decisionBody, QUEUE_STATUSES, type ReviewService } from './review-service';
import { isIndexable, MIN_INDEXED_TERM, parseSearchTerms } from './search-terms';
import { bigintText } from '../validation';

/** What a moderator types to search: every word (or "quoted phrase") must match; one must be long enough for the index. */
const searchText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((q) => isIndexable(parseSearchTerms(q)), {
    message: `must hold a word of at least ${MIN_INDEXED_TERM} characters`,
  });

export const queueQuery = z.object({
  /** `all`: every status, e.g. to search through everything. */
  status: z.enum([...QUEUE_STATUSES, 'all']).default('pending_review'),
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
  /** Search: content, author name, e-mail, IP, author and thread ids, thread title, the site's comment id. */
  q: searchText.optional(),
});
const byQueuePosition = createPager(
  z.object({ score: z.number().nullable(), seq: bigintText() }),
  (row: { position: { score: number | null; seq: string } }) => row.position,
);

/** GET /v1/review/lookup: authors or threads by part of their id or name, for the filter pickers. */
export const lookupQuery = z.object({
  kind: z.enum(['author', 'thread']),
  q: searchText,
  siteId: z.uuid().optional(),
});

/**
 * The review item a route's :id names, if the caller may see it; 404 otherwise. Shared with the
 * claim routes, so an item a moderator cannot see cannot be claimed either.
 */
export function reviewItemProvider(review: ReviewService) {
  return provider('Review item', 'id', (id, req) => review.find(principalOf(req), id));
}

/** Moderator-facing routes: the queue and search, an item, a decision and stats. */
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

  router.get('/v1/review/lookup', async (req, res) => {
    const query = parseOr400(lookupQuery, req.query, 'query');
    res.json({ items: await review.lookup(principalOf(req), query), nextCursor: null });
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
    res.json(await inputFrom('body', review.decide(principalOf(req), id, input)));
  });

  router.get('/v1/review/stats', async (req, res) => {
    const query = parseOr400(statsQuery, req.query, 'query');
    res.json(await inputFrom('query', review.stats(principalOf(req), query)));
  });

  return router;
}
