import { z } from 'zod';
import { ConflictError } from '../errors';
import { withTransaction } from '../db/pool';
import { storeComments, type Comment } from '../db/comments-repository';
import type { CommentPayload } from './comment-schema';
import { enqueueOrLeaveToSweeper, toNewComment, type IntakeDeps } from './submit-comment';

/**
 * `{ comments: [...] }` with 1..maxBatch comments of the single-comment schema. An id repeated
 * within the batch is an error at the repeat's path, reported with every other bad field.
 */
export function createBatchSchema(commentSchema: z.ZodType<CommentPayload>, maxBatch: number) {
  return z
    .object({
      comments: z.array(commentSchema).min(1).max(maxBatch, `must hold at most ${maxBatch} comments`),
    })
    .strict()
    .superRefine(({ comments }, ctx) => {
      const firstIndex = new Map<string, number>();
      comments.forEach((comment, index) => {
        // zod runs this refinement even when some items failed; those may lack an id.
        if (typeof comment?.id !== 'string') return;
        const first = firstIndex.get(comment.id);
        if (first === undefined) firstIndex.set(comment.id, index);
        else
          ctx.addIssue({
            code: 'custom',
            path: ['comments', index, 'id'],
            message: `repeats the id of comments.${first}`,
          });
      });
    });
}

export type BatchPayload = z.infer<ReturnType<typeof createBatchSchema>>;

/** A batch item's stored comment and whether this batch created it. */
export interface BatchItem {
  comment: Comment;
  created: boolean;
}

/**
 * Accepts a batch all or nothing: the new comments are inserted in one transaction, ids the site
 * sent before are read back, and if any of those carries other content the whole batch is refused
 * (the transaction rolls back, nothing is stored). The new ones are then enqueued in one round trip.
 * Items come back in request order.
 */
export async function submitBatch(
  deps: IntakeDeps,
  siteId: string,
  payloads: readonly CommentPayload[],
): Promise<BatchItem[]> {
  const items = await withTransaction(deps.pool, async (client) => {
    const stored = await storeComments(
      client,
      payloads.map((payload) => toNewComment(siteId, payload)),
    );
    const reused = payloads.filter((payload, i) => stored[i]!.comment.content !== payload.content);
    if (reused.length > 0) {
      const ids = reused.map((payload) => payload.id);
      throw new ConflictError(
        'id_reused',
        `${ids.length} comment id(s) were already sent with other content; nothing in this batch was stored.`,
        { ids },
      );
    }
    return stored;
  });
  const toEnqueue = items.filter((item) => item.created).map((item) => item.comment);
  if (toEnqueue.length > 0) await enqueueOrLeaveToSweeper(deps, toEnqueue);
  return items;
}
