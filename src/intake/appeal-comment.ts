import type { Pool } from 'pg';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockCommentByExternalId, setStatus, type Comment } from '../db/comments-repository';
import { insertDecision } from '../db/decisions-repository';
import { insertAppeal, type Appeal } from '../db/appeals-repository';
import { assertDecidable } from '../decisions/human-decision';
import { NO_NUL } from './comment-schema';

export const appealSchema = z
  .object({
    /** The commenter's own words: why the rejection is wrong. */
    text: z
      .string()
      .trim()
      .min(1)
      .max(5000)
      .refine(...NO_NUL),
  })
  .strict();

export type AppealInput = z.infer<typeof appealSchema>;

/**
 * The commenter contests a rejection (the DSA's internal complaint): the comment moves to the
 * `appealed` queue (a new version, an `appeal` decision by the site) with the commenter's text, and
 * keeps its reason until a moderator decides; the outcome comes as a `comment.appeal_decided`
 * callback. Only a rejected comment can be appealed, and each revision of its text once.
 */
export async function appealComment(
  pool: Pool,
  siteId: string,
  externalId: string,
  input: AppealInput,
): Promise<{ comment: Comment; appeal: Appeal }> {
  return withTransaction(pool, async (client) => {
    const comment = await lockCommentByExternalId(client, siteId, externalId);
    if (!comment) throw new NotFoundError(`Comment "${externalId}"`);
    assertDecidable(comment);
    if (comment.status === 'appealed') {
      throw new ConflictError('appeal_pending', 'This comment is appealed already; a moderator will decide.');
    }
    if (comment.status !== 'rejected') {
      throw new ConflictError(
        'not_appealable',
        `Only a rejected comment can be appealed; this one is ${comment.status}.`,
      );
    }
    const appeal = await insertAppeal(client, {
      commentId: comment.id,
      siteId,
      version: comment.version,
      revision: comment.revision,
      text: input.text,
    });
    if (!appeal) {
      throw new ConflictError('already_appealed', 'This text was appealed before; the outcome stands.');
    }
    const appealed = await setStatus(client, comment.id, 'appealed', comment.reason);
    await insertDecision(client, {
      commentId: comment.id,
      siteId,
      version: appealed.version,
      fromStatus: comment.status,
      toStatus: 'appealed',
      action: 'appeal',
      decidedBy: 'site',
      moderatorId: null,
      score: comment.verdict?.score ?? null,
      reason: null,
      reasonCode: comment.reason?.code ?? null,
      note: null,
    });
    return { comment: appealed, appeal };
  });
}
