import type { PoolClient } from 'pg';
import { setStatus, type Comment, type CommentStatus } from '../db/comments-repository';
import { insertDecision } from '../db/decisions-repository';
import { insertDeliveries } from '../db/deliveries-repository';
import { verdictDelivery } from '../delivery/verdict-event';
import { learnerInTransaction } from '../learning/pg-learning';
import { tokenize } from '../moderation/classifier';
import type { Action } from '../moderation/types';

export interface HumanDecision {
  toStatus: Extract<CommentStatus, 'approved' | 'rejected'>;
  decidedBy: 'moderator' | 'site';
  moderatorId: string | null;
  reason: string | null;
  note: string | null;
}

/** A change of a locked comment's status by a person, as the audit log records it. */
export interface StatusChange {
  toStatus: Exclude<CommentStatus, 'queued'>;
  action: Action;
  decidedBy: 'moderator' | 'site';
  moderatorId: string | null;
  reason: string | null;
  note: string | null;
  /** The decision this one undoes (see src/review/my-decisions-service.ts). */
  undoes?: string | null;
}

/**
 * Moves a locked comment to a new status inside the caller's transaction: the new status and
 * version, the audit row and the site's `comment.verdict` callback (when it has a callback URL),
 * committed together (see src/delivery/outbox-relay.ts). Learning is the caller's.
 */
export async function recordStatusChange(
  client: PoolClient,
  comment: Comment,
  change: StatusChange,
): Promise<Comment> {
  const updated = await setStatus(client, comment.id, change.toStatus);
  await insertDecision(client, {
    commentId: comment.id,
    siteId: comment.siteId,
    version: updated.version,
    fromStatus: comment.status,
    toStatus: updated.status,
    action: change.action,
    decidedBy: change.decidedBy,
    moderatorId: change.moderatorId,
    score: comment.verdict?.score ?? null,
    reason: change.reason,
    note: change.note,
    undoes: change.undoes ?? null,
  });
  await insertDeliveries(client, [
    verdictDelivery(updated, { action: change.action, decidedBy: change.decidedBy }),
  ]);
  return updated;
}

/**
 * A person's verdict on a locked comment, inside the caller's transaction: the status change (see
 * recordStatusChange) and the lesson for the classifier (approved teaches ham, rejected spam), all
 * committed together. Learning is keyed by the comment, so a changed mind moves the counts.
 * When the status already matches, nothing is recorded; only the lesson is (idempotently) confirmed.
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
  return recordStatusChange(client, comment, {
    ...decision,
    action: decision.toStatus === 'approved' ? 'approve' : 'reject',
  });
}
