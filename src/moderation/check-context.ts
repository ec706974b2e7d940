import type { Fingerprint } from './fingerprint';
import type { Policy } from './policy';

/** The author's track record on the site, excluding the comment at hand. */
export interface AuthorStanding {
  approved: number;
  rejected: number;
  /** Rejections within the last 30 days. */
  recentRejected: number;
}

/** A standing a site's moderators gave an author (author actions). */
export type StandingKind = 'trusted' | 'premoderate' | 'suspended' | 'banned';

/** What the site's moderators decided about the author, and how new the author is. */
export interface AuthorAccount {
  /** The standing in force, if any; a suspension carries when it ends (ISO 8601). */
  standing: { kind: StandingKind; until: string | null; reason: string } | null;
  /** The author's other comments on the site, whatever their status. */
  comments: number;
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

/** The classifier's counts of one comment's tokens, for its site and for all sites. */
export interface ScopedStats {
  site: ClassifierStats;
  global: ClassifierStats;
  /** The comment's tokens the counts were read for, so the check need not tokenize it again. */
  tokens: readonly string[];
}

/**
 * Everything checks may read besides the comment, preloaded (load-check-context.ts) so that checks
 * stay pure. A null part is unavailable, and its check abstains.
 */
export interface CheckContext {
  policy: Policy;
  author: AuthorStanding | null;
  crowd: CrowdSignals | null;
  classifier: ScopedStats | null;
  /** Author actions and how new the author is; absent where nobody keeps accounts (evaluation), null without an author key. */
  account?: AuthorAccount | null;
}

/** One comment as the crowd index records it. */
export interface CrowdObservation {
  commentId: string;
  siteId: string;
  /** The author key (site author id or e-mail hash); null for anonymous comments. */
  authorKey: string | null;
  /** A hash of the client IP, never the IP itself. */
  ipKey: string | null;
  fingerprint: Fingerprint | null;
  /** Milliseconds since the epoch. */
  at: number;
}

/**
 * Records comments and tells how many others share their text or their author's pace.
 * Recording is idempotent per comment id, so a retried job does not count itself twice.
 * Implemented in Redis (the service) and in memory (the evaluation command): src/crowd/.
 */
export interface CrowdIndex {
  observe(observation: CrowdObservation): Promise<CrowdSignals>;
}

/** A crowd index that can also answer without recording, for re-scoring stored comments (policy preview). */
export interface ReadableCrowdIndex extends CrowdIndex {
  /** What observe would have answered for the comment at its time, from what came before it; records nothing. */
  peek(observation: CrowdObservation): Promise<CrowdSignals>;
}

/**
 * Where the parts of a check context come from: small interfaces, so the worker (PostgreSQL, Redis,
 * reads grouped across jobs), Akismet's comment-check (the same, one comment at a time) and the
 * evaluation command (all in memory) load the same context the same way.
 */
export interface ContextSources {
  /** The author's track record on the site, other comments only. */
  authorStanding(siteId: string, authorKey: string): Promise<AuthorStanding>;
  /** The learned classifier's counts of these tokens, for the site and for all sites. */
  classifierCounts(siteId: string, tokens: readonly string[]): Promise<ScopedStats>;
  crowd: CrowdIndex;
  /** The author's account on the site, other comments only; absent where nobody keeps accounts. */
  authorAccount?(siteId: string, authorKey: string): Promise<AuthorAccount>;
}

/** Whether the policy trusts this author: enough approved comments on the site. */
export function isTrusted(
  author: AuthorStanding | null,
  policy: Pick<Policy, 'trustedAfterApproved'>,
): boolean {
  return author !== null && policy.trustedAfterApproved > 0 && author.approved >= policy.trustedAfterApproved;
}

/** Whether the site's moderators marked this author trusted. */
export const isTrustedByModerators = (account: AuthorAccount | null | undefined): boolean =>
  account?.standing?.kind === 'trusted';
