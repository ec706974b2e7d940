import { NotFoundError } from '../errors';
import { findCommentByExternalId, type Comment } from '../db/comments-repository';
import { findLatestAppeal } from '../db/appeals-repository';
import { remoderationJobId } from '../queues';
import type { CommentPayload } from './comment-schema';
import { appealComment, type AppealInput } from './appeal-comment';
import { deleteComment } from './delete-comment';
import { editComment, type EditPayload } from './edit-comment';
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
  const find = async (siteId: string, externalId: string): Promise<Comment> => {
    const comment = await findCommentByExternalId(deps.pool, siteId, externalId);
    if (!comment) throw new NotFoundError(`Comment "${externalId}"`);
    return comment;
  };
  return {
    /** Stores a comment durably and queues it; a repeat of the same id returns the stored one. */
    submit: (siteId: string, payload: CommentPayload) => submitComment(accept, siteId, payload),

    /**
     * The comment with its verdict if one comes within `seconds`, else null: the comment is decided
     * already (nothing to wait for), no verdict came in time, or this api cannot hear verdicts.
     */
    async awaitVerdict(comment: Comment, seconds: number | null): Promise<Comment | null> {
      if (!seconds || !deps.verdictWaiter || comment.status !== 'queued') return null;
      // An edited comment is moderated again by its version's job (see enqueueRemoderation).
      const jobId = comment.revision > 1 ? remoderationJobId(comment.id, comment.version) : comment.id;
      return waitForVerdict(
        { pool: deps.pool, waiter: deps.verdictWaiter },
        comment.id,
        seconds * 1000,
        jobId,
      );
    },

    /** Stores a batch all or nothing and queues the new comments; see submitBatch. */
    submitBatch: (siteId: string, payloads: readonly CommentPayload[]) => submitBatch(deps, siteId, payloads),

    /** The site's comment by the site's own id; NotFoundError if the site sent none. */
    find,

    /** The site's comment with its latest appeal (null: never appealed). */
    async findWithAppeal(siteId: string, externalId: string) {
      const comment = await find(siteId, externalId);
      return { comment, appeal: await findLatestAppeal(deps.pool, comment.id) };
    },

    /** A new revision of the site's comment, moderated again; see editComment. */
    edit: (siteId: string, externalId: string, payload: EditPayload) =>
      editComment(deps, siteId, externalId, payload),

    /** The site removed its comment; see deleteComment. */
    remove: (siteId: string, externalId: string) => deleteComment(deps.pool, siteId, externalId),

    /** The commenter contests a rejection; see appealComment. */
    appeal: (siteId: string, externalId: string, input: AppealInput) =>
      appealComment(deps.pool, siteId, externalId, input),

    /** The site's own moderators overrode the verdict; see submitFeedback. */
    feedback: (siteId: string, externalId: string, feedback: Feedback) =>
      submitFeedback(deps.pool, siteId, externalId, feedback, deps.live),
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
