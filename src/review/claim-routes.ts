import { Router } from 'express';
import { principalOf, type Auth } from '../http/auth';
import { reviewItemProvider } from './review-routes';
import type { ReviewService } from './review-service';

/**
 * POST /v1/review/items/:id/claim claims (or renews) an item for CLAIM_TTL_SECONDS;
 * DELETE releases it. Only items the caller may see can be claimed.
 */
export function createClaimRouter(deps: { auth: Auth; review: ReviewService }): Router {
  const { review } = deps;
  const withItem = reviewItemProvider(review);
  const router = Router();

  router.post(
    '/v1/review/items/:id/claim',
    deps.auth.moderator,
    withItem(async (req, res, comment) => {
      res.json(await review.claim(principalOf(req), comment));
    }),
  );

  router.delete(
    '/v1/review/items/:id/claim',
    deps.auth.moderator,
    withItem(async (req, res, comment) => {
      await review.release(principalOf(req), comment);
      res.status(204).end();
    }),
  );

  return router;
}
