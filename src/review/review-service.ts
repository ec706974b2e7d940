import type { Pool } from 'pg';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import { findCommentById, lockComment, type Comment } from '../db/comments-repository';
import { applyHumanDecision } from '../decisions/human-decision';
import { listAudit, listDecisionsForComment, type AuditFilter } from '../db/decisions-repository';
import { authorHistory, listQueue, recentByAuthor, type QueueFilter } from '../db/review-repository';
import {
  moderatorIdOf,
  siteScope,
  withinScope,
  type Principal,
  type ScopedFilter,
} from '../access/principal';
import type { ClaimStore } from './claims';
import { reviewStats, type statsQuery } from './review-stats';

export const decisionBody = z
  .object({
    action: z.enum(['approve', 'reject']),
    version: z.number().int().min(1),
    reason: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export type DecisionInput = z.infer<typeof decisionBody>;

/** A comment as a moderator sees it: the text, who wrote it where, and why it was held. */
export function presentReviewComment(comment: Comment) {
  return {
    id: comment.id,
    siteId: comment.siteId,
    externalId: comment.externalId,
    status: comment.status,
    version: comment.version,
    content: comment.content,
    author: {
      id: comment.author.id,
      name: comment.author.name,
      email: comment.author.email,
      url: comment.author.url,
    },
    thread: comment.thread,
    parentId: comment.parentId,
    lang: comment.lang,
    score: comment.verdict?.score ?? null,
    action: comment.verdict?.action ?? null,
    signals: comment.verdict?.signals ?? [],
    createdAt: comment.createdAt,
    receivedAt: comment.receivedAt,
    decidedAt: comment.decidedAt,
  };
}

/** The moderators' use cases: the queue, an item, a decision, claims and the audit log. */
export function createReviewService(deps: { pool: Pool; claims: ClaimStore }) {
  const { pool, claims } = deps;
  return {
    /** One page of the queue, each item with who has it open. */
    async queue(principal: Principal, filter: ScopedFilter<QueueFilter>) {
      const rows = await listQueue(pool, withinScope(principal, filter));
      const open = await claims.lookup(rows.map((row) => row.comment.id));
      return rows.map((row) => ({
        item: { ...presentReviewComment(row.comment), claimedBy: open.get(row.comment.id) ?? null },
        position: row.position,
      }));
    },

    /** The comment if the principal may see it, else null. */
    find: (principal: Principal, id: string): Promise<Comment | null> =>
      findCommentById(pool, id, siteScope(principal)),

    /** One review item with the author's track record, the decision history and who has it open. */
    async item(comment: Comment) {
      const [history, recent, decisions, open] = await Promise.all([
        comment.authorKey ? authorHistory(pool, comment.siteId, comment.authorKey) : null,
        comment.authorKey ? recentByAuthor(pool, comment.siteId, comment.authorKey, 11) : [],
        listDecisionsForComment(pool, comment.id),
        claims.lookup([comment.id]),
      ]);
      return {
        ...presentReviewComment(comment),
        authorHistory: history && {
          counts: history,
          recent: recent
            .filter((other) => other.id !== comment.id)
            .slice(0, 10)
            .map((other) => ({
              id: other.id,
              status: other.status,
              receivedAt: other.receivedAt,
              content: other.content,
            })),
        },
        decisions,
        claimedBy: open.get(comment.id) ?? null,
      };
    },

    /**
     * A moderator's decision, taken only on the version the moderator saw: if a colleague (or the
     * worker) changed the comment since, the answer is 409 with the fresh state, so nobody clobbers
     * another's decision. The row lock orders concurrent decisions on one comment. The decision
     * teaches the classifier in the same transaction.
     */
    async decide(principal: Principal, id: string, input: DecisionInput) {
      return withTransaction(pool, async (client) => {
        const comment = await lockComment(client, id, siteScope(principal));
        if (!comment) throw new NotFoundError(`Review item ${id}`);
        if (comment.version !== input.version) {
          throw new ConflictError(
            'version_conflict',
            `This item is at version ${comment.version}, not ${input.version}: someone decided it first.`,
            { current: presentReviewComment(comment) },
          );
        }
        const updated = await applyHumanDecision(client, comment, {
          toStatus: input.action === 'approve' ? 'approved' : 'rejected',
          decidedBy: 'moderator',
          moderatorId: moderatorIdOf(principal),
          reason: input.reason ?? null,
          note: input.note ?? null,
        });
        return presentReviewComment(updated);
      });
    },

    /** Claims (or renews) an item the principal may see, for the claim TTL; 409 while a colleague holds it. */
    async claim(principal: Principal, comment: Comment) {
      const claimedBy = await claims.claim(principal, comment.id);
      return { id: comment.id, claimedBy, ttlSeconds: claims.ttlSeconds };
    },

    /** Releases the principal's claim on the item; a colleague's stays. */
    release: (principal: Principal, comment: Comment) => claims.release(principal, comment.id),

    /** Counts per status and, when asked, activity over time, over the sites the principal asks about. */
    stats: (principal: Principal, query: z.infer<typeof statsQuery>) => reviewStats(pool, principal, query),

    /** The audit log of the sites the principal may see, newest first. */
    audit: (principal: Principal, filter: ScopedFilter<AuditFilter>) =>
      listAudit(pool, withinScope(principal, filter)),
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
