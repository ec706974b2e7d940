import { Router, type RequestHandler } from 'express';
import { authenticatedSite, type Auth } from '../http/auth';
import { inputFrom, parseOr400 } from '../http/validate';
import { parsePreferWait } from '../http/prefer';
import { signedOrBearer } from '../http/signed-auth';
import { batchCost, type RequestCost } from '../http/rate-limit';
import { createCommentSchema } from './comment-schema';
import { presentComment } from './comment-view';
import { feedbackSchema } from './feedback';
import { createBatchSchema } from './submit-batch';
import { createEditSchema } from './edit-comment';
import { appealSchema } from './appeal-comment';
import type { IntakeService } from './intake-service';

export interface IntakeRouteDeps {
  auth: Auth;
  intake: IntakeService;
  /** Authenticates a Standard Webhooks signed submission (see src/http/signed-auth.ts). */
  signedAuth: RequestHandler;
  rateLimit: (cost: RequestCost) => RequestHandler;
  maxContentChars: number;
  maxBatch: number;
}
/** A single comment costs one point of the site's rate limit. */
const oneComment = () => 1;

/** Site-facing routes: submit a comment and read its verdict. */
export function createIntakeRouter(deps: IntakeRouteDeps): Router {
  const { intake } = deps;
  const router = Router();
  const commentSchema = createCommentSchema(deps.maxContentChars);
  const batchSchema = createBatchSchema(commentSchema, deps.maxBatch);
  const editSchema = createEditSchema(commentSchema);
  // Submissions may be signed with the site's webhook secret instead of carrying its API key.
  router.use('/v1/comments', signedOrBearer(deps.signedAuth, deps.auth.site));
  router.post('/v1/comments', deps.rateLimit(oneComment));

  router.post('/v1/comments', async (req, res) => {
    const site = authenticatedSite(req);
    const payload = parseOr400(commentSchema, req.body);
    const { comment, created } = await intake.submit(site.id, payload);
    // Prefer: wait (RFC 7240): answer 200 with the verdict if it comes within that many seconds.
    const wait = parsePreferWait(req.headers.prefer);
    const decided = await intake.awaitVerdict(comment, wait);
    res.vary('Prefer');
    if (decided) res.set('preference-applied', `wait=${wait}`);
    res
      .status(created && !decided ? 202 : 200)
      .location(`/v1/comments/${encodeURIComponent(comment.externalId)}`);
    res.json(presentComment(decided ?? comment));
  });

  router.post('/v1/comments/batch', deps.rateLimit(batchCost), async (req, res) => {
    const { comments } = parseOr400(batchSchema, req.body);
    const items = await intake.submitBatch(authenticatedSite(req).id, comments);
    res.status(items.some((item) => item.created) ? 202 : 200);
    res.json({ items: items.map(({ comment, created }) => ({ ...presentComment(comment), created })) });
  });

  router.get('/v1/comments/:externalId', async (req, res) => {
    const { comment, appeal } = await intake.findWithAppeal(authenticatedSite(req).id, req.params.externalId);
    res.json(presentComment(comment, { appeal }));
  });

  // An edit is a new text to moderate: it counts against the rate limit like a comment.
  router.put('/v1/comments/:externalId', deps.rateLimit(oneComment));
  router.put('/v1/comments/:externalId', async (req, res) => {
    const site = authenticatedSite(req);
    const payload = parseOr400(editSchema, req.body);
    const { comment } = await inputFrom('body', intake.edit(site.id, req.params.externalId, payload));
    const wait = parsePreferWait(req.headers.prefer);
    const decided = await intake.awaitVerdict(comment, wait);
    res.vary('Prefer');
    if (decided) res.set('preference-applied', `wait=${wait}`);
    res.json(presentComment(decided ?? comment));
  });

  router.delete('/v1/comments/:externalId', async (req, res) => {
    res.json(presentComment(await intake.remove(authenticatedSite(req).id, req.params.externalId)));
  });

  router.post('/v1/comments/:externalId/appeal', async (req, res) => {
    const input = parseOr400(appealSchema, req.body);
    const { comment, appeal } = await intake.appeal(authenticatedSite(req).id, req.params.externalId, input);
    res.status(201).json(presentComment(comment, { appeal }));
  });

  router.post('/v1/comments/:externalId/feedback', async (req, res) => {
    const feedback = parseOr400(feedbackSchema, req.body);
    const comment = await intake.feedback(authenticatedSite(req).id, req.params.externalId, feedback);
    res.json(presentComment(comment));
  });

  return router;
}
