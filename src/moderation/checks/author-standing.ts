import type { AuthorAccount, AuthorStanding } from '../check-context';
import type { Policy } from '../policy';
import type { Check, Signal } from '../types';

const signal = (code: string, message: string, force?: Signal['force'], score = 0): Signal => ({
  check: 'author_standing',
  code,
  score,
  message,
  ...(force ? { force } : {}),
});

/** A moderator-trusted author's comments weigh a little lighter, like an author trusted by history. */
const TRUSTED_SCORE = -2;

/**
 * What the site's moderators decided about the author (ban, suspension, premoderation, trust), and
 * the site's rule for new authors (`holdFirst`: the first N comments wait for a person until one is
 * approved). Bans and suspensions are hard signals: they reject even a comment that scores nothing.
 * A comment without an author key cannot be counted, so it is always new. Abstains where no
 * accounts are kept (the evaluation command).
 */
export const authorStandingCheck: Check<{
  account?: AuthorAccount | null;
  author: AuthorStanding | null;
  policy: Pick<Policy, 'holdFirst'>;
}> = (comment, { account, author, policy }) => {
  if (account === undefined) return [];
  const standing = account?.standing;
  const why = standing?.reason ? `: ${standing.reason}` : '';
  if (standing?.kind === 'banned') return [signal('author_banned', `The author is banned${why}`, 'reject')];
  if (
    standing?.kind === 'suspended' &&
    (!standing.until || Date.parse(standing.until) > Date.parse(comment.receivedAt))
  ) {
    const until = standing.until ? ` until ${standing.until}` : '';
    return [signal('author_suspended', `The author is suspended${until}${why}`, 'reject')];
  }
  if (standing?.kind === 'premoderate') {
    return [signal('author_premoderated', `A moderator holds this author's comments${why}`, 'review')];
  }
  if (standing?.kind === 'trusted') {
    return [signal('trusted_by_moderator', `A moderator trusts this author${why}`, undefined, TRUSTED_SCORE)];
  }
  const earlier = account?.comments ?? 0;
  if (policy.holdFirst > 0 && (author?.approved ?? 0) === 0 && earlier < policy.holdFirst) {
    const which = account
      ? `comment ${earlier + 1} of the first ${policy.holdFirst}`
      : 'an anonymous comment';
    return [
      signal('new_author', `New author (${which}): held until one of their comments is approved`, 'review'),
    ];
  }
  return [];
};
