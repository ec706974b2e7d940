import type { Pool } from 'pg';
import { NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockCommentByExternalId, setStatus, type Comment } from '../db/comments-repository';
import { insertDecision } from '../db/decisions-repository';
import { closePendingAppeal } from '../db/appeals-repository';

/**
 * The site removed a comment: it leaves every queue (status `deleted`, a new version) and the
 * change is recorded in the audit as the site's. No callback: the site made the change itself.
 * An open appeal is withdrawn. Deleting it again changes nothing.
 */
export async function deleteComment(pool: Pool, siteId: string, externalId: string): Promise<Comment> {
  return withTransaction(pool, async (client) => {
    const comment = await lockCommentByExternalId(client, siteId, externalId);
    if (!comment) throw new NotFoundError(`Comment "${externalId}"`);
    if (comment.status === 'deleted') return comment;
    const deleted = await setStatus(client, comment.id, 'deleted', null);
    await insertDecision(client, {
      commentId: comment.id,
      siteId,
      version: deleted.version,
      fromStatus: comment.status,
      toStatus: 'deleted',
      action: 'delete',
      decidedBy: 'site',
      moderatorId: null,
      score: comment.verdict?.score ?? null,
      reason: null,
      reasonCode: null,
      note: null,
    });
    await closePendingAppeal(client, comment.id, {
      status: 'withdrawn',
      decidedBy: 'site',
      moderatorId: null,
    });
    return deleted;
  });
}
