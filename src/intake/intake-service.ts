import { NotFoundError } from '../errors';
import { findCommentByExternalId, type Comment } from '../db/comments-repository';
import type { CommentPayload } from './comment-schema';
import { submitFeedback, type Feedback } from './feedback';
import { submitBatch } from './submit-batch';
import { createCommentAcceptor, submitComment, type IntakeDeps } from './submit-comment';
import { waitForVerdict, type VerdictWaiter } from './verdict-waiter';
import type { LivePublisher } from '../live/live-events';

/** The site-facing use cases: submit comments, read one, and take the site's feedback. */
export function createIntakeService(
  deps: IntakeDeps & {
    /** Hears verdicts for `Prefer: wait`; without it intake always answers at once. */
    verdictWaiter?: VerdictWaiter;
    /** Tells open dashboards of the site's feedback. */
    live?: LivePublisher;
  },
) {
  const accept = createCommentAcceptor(deps);
  return {
    /** Stores a comment durably and queues it; a repeat of the same id returns the stored one. */
    submit: (siteId: string, payload: CommentPayload) => submitComment(accept, siteId, payload),

    /**
     * The comment with its verdict if one comes within `seconds`, else null: the comment is decided
     * already (nothing to wait for), no verdict came in time, or this api cannot hear verdicts.
     */
    async awaitVerdict(comment: Comment, seconds: number | null): Promise<Comment | null> {
      if (!seconds || !deps.verdictWaiter || comment.status !== 'queued') return null;
      return waitForVerdict({ pool: deps.pool, waiter: deps.verdictWaiter }, comment.id, seconds * 1000);
    },

    /** Stores a batch all or nothing and queues the new comments; see submitBatch. */
    submitBatch: (siteId: string, payloads: readonly CommentPayload[]) => submitBatch(deps, siteId, payloads),

    /** The site's comment by the site's own id; NotFoundError if the site sent none. */
    async find(siteId: string, externalId: string): Promise<Comment> {
      const comment = await findCommentByExternalId(deps.pool, siteId, externalId);
      if (!comment) throw new NotFoundError(`Comment "${externalId}"`);
      return comment;
    },

    /** The site's own moderators overrode the verdict; see submitFeedback. */
    feedback: (siteId: string, externalId: string, feedback: Feedback) =>
      submitFeedback(deps.pool, siteId, externalId, feedback, deps.live),
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
