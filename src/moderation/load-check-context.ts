import { createHash } from 'node:crypto';
import type {
  AuthorAccount,
  AuthorStanding,
  CheckContext,
  ContextSources,
  CrowdIndex,
} from './check-context';
import { tokenize } from './classifier/tokenizer';
import { fingerprint } from './fingerprint';
import type { Policy } from './policy';

/** What loading the context reads of a comment, stored (the worker) or only checked (Akismet, eval). */
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

/** What the caller knows already: the site's policy and, when it read it, the author's standing. */
export interface KnownContext {
  policy: Policy;
  /** Undefined: read it from the sources. Null: the comment has no author key, so there is no standing. */
  author?: AuthorStanding | null;
  /** Likewise the author's account (author actions, how new the author is). */
  account?: AuthorAccount | null;
}

/** What the crowd index keeps of an IP address: a hash, never the address. */
export const ipKeyOf = (ip: string) => createHash('sha256').update(ip).digest('hex').slice(0, 24);

/** Records the comment in the crowd index and reads back copies of its text and its author's pace. */
function observeCrowd(crowd: CrowdIndex, comment: ContextSubject) {
  return crowd.observe({
    commentId: comment.id,
    siteId: comment.siteId,
    authorKey: comment.authorKey,
    // The index keeps a hash of the IP, never the IP.
    ipKey: comment.author.ip ? ipKeyOf(comment.author.ip) : null,
    fingerprint: fingerprint(comment.content),
    at: Date.parse(comment.receivedAt),
  });
}

/**
 * Preloads everything checks read besides the comment, so they stay pure: the author's standing,
 * the crowd index (which records this comment), the classifier's counts of its tokens and, where
 * accounts are kept, the author's account (author actions), asked of the sources at the same time. The worker, Akismet's comment-check and the evaluation command
 * all build their context here, so a comment gets the same verdict whichever way it comes.
 * Rejects when a source fails: a missing part would let a comment through unchecked.
 */
export async function loadCheckContext(
  sources: ContextSources,
  comment: ContextSubject,
  known: KnownContext,
): Promise<CheckContext> {
  const author =
    known.author !== undefined
      ? Promise.resolve(known.author)
      : comment.authorKey === null
        ? Promise.resolve(null)
        : sources.authorStanding(comment.siteId, comment.authorKey);
  // Undefined where nobody keeps accounts (the evaluation command), null for an anonymous comment.
  const account =
    known.account !== undefined
      ? known.account
      : !sources.authorAccount
        ? undefined
        : comment.authorKey === null
          ? null
          : sources.authorAccount(comment.siteId, comment.authorKey);
  const [standing, crowd, classifier, authorAccount] = await Promise.all([
    author,
    observeCrowd(sources.crowd, comment),
    sources.classifierCounts(comment.siteId, tokenize(comment.content)),
    account,
  ]);
  const context: CheckContext = { policy: known.policy, author: standing, crowd, classifier };
  if (authorAccount !== undefined) context.account = authorAccount;
  return context;
}
