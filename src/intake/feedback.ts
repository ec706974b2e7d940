import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockCommentByExternalId, type Comment } from '../db/comments-repository';
import { applyHumanDecision } from '../decisions/human-decision';

export const feedbackSchema = z
  .object({
    label: z.enum(['spam', 'ham']),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type Feedback = z.infer<typeof feedbackSchema>;

/**
 * The site's own moderators overrode our verdict (Akismet's submit-spam / submit-ham): spam rejects
 * the comment, ham approves it, the change is recorded as decided by the site, and it teaches the
 * classifier. Sending the same label again changes nothing.
 */
export async function submitFeedback(
  pool: Pool,
  siteId: string,
  externalId: string,
  feedback: Feedback,
): Promise<Comment> {
  return withTransaction(pool, async (client) => {
    const comment = await lockCommentByExternalId(client, siteId, externalId);
    if (!comment) throw new NotFoundError(`Comment "${externalId}"`);
    return applyHumanDecision(client, comment, {
      toStatus: feedback.label === 'spam' ? 'rejected' : 'approved',
      decidedBy: 'site',
      moderatorId: null,
      reason: feedback.reason ?? null,
      note: null,
    });
  });
}
