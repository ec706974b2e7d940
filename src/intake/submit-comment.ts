import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Queue } from 'bullmq';
import { ConflictError } from '../errors';
import { insertComment, type Comment } from '../db/comments-repository';
import { enqueueModeration, type ModerationJob } from '../queues';
import type { Logger } from '../logger';
import type { CommentPayload } from './comment-schema';

export interface IntakeDeps {
  pool: Pool;
  moderationQueue: Queue<ModerationJob>;
  logger: Logger;
}

/** Who wrote it, for author history: the site's author id, else a hash of the e-mail (never the e-mail). */
export function authorKey(author: CommentPayload['author']): string | null {
  if (author.id) return `id:${author.id}`;
  if (author.email) return `email:${createHash('sha256').update(author.email.toLowerCase()).digest('hex')}`;
  return null;
}

/**
 * Accepts a comment: store it durably, then enqueue it. A repeat of the same id returns the stored
 * record and enqueues nothing; the same id with other content is a conflict.
 */
export async function submitComment(
  deps: IntakeDeps,
  siteId: string,
  payload: CommentPayload,
): Promise<{ comment: Comment; created: boolean }> {
  const { comment, created } = await insertComment(deps.pool, {
    siteId,
    externalId: payload.id,
    content: payload.content,
    author: payload.author,
    authorKey: authorKey(payload.author),
    thread: payload.thread,
    parentId: payload.parentId ?? null,
    lang: payload.lang ?? null,
    honeypot: payload.honeypot ?? null,
    meta: payload.meta,
    createdAt: payload.createdAt ?? null,
  });
  if (!created) {
    if (comment.content !== payload.content) {
      throw new ConflictError('id_reused', `Comment id "${payload.id}" was already sent with other content.`);
    }
    return { comment, created };
  }
  await enqueueOrLeaveToSweeper(deps, [comment.id]);
  return { comment, created };
}

/**
 * The rows are committed, so a failed enqueue (Redis down) loses nothing: the sweeper enqueues
 * queued rows it finds later. Intake therefore still answers 202.
 */
export async function enqueueOrLeaveToSweeper(deps: IntakeDeps, commentIds: string[]): Promise<void> {
  try {
    await enqueueModeration(deps.moderationQueue, commentIds);
  } catch (error) {
    deps.logger.warn(
      { err: error, count: commentIds.length },
      'enqueue failed; the sweeper will enqueue later',
    );
  }
}
