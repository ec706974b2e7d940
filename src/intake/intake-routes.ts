import { Router } from 'express';
import { NotFoundError } from '../errors';
import { findCommentByExternalId } from '../db/comments-repository';
import type { Auth } from '../http/auth';
import { siteOf } from '../http/auth';
import { parseOr400 } from '../http/validate';
import { createCommentSchema } from './comment-schema';
import { presentComment } from './comment-view';
import { submitComment, type IntakeDeps } from './submit-comment';
import { feedbackSchema, submitFeedback } from './feedback';

/** Site-facing routes: submit a comment and read its verdict. */
export function createIntakeRouter(deps: IntakeDeps & { auth: Auth; maxContentChars: number }): Router {
  const router = Router();
  const commentSchema = createCommentSchema(deps.maxContentChars);
  router.use('/v1/comments', deps.auth.site);

  router.post('/v1/comments', async (req, res) => {
    const site = siteOf(req);
    const payload = parseOr400(commentSchema, req.body);
    const { comment, created } = await submitComment(deps, site.id, payload);
    res.status(created ? 202 : 200).location(`/v1/comments/${encodeURIComponent(comment.externalId)}`);
    res.json(presentComment(comment));
  });

  router.get('/v1/comments/:externalId', async (req, res) => {
    const site = siteOf(req);
    const comment = await findCommentByExternalId(deps.pool, site.id, req.params.externalId);
    if (!comment) throw new NotFoundError(`Comment "${req.params.externalId}"`);
    res.json(presentComment(comment));
  });

  router.post('/v1/comments/:externalId/feedback', async (req, res) => {
    const feedback = parseOr400(feedbackSchema, req.body);
    const comment = await submitFeedback(deps.pool, siteOf(req).id, req.params.externalId, feedback);
    res.json(presentComment(comment));
  });

  return router;
}
