import { canonicalize } from './text/canonical';
import type { Span } from './types';

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

export interface TermHit {
  term: string;
  span: Span;
}

/**
 * Finds whole-word occurrences of term lists. Compiled patterns are remembered per list, so a
 * site's list is compiled once per process, not once per comment.
 */
export function createTermFinder(): (text: string, terms: readonly string[]) => TermHit[] {
  const compiled = new Map<string, RegExp | null>();
  return (text, terms) => {
    const key = terms.join('\u0000');
    let pattern = compiled.get(key);
    if (pattern === undefined) {
      // A bound on memory for processes that see many sites; recompiling is cheap.
      if (compiled.size > 1_000) compiled.clear();
      pattern = compileTerms(terms);
      compiled.set(key, pattern);
    }
    if (!pattern) return [];
    return [...text.matchAll(pattern)].map((match) => ({
      term: match[0].toLowerCase(),
      span: { start: match.index, end: match.index + match[0].length },
    }));
  };
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Drops the spans that overlap an allowed one. */
export function outside<T extends { span: Span }>(hits: T[], allowed: Span[]): T[] {
  if (allowed.length === 0) return hits;
  return hits.filter((hit) => !allowed.some((span) => overlaps(hit.span, span)));
}

/** Quotes a list of words for a moderator's message: "a", "b". */
export const quoteAll = (words: Iterable<string>) =>
  [...new Set(words)].map((word) => `"${word}"`).join(', ');

/**
 * Term lists as they read in canonical text (lower case, accents off: "Zürich" → "zurich"), so a
 * site's terms match the canonical text checks read. Remembered per list, like compiled patterns.
 */
export function createCanonicalTerms(): (terms: readonly string[]) => string[] {
  const memo = new Map<string, string[]>();
  return (terms) => {
    if (terms.length === 0) return [];
    const key = terms.join('\u0000');
    let canonical = memo.get(key);
    if (!canonical) {
      if (memo.size > 1_000) memo.clear();
      canonical = [...new Set(terms.map((term) => canonicalize(term).text.trim()).filter(Boolean))];
      memo.set(key, canonical);
    }
    return canonical;
  };
}
