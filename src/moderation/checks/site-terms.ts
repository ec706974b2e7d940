import type { Policy } from '../policy';
import type { Check, Signal } from '../types';
import { createTermFinder, outside, quoteAll } from '../terms';

/**
 * The site's own term lists: a blocked term rejects the comment (a hard signal, whatever the
 * author's standing), a flagged term holds it for review. Allowed terms shield what they cover.
 */
export function createSiteTermsCheck(): Check<{
  policy: Pick<Policy, 'blockedTerms' | 'flaggedTerms' | 'allowedTerms'>;
}> {
  const find = createTermFinder();
  return (comment, { policy }) => {
    const allowed = find(comment.content, policy.allowedTerms).map((hit) => hit.span);
    const blocked = outside(find(comment.content, policy.blockedTerms), allowed);
    const flagged = outside(find(comment.content, policy.flaggedTerms), allowed);
    const signals: Signal[] = [];
    if (blocked.length > 0) {
      signals.push({
        check: 'site_terms',
        code: 'blocked_term',
        score: 10,
        force: 'reject',
        message: `Blocked by this site: ${quoteAll(blocked.map((hit) => hit.term))}`,
        spans: blocked.map((hit) => hit.span),
      });
    }
    if (flagged.length > 0) {
      signals.push({
        check: 'site_terms',
        code: 'flagged_term',
        score: 3,
        force: 'review',
        message: `Flagged by this site: ${quoteAll(flagged.map((hit) => hit.term))}`,
        spans: flagged.map((hit) => hit.span),
      });
    }
    return signals;
  };
}
