import type { PublicReason } from '../moderation/reasons';
import type { NewDelivery } from '../db/deliveries-repository';
import { commentDelivery, eventSubject, type EventComment } from './verdict-event';

/** How an appeal ended: the rejection stands (`upheld`) or is lifted (`overturned`). */
export type AppealOutcome = 'upheld' | 'overturned';

/** The body of a `comment.appeal_decided` callback: the answer to the commenter's appeal. */
export interface AppealDecidedEvent {
  type: 'comment.appeal_decided';
  timestamp: string;
  data: {
    id: string;
    externalId: string;
    siteId: string;
    status: EventComment['status'];
    version: number;
    appealId: string;
    outcome: AppealOutcome;
    decidedBy: 'moderator' | 'site';
    /** Why it stays rejected, in words the site may show the commenter; null when overturned. */
    reason: PublicReason | null;
  };
}

/**
 * The event that ends an appeal. It takes the place of the version's `comment.verdict` event (one
 * event per comment version), and carries the new status and version as that one would.
 */
export function appealDecidedDelivery(
  comment: EventComment,
  appeal: { id: string; outcome: AppealOutcome; decidedBy: 'moderator' | 'site' },
): NewDelivery {
  if (!comment.decidedAt) throw new Error(`comment ${comment.id} has no decision to announce`);
  const event: AppealDecidedEvent = {
    type: 'comment.appeal_decided',
    timestamp: comment.decidedAt,
    data: {
      ...eventSubject(comment),
      appealId: appeal.id,
      outcome: appeal.outcome,
      decidedBy: appeal.decidedBy,
      reason: appeal.outcome === 'upheld' ? comment.reason : null,
    },
  };
  return commentDelivery(comment, event);
}
