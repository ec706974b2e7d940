import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { CrowdIndex } from './crowd/crowd-index';
import { loadClassifierStats } from './db/classifier-repository';
import { findAuthorStanding } from './db/comments-repository';
import { tokenize, type ScopedStats } from './moderation/classifier';
import type { AuthorStanding, CheckContext } from './moderation/check-context';
import { fingerprint } from './moderation/fingerprint';
import type { Policy } from './moderation/policy';

/** What loading the context reads of a comment, stored (the worker) or only checked (Akismet). */
export interface ContextSubject {
  /** Our comment id; a comment that is only checked has a stable id derived from it instead. */
  id: string;
  siteId: string;
  authorKey: string | null;
  author: { ip?: string };
  content: string;
  /** ISO 8601. */
  receivedAt: string;
}

export interface CheckContextDeps {
  pool: Pool;
  crowd: CrowdIndex;
  /** Reads the classifier's counts; the worker passes a batched reader, others get one query per call. */
  classifierStats?: (siteId: string, tokens: readonly string[]) => Promise<ScopedStats>;
}

/** What the caller knows already: the site's policy and, when it read it, the author's standing. */
export interface KnownContext {
  policy: Policy;
  /** Undefined: read it here. Null: the comment has no author key, so there is no standing. */
  author?: AuthorStanding | null;
}

/** Records the comment in the crowd index and reads back copies of its text and its author's pace. */
function observeCrowd(crowd: CrowdIndex, comment: ContextSubject) {
  return crowd.observe({
    commentId: comment.id,
    siteId: comment.siteId,
    authorKey: comment.authorKey,
    // The index keeps a hash of the IP, never the IP.
    ipKey: comment.author.ip
      ? createHash('sha256').update(comment.author.ip).digest('hex').slice(0, 24)
      : null,
    fingerprint: fingerprint(comment.content),
    at: Date.parse(comment.receivedAt),
  });
}

/**
 * Preloads everything checks read besides the comment, so they stay pure: the author's standing, the
 * crowd index (which records this comment) and the classifier's counts of its tokens. Redis and
 * PostgreSQL are asked at the same time. The worker and the synchronous Akismet comment-check both
 * use it, so a comment gets the same verdict either way. Throws when Redis or PostgreSQL fails:
 * a missing part would let a comment through unchecked.
 */
export async function loadCheckContext(
  deps: CheckContextDeps,
  comment: ContextSubject,
  known: KnownContext,
): Promise<CheckContext> {
  const author =
    known.author !== undefined
      ? Promise.resolve(known.author)
      : comment.authorKey === null
        ? Promise.resolve(null)
        : findAuthorStanding(deps.pool, comment.siteId, comment.authorKey);
  const [standing, crowd, classifier] = await Promise.all([
    author,
    observeCrowd(deps.crowd, comment),
    (deps.classifierStats ?? ((siteId, tokens) => loadClassifierStats(deps.pool, siteId, tokens)))(
      comment.siteId,
      tokenize(comment.content),
    ),
  ]);
  return { policy: known.policy, author: standing, crowd, classifier };
}
