import type { Comment, CommentStatus } from '../db/comments-repository';
import type { NewDelivery } from '../db/deliveries-repository';
import type { Action, Signal } from '../moderation/types';

/** Who decided a verdict: the worker, a moderator, or the site's own moderators (feedback). */
export type DecidedBy = 'auto' | 'moderator' | 'site';

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
  };
}

/**
 * The event announcing a comment's current verdict. `action` is the decider's (a moderator's approve
 * or reject, or the worker's); score and signals are always the worker's, the explanation a site
 * may show. Keys are in the order DESIGN.md lists them: the body is sent as built.
 */
export function verdictEvent(
  comment: Pick<Comment, 'id' | 'externalId' | 'siteId' | 'status' | 'version' | 'verdict' | 'decidedAt'>,
  decision: { action: Action | null; decidedBy: DecidedBy },
): VerdictEvent {
  if (!comment.decidedAt) throw new Error(`comment ${comment.id} has no verdict to announce`);
  return {
    type: 'comment.verdict',
    timestamp: comment.decidedAt,
    data: {
      id: comment.id,
      externalId: comment.externalId,
      siteId: comment.siteId,
      status: comment.status,
      version: comment.version,
      action: decision.action,
      score: comment.verdict?.score ?? null,
      signals: comment.verdict?.signals ?? [],
      decidedBy: decision.decidedBy,
    },
  };
}

/** The webhook id of a comment version's event: a retry or redelivery is recognisably the same event. */
export const verdictWebhookId = (commentId: string, version: number) => `msg_${commentId}_${version}`;

/** The outbox row that will carry a comment's verdict event to its site. */
export function verdictDelivery(
  comment: Parameters<typeof verdictEvent>[0],
  decision: Parameters<typeof verdictEvent>[1],
): NewDelivery {
  return {
    siteId: comment.siteId,
    commentId: comment.id,
    version: comment.version,
    webhookId: verdictWebhookId(comment.id, comment.version),
    body: JSON.stringify(verdictEvent(comment, decision)),
  };
}
