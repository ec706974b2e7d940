import type { Policy } from './policy';

/** The author's track record on the site, excluding the comment at hand. */
export interface AuthorStanding {
  approved: number;
  rejected: number;
  /** Rejections within the last 30 days. */
  recentRejected: number;
}

/** What other comments say about this one: copies of its text and the pace of its author. */
export interface CrowdSignals {
  /** Other authors who sent the same or nearly the same text within the window. */
  duplicateAuthors: number;
  /** Other sites that received the same or nearly the same text within the window. */
  duplicateSites: number;
  /** Comments by the same author on the site within the window, this one included. */
  authorRecent: number;
  /** Comments from the same IP address on the site within the window, this one included. */
  ipRecent: number;
  windowSeconds: number;
}

/** Token counts the learned classifier needs for one comment, in one scope (a site, or all sites). */
export interface ClassifierStats {
  /** Documents learned per label. */
  spamDocs: number;
  hamDocs: number;
  /** Per token of this comment: in how many learned spam and ham documents it appeared; unseen tokens are absent. */
  tokens: Map<string, { spam: number; ham: number }>;
}

/**
 * Everything checks may read besides the comment, preloaded by the worker (or the evaluation
 * command) so that checks stay pure. A null part is unavailable, and its check abstains.
 */
export interface CheckContext {
  policy: Policy;
  author: AuthorStanding | null;
  crowd: CrowdSignals | null;
  classifier: { site: ClassifierStats; global: ClassifierStats; tokens: readonly string[] } | null;
}

/** Whether the policy trusts this author: enough approved comments on the site. */
export function isTrusted(
  author: AuthorStanding | null,
  policy: Pick<Policy, 'trustedAfterApproved'>,
): boolean {
  return author !== null && policy.trustedAfterApproved > 0 && author.approved >= policy.trustedAfterApproved;
}
