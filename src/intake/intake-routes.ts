import { Router, type RequestHandler } from 'express';
import { NotFoundError } from '../errors';
import { findCommentByExternalId } from '../db/comments-repository';
import { authenticatedSite, type Auth } from '../http/auth';
import { parseOr400 } from '../http/validate';
import { createCommentSchema } from './comment-schema';
import { presentComment } from './comment-view';
import { createCommentAcceptor, submitComment, type IntakeDeps } from './submit-comment';
import { feedbackSchema, submitFeedback } from './feedback';
import { parsePreferWait } from '../http/prefer';
import { waitForVerdict, type VerdictWaiter } from './verdict-waiter';
import { signedOrBearer } from '../http/signed-auth';
import { batchCost, type RequestCost } from '../http/rate-limit';
import { createBatchSchema, submitBatch } from './submit-batch';

/** Intake beyond the Bearer key: signed requests, per-site rate limits and batches. */
export interface IntakeGuards {
  /** Authenticates a Standard Webhooks signed submission (see src/http/signed-auth.ts). */
  signedAuth: RequestHandler;
  rateLimit: (cost: RequestCost) => RequestHandler;
  maxBatch: number;
}
type GuardedIntakeDeps = IntakeDeps & IntakeGuards;
/** A single comment costs one point of the site's rate limit. */
const oneComment = () => 1;

/** Site-facing routes: submit a comment and read its verdict. */
export function createIntakeRouter(
  deps: GuardedIntakeDeps & {
    auth: Auth;
    maxContentChars: number;
    /** Without it, `Prefer: wait` is not honoured and intake always answers at once. */
    verdictWaiter?: VerdictWaiter;
  },
): Router {
  const router = Router();
  const commentSchema = createCommentSchema(deps.maxContentChars);
  const accept = createCommentAcceptor(deps);
  const batchSchema = createBatchSchema(commentSchema, deps.maxBatch);
  // Submissions may be signed with the site's webhook secret instead of carrying its API key.
  router.use('/v1/comments', signedOrBearer(deps.signedAuth, deps.auth.site));
  router.post('/v1/comments', deps.rateLimit(oneComment));

  router.post('/v1/comments', async (req, res) => {
    const site = authenticatedSite(req);
    const payload = parseOr400(commentSchema, req.body);
    const { comment, created } = await submitComment(accept, site.id, payload);
    // Prefer: wait (RFC 7240): answer 200 with the verdict if it comes within that many seconds.
    const wait = parsePreferWait(req.headers.prefer);
    const decided =
      wait && deps.verdictWaiter && comment.status === 'queued'
        ? await waitForVerdict({ pool: deps.pool, waiter: deps.verdictWaiter }, comment.id, wait * 1000)
        : null;
    res.vary('Prefer');
    if (decided) res.set('preference-applied', `wait=${wait}`);
    res
      .status(created && !decided ? 202 : 200)
      .location(`/v1/comments/${encodeURIComponent(comment.externalId)}`);
    res.json(presentComment(decided ?? comment));
  });

  router.post('/v1/comments/batch', deps.rateLimit(batchCost), async (req, res) => {
    const { comments } = parseOr400(batchSchema, req.body);
    const items = await submitBatch(deps, authenticatedSite(req).id, comments);
    res.status(items.some((item) => item.created) ? 202 : 200);
    res.json({ items: items.map(({ comment, created }) => ({ ...presentComment(comment), created })) });
  });

  router.get('/v1/comments/:externalId', async (req, res) => {
    const site = authenticatedSite(req);
    const comment = await findCommentByExternalId(deps.pool, site.id, req.params.externalId);
    if (!comment) throw new NotFoundError(`Comment "${req.params.externalId}"`);
    res.json(presentComment(comment));
  });

  router.post('/v1/comments/:externalId/feedback', async (req, res) => {
    const feedback = parseOr400(feedbackSchema, req.body);
    const comment = await submitFeedback(
      deps.pool,
      authenticatedSite(req).id,
      req.params.externalId,
      feedback,
    );
    res.json(presentComment(comment));
  });

  return router;
}
