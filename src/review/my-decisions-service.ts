import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockComment, type Comment, type CommentStatus } from '../db/comments-repository';
import {
  findDecision,
  isUndone,
  listDecisionsForComment,
  listDecisionsOfModerator,
  type Decision,
} from '../db/decisions-repository';
import { recordStatusChange, sitePolicy } from '../decisions/human-decision';
import { publicReason } from '../moderation/reasons';
import { learnerInTransaction } from '../learning/pg-learning';
import { tokenize } from '../moderation/classifier';
import { moderatorIdOf, siteScope, type Principal } from '../access/principal';
import type { Action } from '../moderation/types';
import type { LivePublisher } from '../live/live-events';
import { actorOf } from './actor';
import { presentReviewComment } from './review-service';

export const undoBody = z.object({ note: z.string().trim().min(1).max(2000).optional() }).strict();

/**
 * The status an undo restores, and its action: the one before the decision; a comment a person
 * decided before the worker did goes to review rather than back to a queue whose job is done.
 */
const RESTORE: Partial<Record<CommentStatus, { status: Exclude<CommentStatus, 'queued'>; action: Action }>> =
  {
    queued: { status: 'pending_review', action: 'review' },
    pending_review: { status: 'pending_review', action: 'review' },
    approved: { status: 'approved', action: 'approve' },
    rejected: { status: 'rejected', action: 'reject' },
  };

/**
 * The public reason to restore with the status: the one the decision before the undone one gave
 * (a review or a rejection), in the site's current words; none for an approval.
 */
async function restoredReason(client: PoolClient, comment: Comment, undone: Decision) {
  const history = await listDecisionsForComment(client, comment.id);
  const code = history.find((decision) => decision.version === undone.version - 1)?.reasonCode;
  if (!code || undone.fromStatus === 'approved') return null;
  return publicReason(await sitePolicy(client, comment.siteId), code);
}

/**
 * Puts back the classifier's lesson as it was before the undone decision: the label of the status
 * restored when a person had set it, and no lesson when the worker had (its verdicts teach nothing).
 */
async function restoreLesson(client: PoolClient, comment: Comment, undone: Decision): Promise<void> {
  const history = await listDecisionsForComment(client, comment.id);
  const setBefore = history.find((decision) => decision.version === undone.version - 1);
  const learner = learnerInTransaction(client);
  const byPerson = setBefore !== undefined && setBefore.decidedBy !== 'auto';
  if (byPerson && (undone.fromStatus === 'approved' || undone.fromStatus === 'rejected')) {
    await learner.learn({
      siteId: comment.siteId,
      key: comment.id,
      label: undone.fromStatus === 'rejected' ? 'spam' : 'ham',
      tokens: tokenize(comment.content),
    });
  } else {
    await learner.forget({ siteId: comment.siteId, key: comment.id });
  }
}

/** A moderator's own recent decisions, and undoing the latest decision on a comment. */
export function createMyDecisionsService(deps: { pool: Pool; live: LivePublisher }) {
  const { pool, live } = deps;
  return {
    /**
     * The principal's decisions, newest first, each with where its comment stands now and whether
     * it can still be undone (nobody changed the comment since, and it was not undone already).
     */
    async recent(principal: Principal, page: { limit: number; before: string | null }) {
      const moderatorId = moderatorIdOf(principal);
      if (!moderatorId) return [];
      const rows = await listDecisionsOfModerator(pool, {
        moderatorId,
        siteIds: siteScope(principal),
        ...page,
      });
      return rows.map((row) => ({ ...row, undoable: row.current.version === row.version }));
    },

    /**
     * Undoes one of the principal's decisions with a new decision that restores the comment's
     * status before it, with its callback to the site and the classifier's lesson put back. Only the
     * latest decision on a comment can be undone: 409 `changed_since` once someone changed it again.
     */
    async undo(principal: Principal, decisionId: string, input: z.infer<typeof undoBody>) {
      const scope = siteScope(principal);
      const result = await withTransaction(pool, async (client) => {
        const undone = await findDecision(client, decisionId, scope);
        if (!undone) throw new NotFoundError(`Decision ${decisionId}`);
        if (undone.decidedBy !== 'moderator' || undone.moderatorId !== moderatorIdOf(principal)) {
          throw new ForbiddenError('Only your own decisions can be undone.');
        }
        const comment = await lockComment(client, undone.commentId, scope);
        if (!comment) throw new NotFoundError(`Decision ${decisionId}`);
        if (comment.version !== undone.version || (await isUndone(client, decisionId))) {
          throw new ConflictError(
            'changed_since',
            `The comment changed after this decision (it is at version ${comment.version}): decide it again instead.`,
            { current: presentReviewComment(comment) },
          );
        }
        const restore = RESTORE[undone.fromStatus];
        if (!restore) {
          // An appeal's outcome went to the site as such; reopening the appeal is not an undo.
          throw new ConflictError(
            'not_undoable',
            `A decision on an ${undone.fromStatus} comment cannot be undone: decide the comment again instead.`,
          );
        }
        await restoreLesson(client, comment, undone);
        return recordStatusChange(client, comment, {
          toStatus: restore.status,
          action: restore.action,
          decidedBy: 'moderator',
          moderatorId: moderatorIdOf(principal),
          reason: 'undo',
          publicReason: await restoredReason(client, comment, undone),
          note: input.note ?? null,
          undoes: decisionId,
        });
      });
      live({
        type: 'decided',
        id: result.id,
        siteId: result.siteId,
        status: result.status,
        version: result.version,
        by: actorOf(principal),
      });
      return presentReviewComment(result);
    },
  };
}

export type MyDecisionsService = ReturnType<typeof createMyDecisionsService>;
