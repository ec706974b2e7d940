import { isTrusted, type AuthorStanding } from '../check-context';
import type { Policy } from '../policy';
import type { Check, Signal } from '../types';

const PER_RECENT_REJECTION = 2;
const MAX_REJECTION_SCORE = 6;
const TRUSTED_SCORE = -2;

/**
 * The author's record on the site: recent rejections raise the score; enough approved comments
 * make the author trusted, which lowers it (and `moderate` never auto-rejects them on soft signals).
 */
export const authorHistoryCheck: Check<{
  author: AuthorStanding | null;
  policy: Pick<Policy, 'trustedAfterApproved'>;
}> = (_comment, { author, policy }) => {
  if (!author) return [];
  const signals: Signal[] = [];
  if (author.recentRejected > 0) {
    signals.push({
      check: 'author_history',
      code: 'recently_rejected',
      score: Math.min(MAX_REJECTION_SCORE, PER_RECENT_REJECTION * author.recentRejected),
      message: `${author.recentRejected} of this author's comments were rejected in the last 30 days`,
    });
  }
  if (isTrusted(author, policy)) {
    signals.push({
      check: 'author_history',
      code: 'trusted_author',
      score: TRUSTED_SCORE,
      message: `Trusted author: ${author.approved} approved comments on this site`,
    });
  }
  return signals;
};
