import type { Policy } from '../policy';
import type { Check, Span } from '../types';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One case-insensitive regular expression matching any of the terms as whole words.
 * \p{L}\p{N} lookarounds instead of \b, so terms with non-ASCII letters match whole words too.
 */
export function compileTerms(terms: readonly string[]): RegExp | null {
  if (terms.length === 0) return null;
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Finds whole-word occurrences of the terms, with their spans. */
export function findTerms(text: string, pattern: RegExp | null): Array<{ term: string; span: Span }> {
  if (!pattern) return [];
  return [...text.matchAll(pattern)].map((match) => ({
    term: match[0].toLowerCase(),
    span: { start: match.index, end: match.index + match[0].length },
  }));
}

/**
 * Rejects comments with one of the site's blocked terms. Compiled patterns are remembered per
 * term list, so a site's list is compiled once per process, not once per comment.
 */
export function createBlockedTermsCheck(): Check<{ policy: Pick<Policy, 'blockedTerms'> }> {
  const compiled = new Map<string, RegExp | null>();
  return (comment, { policy }) => {
    const key = policy.blockedTerms.join('\u0000');
    let pattern = compiled.get(key);
    if (pattern === undefined) {
      if (compiled.size > 1000) compiled.clear();
      pattern = compileTerms(policy.blockedTerms);
      compiled.set(key, pattern);
    }
    const found = findTerms(comment.content, pattern);
    if (found.length === 0) return [];
    const terms = [...new Set(found.map((hit) => hit.term))];
    return [
      {
        check: 'blocked_terms',
        code: 'blocked_term',
        score: 10,
        force: 'reject',
        message: `Blocked by this site: ${terms.map((term) => `"${term}"`).join(', ')}`,
        spans: found.map((hit) => hit.span),
      },
    ];
  };
}
