import type { Policy } from '../policy';
import type { Check, Signal } from '../types';
import { createCanonicalTerms, createTermFinder, outside, quoteAll, type TermHit } from '../terms';
import { analyzeComment } from '../text/analyze';
import { canonicalize, originalSpan, type CanonicalText } from '../text/canonical';

/**
 * The site's own term lists: a blocked term rejects the comment (a hard signal, whatever the
 * author's standing), a flagged term holds it for review. Allowed terms shield what they cover.
 * Terms are matched in the canonical text, so "c.a.s.i.n.o" or a zero-width joiner inside a
 * blocked word does not get it through; spans point into the original.
 */
export function createSiteTermsCheck(): Check<{
  policy: Pick<Policy, 'blockedTerms' | 'flaggedTerms' | 'allowedTerms'>;
}> {
  const find = createTermFinder();
  const canonicalTerms = createCanonicalTerms();
  return (comment, { policy }, analysis = analyzeComment(comment)) => {
    const terms = [...policy.blockedTerms, ...policy.flaggedTerms, ...policy.allowedTerms];
    // The site's one-word terms join the words whose disguises come off ("l0ans", "c*sino").
    const words = canonicalTerms(terms).filter((term) => /^\p{L}+$/u.test(term));
    const canonical = words.length > 0 ? canonicalize(comment.content, words) : analysis.canonical;
    const lookFor = (list: readonly string[]) => find(canonical.text, canonicalTerms(list));
    const allowed = lookFor(policy.allowedTerms).map((hit) => hit.span);
    const blocked = outside(lookFor(policy.blockedTerms), allowed);
    const flagged = outside(lookFor(policy.flaggedTerms), allowed);
    const signals: Signal[] = [];
    if (blocked.length > 0) {
      signals.push({
        check: 'site_terms',
        code: 'blocked_term',
        score: 10,
        force: 'reject',
        message: `Blocked by this site: ${quoteAll(blocked.map((hit) => hit.term))}`,
        spans: spansOf(canonical, blocked),
      });
    }
    if (flagged.length > 0) {
      signals.push({
        check: 'site_terms',
        code: 'flagged_term',
        score: 3,
        force: 'review',
        message: `Flagged by this site: ${quoteAll(flagged.map((hit) => hit.term))}`,
        spans: spansOf(canonical, flagged),
      });
    }
    return signals;
  };
}

const spansOf = (canonical: CanonicalText, hits: TermHit[]) =>
  hits.map((hit) => originalSpan(canonical, hit.span.start, hit.span.end));
