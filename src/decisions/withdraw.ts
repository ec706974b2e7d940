import type { Db } from '../db/pool';
import { setStatus, type Comment } from '../db/comments-repository';
import { insertDecision } from '../db/decisions-repository';
import { closePendingAppeal } from '../db/appeals-repository';

/**
 * Takes a locked comment out of every queue, inside the caller's transaction: status `deleted`, a
 * new version, the audit row of who did it (the site deleting it, or an administrator erasing its
 * author) and its open appeal withdrawn. No callback: whoever did it knows.
 */
export async function withdrawComment(
  db: Db,
  comment: Pick<Comment, 'id' | 'siteId' | 'status'> & { score: number | null },
  by: { action: 'delete' | 'erase'; decidedBy: 'site' | 'moderator'; moderatorId: string | null },
): Promise<Comment> {
  const deleted = await setStatus(db, comment.id, 'deleted', null);
  await insertDecision(db, {
    commentId: comment.id,
    siteId: comment.siteId,
    version: deleted.version,
    fromStatus: comment.status,
    toStatus: 'deleted',
    action: by.action,
    decidedBy: by.decidedBy,
    moderatorId: by.moderatorId,
    score: comment.score,
    reason: null,
    reasonCode: null,
    note: null,
  });
  await closePendingAppeal(db, comment.id, {
    status: 'withdrawn',
    decidedBy: by.decidedBy,
    moderatorId: by.moderatorId,
  });
  return deleted;
}
