import type { Pool } from 'pg';
import type { RedisClient } from '../redis-connection';
import { UnavailableError } from '../errors';
import { withTransaction, type Db } from '../db/pool';
import type { CommentStatus } from '../db/comments-repository';
import { withdrawComment } from '../decisions/withdraw';
import { insertErasure, type ErasureRecord } from '../db/erasures-repository';
import {
  anonymiseComments,
  deleteAuthorRecords,
  findPersonComments,
  type PersonComment,
} from '../db/personal-data-repository';
import { forgetInCrowd } from '../crowd/forget-crowd';
import { claimKey } from '../review/claims';
import type { RedisKeyspace } from '../redis-keys';
import { authorKey as deriveAuthorKey } from '../intake/submit-comment';
import { ipKeyOf } from '../moderation/load-check-context';
import { moderatorIdOf, type Principal } from '../access/principal';
import { requireSite } from '../sites/sites-service';

/** Statuses in which a comment waits for someone: erasure takes it out of the queues first. */
const OPEN = new Set<CommentStatus>(['queued', 'pending_review', 'appealed']);

const unique = <T>(values: Iterable<T | null | undefined>) =>
  [...new Set(values)].filter((value): value is T => value !== null && value !== undefined);

/** One person on a site: the author key asked for, and the e-mail addresses and other keys their comments share. */
interface Person {
  authorKeys: string[];
  emails: string[];
}

/**
 * Finds who the author key is: the addresses their comments carry, and every key those addresses
 * were sent under (an author id on one comment, only the e-mail on another). One step: a person is
 * who wrote under this key or one of its addresses.
 */
async function identify(db: Db, siteId: string, authorKey: string): Promise<Person> {
  const own = await findPersonComments(db, siteId, { authorKeys: [authorKey], emails: [] }, { lock: false });
  const emails = unique(own.map((comment) => comment.email?.toLowerCase()));
  const byEmail = emails.map((email) => deriveAuthorKey({ email }));
  const all = await findPersonComments(
    db,
    siteId,
    { authorKeys: [authorKey, ...unique(byEmail)], emails },
    { lock: false },
  );
  return { authorKeys: unique([authorKey, ...byEmail, ...all.map((c) => c.authorKey)]), emails };
}

/** Forgets the person's comments in Redis: crowd index entries and pace keys, and claims on their items. */
async function forgetInRedis(deps: ErasureDeps, siteId: string, person: Person, comments: PersonComment[]) {
  const commentIds = comments.map((comment) => comment.id);
  try {
    const crowd = await forgetInCrowd(deps.redis, deps.keys.crowd, {
      siteId,
      authorKeys: person.authorKeys,
      commentIds,
      ipKeys: unique(comments.map((comment) => comment.ip && ipKeyOf(comment.ip))),
    });
    const claims =
      commentIds.length > 0
        ? await deps.redis.del(...commentIds.map((id) => claimKey(deps.keys.claims, id)))
        : 0;
    return { redisKeys: crowd.keys + claims, redisEntries: crowd.entries };
  } catch (error) {
    throw new UnavailableError(
      `Redis cannot be reached (${(error as Error).message}); nothing was erased. Retry: erasure is idempotent.`,
    );
  }
}

export interface ErasureDeps {
  pool: Pool;
  /** The api's Redis: the crowd index and claims live there. */
  redis: RedisClient;
  /** Their namespaces (src/redis-keys.ts). */
  keys: Pick<RedisKeyspace, 'crowd' | 'claims'>;
}

/** What an erasure removed, as the receipt says it; never whose data it was. */
export type ErasureReceipt = ErasureRecord;

/**
 * Erases one person's personal data on a site on request (GDPR art. 17): the text, name, e-mail,
 * IP address and author key of every comment they sent, everywhere the service keeps them —
 * earlier revisions, appeal texts, decision notes, callback bodies, classifier examples, author
 * actions and notes, and the Redis crowd index and claims. The learned classifier's counts stay. Comments
 * stay as anonymous rows so counts and stats stay right; those still waiting for a person leave
 * the queues (`deleted`, an `erase` decision). Redis goes first, so a Redis failure erases nothing
 * and the request can be repeated; repeating a finished erasure removes nothing more.
 */
export function createErasureService(deps: ErasureDeps) {
  return {
    async erase(principal: Principal, siteId: string, authorKey: string): Promise<ErasureReceipt> {
      await requireSite(deps.pool, siteId);
      const person = await identify(deps.pool, siteId, authorKey);
      const seen = await findPersonComments(deps.pool, siteId, person, { lock: false });
      const redis = await forgetInRedis(deps, siteId, person, seen);
      const moderatorId = moderatorIdOf(principal);
      const { receipt, late } = await withTransaction(deps.pool, async (client) => {
        const comments = await findPersonComments(client, siteId, person, { lock: true });
        const waiting = comments.filter((comment) => OPEN.has(comment.status));
        for (const comment of waiting) {
          await withdrawComment(
            client,
            { ...comment, siteId, score: null },
            { action: 'erase', decidedBy: 'moderator', moderatorId },
          );
        }
        const removed = await anonymiseComments(
          client,
          comments.map((comment) => comment.id),
        );
        const records = await deleteAuthorRecords(client, siteId, person.authorKeys);
        const erasure = await insertErasure(client, {
          siteId,
          requestedBy: principal.kind,
          moderatorId,
          removed: {
            ...removed,
            withdrawnFromQueues: waiting.length,
            authorStandings: records.standings,
            authorActions: records.actions,
            authorNotes: records.notes,
            ...redis,
          },
        });
        const known = new Set(seen.map((comment) => comment.id));
        return { receipt: erasure, late: comments.filter((comment) => !known.has(comment.id)) };
      });
      // Comments that arrived between the Redis pass and the transaction: forget them too.
      if (late.length > 0) await forgetInRedis(deps, siteId, person, late);
      return receipt;
    },
  };
}

export type ErasureService = ReturnType<typeof createErasureService>;
