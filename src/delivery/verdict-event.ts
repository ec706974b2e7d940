import type { Comment, CommentStatus } from '../db/comments-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import { STATUS_OF } from '../moderation/outcome';
import type { PublicReason } from '../moderation/reasons';
import type { Action, Signal } from '../moderation/types';

/** Who decided a verdict: the worker, a moderator, or the site's own moderators (feedback). */
export type DecidedBy = 'auto' | 'moderator' | 'site';

/** What the comment would have become outside trial mode. */
export interface WouldBe {
  status: CommentStatus;
  action: Action;
  reason: PublicReason | null;
}

/** The body of a `comment.verdict` callback, as DESIGN.md documents it. */
export interface VerdictEvent {
  type: 'comment.verdict';
  /** When the verdict was decided (ISO 8601, milliseconds, UTC). */
  timestamp: string;
  data: {
    id: string;
    externalId: string;
    siteId: string;
    status: CommentStatus;
    /** Increases with every change of verdict: a site keeps the highest it has seen. */
    version: number;
    action: Action | null;
    score: number | null;
    signals: Signal[];
    decidedBy: DecidedBy;
    /** Why the comment is held or rejected, in words the site may show the commenter; null when approved. */
    reason: PublicReason | null;
    /** Trial mode (`mode: observe`): the verdict the worker would have given; the comment was approved. */
    wouldBe?: WouldBe;
  };
}

/** The comment as the events read it. */
export type EventComment = Pick<
  Comment,
  'id' | 'externalId' | 'siteId' | 'status' | 'version' | 'verdict' | 'decidedAt' | 'reason' | 'observed'
>;

/** What every event says first of its comment, in this order: which comment, its status and version. */
export const eventSubject = (comment: EventComment) => ({
  id: comment.id,
  externalId: comment.externalId,
  siteId: comment.siteId,
  status: comment.status,
  version: comment.version,
});

/** The outbox row that carries an event of a comment version to its site, under the version's webhook id. */
export function commentDelivery(comment: EventComment, event: { type: string }): NewDelivery {
  return {
    siteId: comment.siteId,
    commentId: comment.id,
    version: comment.version,
    eventType: event.type,
    webhookId: verdictWebhookId(comment.id, comment.version),
    body: JSON.stringify(event),
  };
}

/** What trial mode held back, for a comment whose worker's verdict was only observed. */
export function wouldBeOf(comment: Pick<Comment, 'verdict' | 'reason' | 'observed'>): WouldBe | undefined {
  if (!comment.observed || !comment.verdict) return undefined;
  const { action } = comment.verdict;
  return { status: STATUS_OF[action], action, reason: comment.reason };
}

/**
 * The event announcing a comment's current verdict. `action` is the decider's (a moderator's approve
 * or reject, or the worker's; in trial mode `approve`, with the worker's in `wouldBe`); score and
 * signals are always the worker's, the explanation a site may show. Keys are in the order DESIGN.md
 * lists them: the body is sent as built.
 */
export function verdictEvent(
  comment: EventComment,
  decision: { action: Action | null; decidedBy: DecidedBy },
): VerdictEvent {
  if (!comment.decidedAt) throw new Error(`comment ${comment.id} has no verdict to announce`);
  const wouldBe = wouldBeOf(comment);
  return {
    type: 'comment.verdict',
    timestamp: comment.decidedAt,
    data: {
      ...eventSubject(comment),
      action: wouldBe ? 'approve' : decision.action,
      score: comment.verdict?.score ?? null,
      signals: comment.verdict?.signals ?? [],
      decidedBy: decision.decidedBy,
      reason: wouldBe ? null : comment.reason,
      ...(wouldBe ? { wouldBe } : {}),
    },
  };
}

/** The webhook id of a comment version's event: a retry or redelivery is recognisably the same event. */
export const verdictWebhookId = (commentId: string, version: number) => `msg_${commentId}_${version}`;

/** The outbox row that will carry a comment's verdict event to its site. */
export function verdictDelivery(
  comment: EventComment,
  decision: Parameters<typeof verdictEvent>[1],
): NewDelivery {
  return commentDelivery(comment, verdictEvent(comment, decision));
}
