import type { PoolClient } from 'pg';
import { setStatus, type Comment, type CommentStatus } from '../db/comments-repository';
import { insertDecision } from '../db/decisions-repository';
import { insertDeliveries } from '../db/deliveries-repository';
import { verdictDelivery } from '../delivery/verdict-event';
import { learnerInTransaction } from '../learning/pg-learning';
import { tokenize } from '../moderation/classifier';

export interface HumanDecision {
  toStatus: Extract<CommentStatus, 'approved' | 'rejected'>;
  decidedBy: 'moderator' | 'site';
  moderatorId: string | null;
  reason: string | null;
  note: string | null;
}

/**
 * A person's verdict on a locked comment, inside the caller's transaction: the new status and
 * version, the audit row, the site's `comment.verdict` callback (when it has a callback URL) and the
 * lesson for the classifier (approved teaches ham, rejected spam), all committed together.
 * Learning is keyed by the comment, so a changed mind moves the counts.
 * When the status already matches, only the lesson is (idempotently) confirmed.
 */
export async function applyHumanDecision(
  client: PoolClient,
  comment: Comment,
  decision: HumanDecision,
): Promise<Comment> {
  await learnerInTransaction(client).learn({
    siteId: comment.siteId,
    key: comment.id,
    label: decision.toStatus === 'rejected' ? 'spam' : 'ham',
    tokens: tokenize(comment.content),
  });
  if (comment.status === decision.toStatus) return comment;
  const updated = await setStatus(client, comment.id, decision.toStatus);
  await insertDecision(client, {
    commentId: comment.id,
    siteId: comment.siteId,
    version: updated.version,
    fromStatus: comment.status,
    toStatus: updated.status,
    action: decision.toStatus === 'approved' ? 'approve' : 'reject',
    decidedBy: decision.decidedBy,
    moderatorId: decision.moderatorId,
    score: comment.verdict?.score ?? null,
    reason: decision.reason,
    note: decision.note,
  });
  // The callback's outbox row commits with the change, or not at all (see src/delivery/outbox-relay.ts).
  await insertDeliveries(client, [
    verdictDelivery(updated, {
      action: decision.toStatus === 'approved' ? 'approve' : 'reject',
      decidedBy: decision.decidedBy,
    }),
  ]);
  return updated;
}
