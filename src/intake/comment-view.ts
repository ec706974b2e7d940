import type { Comment } from '../db/comments-repository';
import type { Appeal } from '../db/appeals-repository';
import { wouldBeOf } from '../delivery/verdict-event';

/** An appeal as the site sees it: not the commenter's text back, only where it stands. */
export const presentAppeal = (appeal: Appeal) => ({
  id: appeal.id,
  status: appeal.status,
  createdAt: appeal.createdAt,
  decidedAt: appeal.decidedAt,
});

/**
 * A comment as the site that sent it sees it: its state, verdict and public reason, not its own
 * payload back; in trial mode the would-be verdict; with `appeal`, its latest appeal (null: none).
 */
export function presentComment(comment: Comment, extra: { appeal?: Appeal | null } = {}) {
  const wouldBe = wouldBeOf(comment);
  return {
    id: comment.id,
    externalId: comment.externalId,
    siteId: comment.siteId,
    status: comment.status,
    version: comment.version,
    revision: comment.revision,
    verdict: comment.verdict,
    reason: wouldBe ? null : comment.reason,
    ...(wouldBe ? { wouldBe } : {}),
    ...(extra.appeal !== undefined ? { appeal: extra.appeal && presentAppeal(extra.appeal) } : {}),
    receivedAt: comment.receivedAt,
    decidedAt: comment.decidedAt,
  };
}
