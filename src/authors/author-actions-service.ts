import type { Pool } from 'pg';
import { z } from 'zod';
import { instant } from '../validation';
import { ValidationError } from '../errors';
import { withTransaction } from '../db/pool';
import { lockComment } from '../db/comments-repository';
import { findAuthorCommentIds, authorHistory } from '../db/review-repository';
import { findStanding, setAuthorStanding } from '../db/author-standings-repository';
import {
  insertAuthorAction,
  listAuthorActions,
  type AuthorActionFilter,
  type AuthorActionKind,
} from '../db/author-actions-repository';
import { applyHumanDecision } from '../decisions/human-decision';
import {
  moderatorIdOf,
  requestedScope,
  withinScope,
  type Principal,
  type ScopedFilter,
} from '../access/principal';
import type { StandingKind } from '../moderation/check-context';
import { reasonCodeSchema } from '../moderation/policy';
import { NO_NUL } from '../intake/comment-schema';

/**
 * The author key intake derives (src/intake/submit-comment.ts): `id:<the site's author id>` or
 * `email:<sha256 of the lower-cased address>`.
 */
export const authorKeySchema = z
  .string()
  .regex(/^(id:.{1,200}|email:[0-9a-f]{64})$/s, 'must be an author key such as "id:u-42"')
  .refine(...NO_NUL);

export const authorActionSchema = z
  .object({
    siteId: z.uuid(),
    action: z.enum(['trust', 'premoderate', 'suspend', 'ban', 'clear', 'reject_pending']),
    /** suspend: when the suspension ends (required, in the future). */
    until: instant().optional(),
    /** Why: kept in the audit, and quoted to moderators by the signals it causes. */
    reason: z.string().trim().min(1).max(500),
    /** reject_pending: the public reason of the rejections, a code of the site's catalogue. */
    reasonCode: reasonCodeSchema.optional(),
  })
  .strict();

export type AuthorActionInput = z.infer<typeof authorActionSchema>;

/** The standing each action leaves in force; undefined: the action does not change it. */
const STANDING_OF: Partial<Record<AuthorActionKind, StandingKind | null>> = {
  trust: 'trusted',
  premoderate: 'premoderate',
  suspend: 'suspended',
  ban: 'banned',
  clear: null,
};

/** Statuses of comments that still wait for a verdict: what reject_pending rejects. */
const PENDING = ['queued', 'pending_review'] as const;

function assertUntil(input: AuthorActionInput, now: Date): string | null {
  if (input.action !== 'suspend') {
    if (input.until !== undefined) {
      throw new ValidationError([{ path: 'until', message: 'is only for suspend' }]);
    }
    return null;
  }
  if (input.until === undefined)
    throw new ValidationError([{ path: 'until', message: 'is required to suspend' }]);
  if (new Date(input.until) <= now)
    throw new ValidationError([{ path: 'until', message: 'must be in the future' }]);
  return new Date(input.until).toISOString();
}

/**
 * Moderators acting on an author of one of their sites, keyed by the author key: trust,
 * premoderate, suspend until a time, ban, clear, or reject everything pending at once. The standing
 * acts at intake (the author_standing check); every action is audited with who, when and why.
 */
export function createAuthorActionsService(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    /** The author's standing on the site, their comments per status, and the latest actions on them. */
    async author(principal: Principal, siteId: string, authorKey: string) {
      requestedScope(principal, siteId);
      const [standing, counts, actions] = await Promise.all([
        findStanding(pool, siteId, authorKey),
        authorHistory(pool, siteId, authorKey),
        listAuthorActions(pool, {
          siteIds: [siteId],
          authorKey,
          moderatorId: null,
          since: null,
          until: null,
          limit: 50,
          before: null,
        }),
      ]);
      return { siteId, authorKey, standing, counts, actions };
    },

    /**
     * Takes an action, audited in the same transaction. reject_pending rejects each waiting comment
     * as the moderator's decision (callbacks and learning included) and records how many.
     */
    async act(principal: Principal, authorKey: string, input: AuthorActionInput, now = new Date()) {
      requestedScope(principal, input.siteId);
      const until = assertUntil(input, now);
      const moderatorId = moderatorIdOf(principal);
      return withTransaction(pool, async (client) => {
        let affected: number | null = null;
        const standing = STANDING_OF[input.action];
        if (standing !== undefined) {
          await setAuthorStanding(
            client,
            input.siteId,
            authorKey,
            standing && { kind: standing, until, reason: input.reason },
          );
        } else {
          const ids = await findAuthorCommentIds(client, input.siteId, authorKey, PENDING);
          for (const id of ids) {
            const comment = await lockComment(client, id, [input.siteId]);
            // Decided by a colleague (or the worker) since the list was read: leave it.
            if (!comment || !PENDING.includes(comment.status as (typeof PENDING)[number])) continue;
            await applyHumanDecision(client, comment, {
              toStatus: 'rejected',
              decidedBy: 'moderator',
              moderatorId,
              reasonCode: input.reasonCode ?? null,
              reason: null,
              note: input.reason,
            });
            affected = (affected ?? 0) + 1;
          }
          affected ??= 0;
        }
        const action = await insertAuthorAction(client, {
          siteId: input.siteId,
          authorKey,
          action: input.action,
          until,
          reason: input.reason,
          moderatorId,
          affected,
        });
        return { action, standing: await findStanding(client, input.siteId, authorKey) };
      });
    },

    /** Author actions over the sites the principal may see, newest first. */
    list: (principal: Principal, filter: ScopedFilter<AuthorActionFilter>) =>
      listAuthorActions(pool, withinScope(principal, filter)),
  };
}

export type AuthorActionsService = ReturnType<typeof createAuthorActionsService>;
