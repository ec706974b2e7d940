import type { PoolClient } from 'pg';
import { ConflictError, ValidationError } from '../errors';
import { setStatus, type Comment, type CommentStatus } from '../db/comments-repository';
import { insertDecision } from '../db/decisions-repository';
import { insertDeliveries } from '../db/deliveries-repository';
import { closePendingAppeal } from '../db/appeals-repository';
import { findSiteById } from '../db/sites-repository';
import { appealDecidedDelivery } from '../delivery/appeal-event';
import { verdictDelivery } from '../delivery/verdict-event';
import { learnerInTransaction } from '../learning/pg-learning';
import { tokenize } from '../moderation/classifier';
import { readPolicy } from '../moderation/read-policy';
import { publicReason, reasonCatalogue, type PublicReason } from '../moderation/reasons';
import type { Policy } from '../moderation/policy';
import type { Action } from '../moderation/types';

export interface HumanDecision {
  toStatus: Extract<CommentStatus, 'approved' | 'rejected'>;
  decidedBy: 'moderator' | 'site';
  moderatorId: string | null;
  /** The public reason of a rejection, a code of the site's catalogue; ignored for an approval. */
  reasonCode: string | null;
  /** The decider's own words (internal); when it is a catalogue code and no code is given, it is the code. */
  reason: string | null;
  note: string | null;
}

/** A change of a locked comment's status by a person, as the audit log records it. */
export interface StatusChange {
  toStatus: Exclude<CommentStatus, 'queued'>;
  action: Action;
  decidedBy: 'moderator' | 'site';
  moderatorId: string | null;
  /** The decider's own words (internal). */
  reason: string | null;
  /** What the commenter is told: the public reason of a review or rejection, null for an approval. */
  publicReason: PublicReason | null;
  note: string | null;
  /** The decision this one undoes (see src/review/my-decisions-service.ts). */
  undoes?: string | null;
}

/** Comments no person can decide any more: the site removed it, or its text is gone. */
export function assertDecidable(comment: Comment): void {
  if (comment.anonymisedAt) {
    throw new ConflictError('comment_anonymised', 'This comment was anonymised; there is nothing to decide.');
  }
  if (comment.status === 'deleted') {
    throw new ConflictError('comment_deleted', 'The site deleted this comment; there is nothing to decide.');
  }
}

/** The site's policy as it stands, for its reason catalogue. */
export async function sitePolicy(client: PoolClient, siteId: string): Promise<Policy> {
  return readPolicy((await findSiteById(client, siteId))?.policy).policy;
}

/**
 * The public reason of a rejection: the code given, else the decider's words if they are a code,
 * else (an upheld appeal) the reason it was rejected for, else `other`.
 */
function rejectionReason(policy: Policy, comment: Comment, d: HumanDecision): PublicReason {
  const known = reasonCatalogue(policy);
  if (d.reasonCode !== null && !(d.reasonCode in known)) {
    throw new ValidationError([{ path: 'reasonCode', message: "is not in the site's reason catalogue" }]);
  }
  const code =
    d.reasonCode ??
    (d.reason !== null && d.reason in known ? d.reason : null) ??
    (comment.status === 'appealed' ? comment.reason?.code : null) ??
    'other';
  return publicReason(policy, code);
}

/**
 * Moves a locked comment to a new status inside the caller's transaction: the new status, public
 * reason and version, the audit row, and the site's callback (when it has a callback URL),
 * committed together (see src/delivery/outbox-relay.ts). On an appealed comment the change ends
 * the appeal (a rejection upholds it, anything else overturns it) and the callback is
 * `comment.appeal_decided`. Learning is the caller's.
 */
export async function recordStatusChange(
  client: PoolClient,
  comment: Comment,
  change: StatusChange,
): Promise<Comment> {
  assertDecidable(comment);
  const updated = await setStatus(client, comment.id, change.toStatus, change.publicReason);
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
    reasonCode: change.publicReason?.code ?? null,
    note: change.note,
    undoes: change.undoes ?? null,
  });
  const appeal =
    comment.status === 'appealed'
      ? await closePendingAppeal(client, comment.id, {
          status: change.toStatus === 'rejected' ? 'upheld' : 'overturned',
          decidedBy: change.decidedBy,
          moderatorId: change.moderatorId,
        })
      : null;
  await insertDeliveries(client, [
    appeal
      ? appealDecidedDelivery(updated, {
          id: appeal.id,
          outcome: appeal.status === 'upheld' ? 'upheld' : 'overturned',
          decidedBy: change.decidedBy,
        })
      : verdictDelivery(updated, { action: change.action, decidedBy: change.decidedBy }),
  ]);
  return updated;
}

/**
 * A person's verdict on a locked comment, inside the caller's transaction: the status change with
 * its public reason (see recordStatusChange) and the lesson for the classifier (approved teaches
 * ham, rejected spam), all committed together. Learning is keyed by the comment, so a changed mind
 * moves the counts. When the status already matches, nothing is recorded; only the lesson is
 * (idempotently) confirmed.
 */
export async function applyHumanDecision(
  client: PoolClient,
  comment: Comment,
  decision: HumanDecision,
): Promise<Comment> {
  assertDecidable(comment);
  await learnerInTransaction(client).learn({
    siteId: comment.siteId,
    key: comment.id,
    label: decision.toStatus === 'rejected' ? 'spam' : 'ham',
    tokens: tokenize(comment.content),
  });
  if (comment.status === decision.toStatus) return comment;
  const publicReasonOf =
    decision.toStatus === 'rejected'
      ? rejectionReason(await sitePolicy(client, comment.siteId), comment, decision)
      : null;
  return recordStatusChange(client, comment, {
    toStatus: decision.toStatus,
    action: decision.toStatus === 'approved' ? 'approve' : 'reject',
    decidedBy: decision.decidedBy,
    moderatorId: decision.moderatorId,
    reason: decision.reason,
    publicReason: publicReasonOf,
    note: decision.note,
  });
}
