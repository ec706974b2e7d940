import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import { z } from 'zod';
import {
  findCommentForModeration,
  storeAutoVerdict,
  type Comment,
  type CommentStatus,
} from '../src/db/comments-repository';
import type { CrowdIndex } from '../src/crowd/crowd-index';
import { loadClassifierStats } from '../src/db/classifier-repository';
import { tokenize } from '../src/moderation/classifier';
import type { NamedCheck } from '../src/moderation/checks';
import type { CheckContext } from '../src/moderation/context';
import { fingerprint } from '../src/moderation/fingerprint';
import { moderate } from '../src/moderation/moderate';
import { policySchema } from '../src/moderation/policy';
import type { Action } from '../src/moderation/types';
import type { ModerationJob } from '../src/queues';
import type { Logger } from '../src/logger';

const STATUS_OF: Record<Action, CommentStatus> = {
  approve: 'approved',
  review: 'pending_review',
  reject: 'rejected',
};
const jobData = z.object({ commentId: z.uuid() });

export interface ModerationResult {
  commentId: string;
  action: Action | null;
  score: number | null;
  /** The version the verdict was stored at; null when the comment had been decided already. */
  version: number | null;
}

export interface ModerationDeps {
  pool: Pool;
  checks: NamedCheck[];
  crowd: CrowdIndex;
  logger: Logger;
}

/** Records the comment in the crowd index and reads back copies of its text and its author's pace. */
function observeCrowd(crowd: CrowdIndex, comment: Comment) {
  return crowd.observe({
    commentId: comment.id,
    siteId: comment.siteId,
    authorKey: comment.authorKey,
    ipKey: comment.author.ip
      ? createHash('sha256').update(comment.author.ip).digest('hex').slice(0, 24)
      : null,
    fingerprint: fingerprint(comment.content),
    at: Date.parse(comment.receivedAt),
  });
}

/**
 * Moderates one comment: load it with its site's policy and its author's standing, preload what
 * the checks need, run them, apply the policy, store the verdict. Idempotent: BullMQ may run a job
 * twice, and only a still-queued comment is changed.
 */
export function createModerationProcessor(deps: ModerationDeps) {
  return async (job: Job<ModerationJob>): Promise<ModerationResult> => {
    const data = jobData.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError('malformed moderation job: commentId must be a uuid');
    const { commentId } = data.data;
    const log = deps.logger.child({ jobId: job.id, commentId, attempt: job.attemptsMade + 1 });

    const loaded = await findCommentForModeration(deps.pool, commentId);
    if (!loaded) throw new UnrecoverableError(`comment ${commentId} does not exist`);
    const { comment } = loaded;
    if (comment.status !== 'queued') {
      log.debug({ status: comment.status }, 'comment already decided');
      return { commentId, action: null, score: null, version: null };
    }

    const policy = policySchema.parse(loaded.policy ?? {});
    // Redis (crowd) and PostgreSQL (classifier counts) are asked at the same time.
    const [crowd, classifier] = await Promise.all([
      observeCrowd(deps.crowd, comment),
      loadClassifierStats(deps.pool, comment.siteId, tokenize(comment.content)),
    ]);
    const context: CheckContext = { policy, author: loaded.author, crowd, classifier };
    const started = performance.now();
    const verdict = moderate(deps.checks, comment, context);
    const checksMs = performance.now() - started;
    const version = await storeAutoVerdict(deps.pool, commentId, {
      ...verdict,
      status: STATUS_OF[verdict.action],
    });
    log.info(
      {
        action: verdict.action,
        score: verdict.score,
        codes: verdict.signals.map((s) => s.code),
        checksMs,
        stored: version !== null,
      },
      'comment moderated',
    );
    return { commentId, action: verdict.action, score: verdict.score, version };
  };
}
