import { Router } from 'express';
import { principalOf, type Auth } from '../http/auth';
import { numericIdParam } from '../http/params';
import { inputFrom, parseOr400 } from '../http/validate';
import { authorNoteBody, type AuthorNotesService } from './author-notes-service';
import type { ReviewService } from './review-service';
import { reviewItemProvider } from './review-routes';

/**
 * Notes on the author of a review item (POST /v1/review/items/:id/author-notes), listed with the
 * author's history in GET /v1/review/items/:id; DELETE /v1/review/author-notes/:noteId removes one.
 */
export function createAuthorNotesRouter(deps: {
  auth: Auth;
  review: ReviewService;
  notes: AuthorNotesService;
}): Router {
  const withItem = reviewItemProvider(deps.review);
  const router = Router();

  router.post(
    '/v1/review/items/:id/author-notes',
    deps.auth.moderator,
    withItem(async (req, res, comment) => {
      const input = parseOr400(authorNoteBody, req.body);
      res.status(201).json(await inputFrom('body', deps.notes.add(principalOf(req), comment, input)));
    }),
  );

  router.delete('/v1/review/author-notes/:noteId', deps.auth.moderator, async (req, res) => {
    await deps.notes.remove(principalOf(req), numericIdParam(req, 'noteId', 'Author note'));
    res.status(204).end();
  });

  return router;
}
