import { performance } from 'node:perf_hooks';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { AutoVerdict } from '../src/db/comments-repository';
import { findAuthorStanding, findCommentsForModeration } from '../src/db/moderation-reads-repository';
import { findAuthorAccount } from '../src/db/author-standings-repository';
import { storeAutoDecisions } from '../src/decisions/auto-decision';
import { loadClassifierStatsMany } from '../src/learning/pg-learning';
import { createBatcher, fulfilled } from '../src/batcher';
import type { ContextSources, CrowdIndex } from '../src/moderation/check-context';
import type { NamedCheck } from '../src/moderation/checks';
import { moderate } from '../src/moderation/moderate';
import type { Action } from '../src/moderation/types';
import type { ModerationJob } from '../src/queues';
import type { Logger } from '../src/logger';
import { loadCheckContext } from '../src/moderation/load-check-context';
import { createStoredPolicyReader, readPolicy } from '../src/moderation/read-policy';
import { verdictOutcome } from '../src/moderation/outcome';
import type { ModerationMetrics } from '../src/metrics';
import type { LivePublisher } from '../src/live/live-events';
import { isDatabaseUnavailable } from '../src/db/pool';
import { recordFailedAttempt, type FailedAttempt } from '../src/db/processing-failures-repository';
import { JOB_STALLED, processingFailedVerdict } from '../src/moderation/processing-failure';
import { failureCode, failureKind } from './processing-failure';

const jobData = z.object({ commentId: z.uuid() });
/**
 * Comments per grouped query, and grouped queries in flight per kind. A grouped query that fails
 * for another reason than an unreachable database is retried comment by comment, so one comment
 * PostgreSQL refuses never fails (or delays) the others of its group.
 */
const DB_BATCH = {
  maxBatch: 64,
  maxInFlight: 2,
  retryAlone: (error: unknown) => !isDatabaseUnavailable(error),
};

/** Failed attempts before a comment is held for review, unless the worker is told otherwise. */
export const DEFAULT_MAX_PROCESSING_ATTEMPTS = 5;

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
  /** Verdicts, signals and check timings for Prometheus; none when absent. */
  metrics?: ModerationMetrics;
  /** Tells open dashboards of the comments held for review; none when absent. */
  live?: LivePublisher;
  /** Failed attempts at one comment before it is held for review (MAX_PROCESSING_ATTEMPTS). */
  maxAttempts?: number;
}

/**
 * Moderates one comment: load it with its site's policy and its author's standing, preload what
 * the checks need, run them, apply the policy, store the verdict. Idempotent: BullMQ may run a job
 * twice, and only a still-queued comment is changed. A comment whose moderation keeps failing is
 * held for review with a `processing_failed` verdict after `maxAttempts` failures (a run its worker
 * did not survive is one), or at once when PostgreSQL refuses its data (see processing-failure.ts),
 * so no comment is retried for ever.
 */
export function createModerationProcessor(deps: ModerationDeps) {
  // Group reads and writes of the jobs in flight: one query per batch instead of one per comment.
  const load = createBatcher(async (ids: string[]) => {
    const found = await findCommentsForModeration(deps.pool, ids);
    return fulfilled(ids.map((id) => found.get(id) ?? null));
  }, DB_BATCH);
  const classifierStats = createBatcher(
    async (requests: Array<{ siteId: string; tokens: readonly string[] }>) =>
      fulfilled(await loadClassifierStatsMany(deps.pool, requests)),
    DB_BATCH,
  );
  const store = createBatcher(
    async (verdicts: Array<AutoVerdict & { id: string; siteId: string; version: number }>) => {
      // The same comment twice in one batch (a re-run stalled job): only the first verdict is sent,
      // the other finds it decided, as it would in a later batch.
      const firsts = new Map(verdicts.map((verdict) => [verdict.id, verdict] as const).reverse());
      const versions = await storeAutoDecisions(deps.pool, [...firsts.values()]);
      // One message per group commit, after it: dashboards re-read a queue that already holds them.
      const held = [...firsts.values()].flatMap((verdict) => {
        const version = versions.get(verdict.id);
        return verdict.status === 'pending_review' && version !== undefined
          ? [{ id: verdict.id, siteId: verdict.siteId, version }]
          : [];
      });
      if (held.length > 0) deps.live?.({ type: 'held', items: held });
      return fulfilled(
        verdicts.map((verdict) =>
          firsts.get(verdict.id) === verdict ? (versions.get(verdict.id) ?? null) : null,
        ),
      );
    },
    DB_BATCH,
  );
  const sources: ContextSources = {
    // Read with the comment (findCommentsForModeration); asked only if that ever changes.
    authorStanding: (siteId, authorKey) => findAuthorStanding(deps.pool, siteId, authorKey),
    authorAccount: (siteId, authorKey) => findAuthorAccount(deps.pool, siteId, authorKey),
    classifierCounts: (siteId, tokens) => classifierStats({ siteId, tokens }),
    crowd: deps.crowd,
  };

  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_PROCESSING_ATTEMPTS;
  const readStoredPolicy = createStoredPolicyReader();
  type Stored = Parameters<typeof store>[0];

  /** Holds a comment whose attempts are spent, with a `processing_failed` verdict naming `code`. */
  const hold = async (commentId: string, code: string, failed: FailedAttempt): Promise<ModerationResult> => {
    const verdict = processingFailedVerdict(code, failed.attempts);
    const held: Stored = {
      id: commentId,
      siteId: failed.siteId,
      version: failed.version,
      ...verdict,
      ...verdictOutcome(verdict, readPolicy(failed.policy).policy),
    };
    const version = await store(held);
    deps.metrics?.moderated({ verdict, checksMs: 0, stored: version !== null });
    return { commentId, action: verdict.action, score: verdict.score, version };
  };

  /** After a failed attempt: count it, and hold the comment if it may not be tried again; else rethrow. */
  const afterFailure = async (commentId: string, error: unknown, log: Logger): Promise<ModerationResult> => {
    const kind = failureKind(error);
    if (kind === 'transient') throw error;
    const code = failureCode(error);
    const failed = await recordFailedAttempt(deps.pool, commentId, code);
    if (!failed) return { commentId, action: null, score: null, version: null };
    if (kind === 'counted' && failed.attempts < maxAttempts) {
      log.warn({ err: error, code, attempts: failed.attempts }, 'moderation failed; will retry');
      throw error;
    }
    const result = await hold(commentId, code, failed);
    log.error(
      { err: error, code, attempts: failed.attempts, stored: result.version !== null },
      'moderation failed; comment held',
    );
    return result;
  };

  /**
   * A run whose worker was killed or crashed mid-job (or lost its job lock) ends in neither a failure
   * nor a verdict: BullMQ moves the job back to wait and counts a stall, not an attempt. A comment that
   * kills its worker every time would so be run for ever. Each stall is counted here as a failed
   * attempt when the job runs again, once (the job keeps how many were counted), and the comment is
   * held without running its checks again when that spends its attempts. Null: run it.
   */
  const countStalls = async (
    job: Job<ModerationJob>,
    commentId: string,
    log: Logger,
  ): Promise<ModerationResult | null> => {
    const stalled = job.stalledCounter ?? 0;
    const uncounted = stalled - (job.data.stallsCounted ?? 0);
    if (uncounted <= 0) return null;
    const failed = await recordFailedAttempt(deps.pool, commentId, JOB_STALLED, uncounted);
    await job.updateData({ ...job.data, stallsCounted: stalled });
    if (!failed) return { commentId, action: null, score: null, version: null };
    if (failed.attempts < maxAttempts) {
      log.warn({ code: JOB_STALLED, stalled, attempts: failed.attempts }, 'moderation stalled; will retry');
      return null;
    }
    const result = await hold(commentId, JOB_STALLED, failed);
    log.error(
      { code: JOB_STALLED, stalled, attempts: failed.attempts, stored: result.version !== null },
      'moderation stalled; comment held',
    );
    return result;
  };

  return async (job: Job<ModerationJob>): Promise<ModerationResult> => {
    const data = jobData.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError('malformed moderation job: commentId must be a uuid');
    const { commentId } = data.data;
    const log = deps.logger.child({ jobId: job.id, commentId, attempt: job.attemptsMade + 1 });
    const afterStalls = await countStalls(job, commentId, log);
    if (afterStalls) return afterStalls;
    try {
      return await moderateComment(commentId, log);
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      return afterFailure(commentId, error, log);
    }
  };

  async function moderateComment(commentId: string, log: Logger): Promise<ModerationResult> {
    const loaded = await load(commentId);
    if (!loaded) throw new UnrecoverableError(`comment ${commentId} does not exist`);
    const { comment } = loaded;
    if (comment.status !== 'queued') {
      log.debug({ status: comment.status }, 'comment already decided');
      return { commentId, action: null, score: null, version: null };
    }

    // The stored policy is read leniently: a value this version refuses falls back to its default,
    // reported here, rather than failing every comment of the site.
    const { policy, problems } = readStoredPolicy(loaded.policyText);
    if (problems.length > 0) log.warn({ siteId: comment.siteId, problems }, 'site policy partly defaulted');
    const context = await loadCheckContext(sources, comment, {
      policy,
      author: loaded.author,
      account: loaded.account,
    });
    const started = performance.now();
    const verdict = moderate(deps.checks, comment, context);
    const checksMs = performance.now() - started;
    const outcome = verdictOutcome(verdict, policy);
    const version = await store({
      id: commentId,
      siteId: comment.siteId,
      version: comment.version,
      ...verdict,
      ...outcome,
    });
    deps.metrics?.moderated({ verdict, checksMs, stored: version !== null });
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
  }
}
