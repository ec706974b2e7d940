import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockCommentByExternalId, type Comment } from '../db/comments-repository';
import { applyHumanDecision } from '../decisions/human-decision';
import type { LivePublisher } from '../live/live-events';

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
 * classifier. Sending the same label again changes nothing. A change is announced to open dashboards.
 */
export async function submitFeedback(
  pool: Pool,
  siteId: string,
  externalId: string,
  feedback: Feedback,
  live?: LivePublisher,
): Promise<Comment> {
  const { before, after } = await withTransaction(pool, async (client) => {
    const comment = await lockCommentByExternalId(client, siteId, externalId);
    if (!comment) throw new NotFoundError(`Comment "${externalId}"`);
    const updated = await applyHumanDecision(client, comment, {
      toStatus: feedback.label === 'spam' ? 'rejected' : 'approved',
      decidedBy: 'site',
      moderatorId: null,
      reasonCode: feedback.label === 'spam' ? 'spam' : null,
      reason: feedback.reason ?? null,
      note: null,
    });
    return { before: comment, after: updated };
  });
  if (after.version !== before.version) {
    live?.({
      type: 'decided',
      id: after.id,
      siteId,
      status: after.status,
      version: after.version,
      by: { moderatorId: null, name: 'the site' },
    });
  }
  return after;
}
