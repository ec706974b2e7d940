import type { Comment } from '../db/comments-repository';

/** A comment as the site that sent it sees it: its state and verdict, not its own payload back. */
export function presentComment(comment: Comment) {
  return {
    id: comment.id,
    externalId: comment.externalId,
    siteId: comment.siteId,
    status: comment.status,
    version: comment.version,
    verdict: comment.verdict,
    receivedAt: comment.receivedAt,
    decidedAt: comment.decidedAt,
  };
}
