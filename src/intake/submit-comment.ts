import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Queue } from 'bullmq';
import { ConflictError } from '../errors';
import { storeComments, type Comment, type NewComment } from '../db/comments-repository';
import { isDatabaseUnavailable } from '../db/pool';
import { createBatcher, fulfilled } from '../batcher';
import { enqueueModeration, type ModerationJob, type ToModerate } from '../queues';
import type { Logger } from '../logger';
import type { FairQueueing } from '../fairness/fair-share';
import type { CommentPayload } from './comment-schema';

export interface IntakeDeps {
  pool: Pool;
  /** The moderation queues (MODERATION_QUEUES); each comment goes to its site's. */
  moderationQueues: ReadonlyArray<Queue<ModerationJob>>;
  /** Where a site's new comments queue (src/fairness/); without it, first in, first out. */
  fairQueueing?: FairQueueing;
  logger: Logger;
}

/** Stores a new comment durably and enqueues it; see createCommentAcceptor. */
export type AcceptComment = (comment: NewComment) => Promise<{ comment: Comment; created: boolean }>;

/** Rows per INSERT, and INSERTs in flight at once (a share of the pool, leaving room for reads). */
const ACCEPT_BATCH = { maxBatch: 100, maxInFlight: 4 };

/**
 * Intake's write path as group commit: the comments of concurrent requests are stored with one
 * INSERT and enqueued with one addBulk, and each request is answered after that commit, so
 * "durable before 202" holds while a busy api pays one round trip per batch, not per comment.
 * If a batch fails for another reason than an unavailable database, its comments are retried one
 * by one, so one bad row cannot fail its neighbours' requests.
 */
export function createCommentAcceptor(deps: IntakeDeps): AcceptComment {
  const store = async (comments: NewComment[]) => {
    const stored = await storeComments(deps.pool, comments);
    const created = stored.filter((entry) => entry.created).map((entry) => entry.comment);
    if (created.length > 0) await enqueueOrLeaveToSweeper(deps, created);
    return stored;
  };
  return createBatcher(async (comments: NewComment[]) => fulfilled(await store(comments)), {
    ...ACCEPT_BATCH,
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });
}

/** Who wrote it, for author history: the site's author id, else a hash of the e-mail (never the e-mail). */
export function authorKey(author: CommentPayload['author']): string | null {
  if (author.id) return `id:${author.id}`;
  if (author.email) return `email:${createHash('sha256').update(author.email.toLowerCase()).digest('hex')}`;
  return null;
}

/** The row intake stores for a comment a site posted; shared by single and batch intake. */
export function toNewComment(siteId: string, payload: CommentPayload): NewComment {
  return {
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
  };
}

/**
 * Accepts a comment: store it durably, then enqueue it. A repeat of the same id returns the stored
 * record and enqueues nothing; the same id with other content is a conflict.
 */
export async function submitComment(
  accept: AcceptComment,
  siteId: string,
  payload: CommentPayload,
): Promise<{ comment: Comment; created: boolean }> {
  const { comment, created } = await accept(toNewComment(siteId, payload));
  if (!created && comment.content !== payload.content) {
    throw new ConflictError('id_reused', `Comment id "${payload.id}" was already sent with other content.`);
  }
  return { comment, created };
}

/**
 * The rows are committed, so a failed enqueue (Redis down) loses nothing: the sweeper enqueues
 * queued rows it finds later. Intake therefore still answers 202.
 */
export async function enqueueOrLeaveToSweeper(
  deps: IntakeDeps,
  comments: readonly ToModerate[],
): Promise<void> {
  try {
    await enqueueModeration(deps.moderationQueues, comments, deps.fairQueueing);
  } catch (error) {
    deps.logger.warn(
      { err: error, count: comments.length },
      'enqueue failed; the sweeper will enqueue later',
    );
  }
}
