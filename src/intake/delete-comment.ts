import type { Pool } from 'pg';
import { NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockCommentByExternalId, type Comment } from '../db/comments-repository';
import { withdrawComment } from '../decisions/withdraw';

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
    return withdrawComment(
      client,
      { ...comment, score: comment.verdict?.score ?? null },
      { action: 'delete', decidedBy: 'site', moderatorId: null },
    );
  });
}
