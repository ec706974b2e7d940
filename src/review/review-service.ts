import type { Pool } from 'pg';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors';
import { withTransaction } from '../db/pool';
import {
  COMMENT_STATUSES,
  findCommentById,
  lockComment,
  type Comment,
  type CommentStatus,
} from '../db/comments-repository';
import { applyHumanDecision } from '../decisions/human-decision';
import { listAudit, listDecisionsForComment, type AuditFilter } from '../db/decisions-repository';
import { listAuthorNotes } from '../db/author-notes-repository';
import {
  authorHistory,
  listQueue,
  lookupAuthorsOrThreads,
  recentByAuthor,
  type QueueFilter,
} from '../db/review-repository';
import {
  moderatorIdOf,
  siteScope,
  withinScope,
  type Principal,
  type ScopedFilter,
} from '../access/principal';
import type { LivePublisher } from '../live/live-events';
import type { ClaimStore } from './claims';
import { actorOf } from './actor';
import { reviewStats, type statsQuery } from './review-stats';
import { parseSearchTerms } from './search-terms';
import { reasonCodeSchema } from '../moderation/policy';
import { listRevisions } from '../db/comment-revisions-repository';
import { listAppealsForComment } from '../db/appeals-repository';
import { revisionHistory } from './revision-history';

/** The statuses a moderator may list the queue by: every one. */
export const QUEUE_STATUSES = COMMENT_STATUSES;

export const decisionBody = z
  .object({
    action: z.enum(['approve', 'reject']),
    version: z.number().int().min(1),
    /** The public reason of a rejection: a code of the site's reason catalogue. */
    reasonCode: reasonCodeSchema.optional(),
    /** The moderator's own words; when it is a catalogue code and reasonCode is absent, it is taken as the code. */
    reason: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export type DecisionInput = z.infer<typeof decisionBody>;

/** A queue page as a reader asks for it: a status or all of them, and optionally what to search for. */
export type QueueQuery = Omit<ScopedFilter<QueueFilter>, 'status' | 'terms'> & {
  status: CommentStatus | 'all';
  q?: string;
};

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
      ip: comment.author.ip,
    },
    /** What author actions and erasure name the author by (null: anonymous). */
    authorKey: comment.authorKey,
    thread: comment.thread,
    parentId: comment.parentId,
    lang: comment.lang,
    score: comment.verdict?.score ?? null,
    action: comment.verdict?.action ?? null,
    signals: comment.verdict?.signals ?? [],
    reason: comment.reason,
    observed: comment.observed,
    revision: comment.revision,
    anonymisedAt: comment.anonymisedAt,
    createdAt: comment.createdAt,
    receivedAt: comment.receivedAt,
    decidedAt: comment.decidedAt,
  };
}

/** The moderators' use cases: the queue and search, an item, a decision, claims and the audit log. */
export function createReviewService(deps: {
  pool: Pool;
  /** The queue, stats and audit reads: a replica may lag a moment behind, which a list can afford. */
  readPool?: Pool;
  claims: ClaimStore;
  live: LivePublisher;
}) {
  const { pool, readPool = pool, claims, live } = deps;
  return {
    /** One page of the queue (or of a search), each item with who has it open. */
    async queue(principal: Principal, { status, q, ...filter }: QueueQuery) {
      const rows = await listQueue(
        readPool,
        withinScope(principal, {
          ...filter,
          status: status === 'all' ? null : status,
          terms: q === undefined ? undefined : parseSearchTerms(q),
        }),
      );
      const open = await claims.lookup(rows.map((row) => row.comment.id));
      return rows.map((row) => ({
        item: { ...presentReviewComment(row.comment), claimedBy: open.get(row.comment.id) ?? null },
        position: row.position,
      }));
    },

    /** Authors or threads of the reader's sites whose id or name holds `q`, for the filter pickers. */
    lookup: (principal: Principal, query: { kind: 'author' | 'thread'; q: string; siteId?: string }) =>
      lookupAuthorsOrThreads(
        pool,
        query.kind,
        withinScope(principal, { siteId: query.siteId, term: query.q, limit: 20 }),
      ),

    /** The comment if the principal may see it, else null. */
    find: (principal: Principal, id: string): Promise<Comment | null> =>
      findCommentById(pool, id, siteScope(principal)),

    /**
     * One review item with the author's track record and notes, the decision history, the edit
     * history with what each revision changed, its appeals, and who has it open.
     */
    async item(comment: Comment) {
      const author = comment.authorKey;
      const [history, recent, notes, decisions, open, revisions, appeals] = await Promise.all([
        author ? authorHistory(pool, comment.siteId, author) : null,
        author ? recentByAuthor(pool, comment.siteId, author, 11) : [],
        author ? listAuthorNotes(pool, comment.siteId, author, 50) : [],
        listDecisionsForComment(pool, comment.id),
        claims.lookup([comment.id]),
        comment.revision > 1 ? listRevisions(pool, comment.id) : [],
        listAppealsForComment(pool, comment.id),
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
          notes,
        },
        decisions,
        revisions: revisionHistory(comment, revisions),
        appeals,
        claimedBy: open.get(comment.id) ?? null,
      };
    },

    /**
     * A moderator's decision, taken only on the version the moderator saw: if a colleague (or the
     * worker) changed the comment since, the answer is 409 with the fresh state, so nobody clobbers
     * another's decision. The row lock orders concurrent decisions on one comment. The decision
     * teaches the classifier in the same transaction. One that changes nothing records nothing and
     * says so (`changed: false`).
     */
    async decide(principal: Principal, id: string, input: DecisionInput) {
      const { before, after } = await withTransaction(pool, async (client) => {
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
          reasonCode: input.reasonCode ?? null,
          reason: input.reason ?? null,
          note: input.note ?? null,
        });
        return { before: comment, after: updated };
      });
      const changed = after.version !== before.version;
      if (changed) {
        live({
          type: 'decided',
          id,
          siteId: after.siteId,
          status: after.status,
          version: after.version,
          by: actorOf(principal),
        });
      }
      return { ...presentReviewComment(after), changed };
    },

    /** Claims (or renews) an item the principal may see, for the claim TTL; 409 while a colleague holds it. */
    async claim(principal: Principal, comment: Comment) {
      const claimedBy = await claims.claim(principal, comment.id);
      live({ type: 'claimed', id: comment.id, siteId: comment.siteId, by: actorOf(principal) });
      return { id: comment.id, claimedBy, ttlSeconds: claims.ttlSeconds };
    },

    /** Releases the principal's claim on the item; a colleague's stays. */
    async release(principal: Principal, comment: Comment) {
      if (!(await claims.release(principal, comment.id))) return;
      live({ type: 'released', id: comment.id, siteId: comment.siteId, by: actorOf(principal) });
    },

    /** Counts per status and, when asked, activity over time, over the sites the principal asks about. */
    stats: (principal: Principal, query: z.infer<typeof statsQuery>) =>
      reviewStats(readPool, principal, query),

    /** The audit log of the sites the principal may see, newest first. */
    audit: (principal: Principal, filter: ScopedFilter<AuditFilter>) =>
      listAudit(readPool, withinScope(principal, filter)),
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
