import type { Pool } from 'pg';
import { ConflictError, NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { findCommentById, lockComment, type Comment } from '../db/comments-repository';
import { applyHumanDecision } from '../decisions/human-decision';
import { listDecisionsForComment } from '../db/decisions-repository';
import { authorHistory, recentByAuthor } from '../db/review-repository';
import { moderatorIdOf, siteScope, type Principal } from '../access/principal';

/** A comment as a moderator sees it: the text, who wrote it where, and why it was held. */
export function presentReviewComment(comment: Comment) {
  return {
    id: comment.id,
    siteId: comment.siteId,
    externalId: comment.externalId,
    status: comment.status,
    version: comment.version,
    content: comment.content,
    author: {
      id: comment.author.id,
      name: comment.author.name,
      email: comment.author.email,
      url: comment.author.url,
    },
    thread: comment.thread,
    parentId: comment.parentId,
    lang: comment.lang,
    score: comment.verdict?.score ?? null,
    action: comment.verdict?.action ?? null,
    signals: comment.verdict?.signals ?? [],
    createdAt: comment.createdAt,
    receivedAt: comment.receivedAt,
    decidedAt: comment.decidedAt,
  };
}

/** One review item with the author's track record and the decision history. */
export async function getReviewItem(pool: Pool, principal: Principal, id: string) {
  const comment = await findCommentById(pool, id, siteScope(principal));
  if (!comment) throw new NotFoundError(`Review item ${id}`);
  const [history, recent, decisions] = await Promise.all([
    comment.authorKey ? authorHistory(pool, comment.siteId, comment.authorKey) : null,
    comment.authorKey ? recentByAuthor(pool, comment.siteId, comment.authorKey, 11) : [],
    listDecisionsForComment(pool, comment.id),
  ]);
  return {
    ...presentReviewComment(comment),
    authorHistory: history && {
      counts: history,
      recent: recent
        .filter((other) => other.id !== comment.id)
        .slice(0, 10)
        .map((other) => ({
          id: other.id,
          status: other.status,
          receivedAt: other.receivedAt,
          content: other.content,
        })),
    },
    decisions,
  };
}

export interface DecisionInput {
  action: 'approve' | 'reject';
  version: number;
  reason?: string;
  note?: string;
}

/**
 * A moderator's decision, taken only on the version the moderator saw: if a colleague (or the
 * worker) changed the comment since, the answer is 409 with the fresh state, so nobody clobbers
 * another's decision. The row lock orders concurrent decisions on one comment. The decision
 * teaches the classifier in the same transaction.
 */
export async function decideReviewItem(pool: Pool, principal: Principal, id: string, input: DecisionInput) {
  return withTransaction(pool, async (client) => {
    const comment = await lockComment(client, id, siteScope(principal));
    if (!comment) throw new NotFoundError(`Review item ${id}`);
    if (comment.version !== input.version) {
      throw new ConflictError(
        'version_conflict',
        `This item is at version ${comment.version}, not ${input.version}: someone decided it first.`,
        { current: presentReviewComment(comment) },
      );
    }
    const updated = await applyHumanDecision(client, comment, {
      toStatus: input.action === 'approve' ? 'approved' : 'rejected',
      decidedBy: 'moderator',
      moderatorId: moderatorIdOf(principal),
      reason: input.reason ?? null,
      note: input.note ?? null,
    });
    return presentReviewComment(updated);
  });
}
