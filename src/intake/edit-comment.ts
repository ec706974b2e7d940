import { NotFoundError, ValidationError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockCommentByExternalId, type Comment } from '../db/comments-repository';
import { reviseComment } from '../db/comment-revisions-repository';
import { insertDecision } from '../db/decisions-repository';
import { closePendingAppeal } from '../db/appeals-repository';
import { enqueueRemoderation } from '../queues';
import { assertDecidable } from '../decisions/human-decision';
import type { CommentPayload, createCommentSchema } from './comment-schema';
import { toNewComment, type IntakeDeps } from './submit-comment';

/** The body of PUT /v1/comments/:externalId: the comment as POST takes it; `id` may be left out. */
export const createEditSchema = (commentSchema: ReturnType<typeof createCommentSchema>) =>
  commentSchema.partial({ id: true });

export type EditPayload = Omit<CommentPayload, 'id'> & { id?: string };

/**
 * The site sent a new revision of a comment (the commenter edited it). Other text replaces the
 * comment's, the earlier revision is kept with its verdict, the comment is queued again (a new
 * version and an `edit` decision by the site) and moderated anew: its verdict comes as any other,
 * by callback or polling. The same text again changes nothing. An open appeal is withdrawn, since
 * it contested text that is gone.
 */
export async function editComment(
  deps: IntakeDeps,
  siteId: string,
  externalId: string,
  payload: EditPayload,
): Promise<{ comment: Comment; changed: boolean }> {
  if (payload.id !== undefined && payload.id !== externalId) {
    throw new ValidationError([{ path: 'id', message: 'must be the comment id of the path, or left out' }]);
  }
  const result = await withTransaction(deps.pool, async (client) => {
    const comment = await lockCommentByExternalId(client, siteId, externalId);
    if (!comment) throw new NotFoundError(`Comment "${externalId}"`);
    assertDecidable(comment);
    if (comment.content === payload.content) return { comment, changed: false };
    const revised = await reviseComment(
      client,
      comment.id,
      toNewComment(siteId, { ...payload, id: externalId }),
    );
    await insertDecision(client, {
      commentId: comment.id,
      siteId,
      version: revised.version,
      fromStatus: comment.status,
      toStatus: revised.status,
      action: 'edit',
      decidedBy: 'site',
      moderatorId: null,
      score: null,
      reason: null,
      reasonCode: null,
      note: `revision ${revised.revision}`,
    });
    await closePendingAppeal(client, comment.id, {
      status: 'withdrawn',
      decidedBy: 'site',
      moderatorId: null,
    });
    return { comment: revised, changed: true };
  });
  if (result.changed) {
    // Committed: a failed enqueue loses nothing, the sweeper finds the comment queued.
    await enqueueRemoderation(deps.moderationQueues, result.comment).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'enqueue of an edit failed; the sweeper will enqueue later'),
    );
  }
  return result;
}
