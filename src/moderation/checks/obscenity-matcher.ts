import { RegExpMatcher, type MatchPayload, type RegExpMatcherOptions } from 'obscenity';

/**
 * What this module reads of obscenity's RegExpMatcher (0.4) besides its public API: its compiled
 * patterns and the transformation it matches them on. The unit tests compare every answer with
 * obscenity's own, so an upgrade that changes these fails there rather than here.
 */
interface MatcherInternals {
  blacklistedTerms: ReadonlyArray<{ regExp: RegExp }>;
  blacklistMatcherTransformers: unknown;
  applyTransformers(input: string, transformers: unknown): [number[], string];
}

/**
 * obscenity's RegExpMatcher with one pass in front: it runs each of its ~120 patterns over the
 * text in turn, while their union, run once over the same transformed text, tells whether any of
 * them can match at all. Most comments hold no profanity, and for them that pass is the whole
 * cost. The answers are obscenity's own: a text the union matches goes to getAllMatches.
 */
export function createObscenityMatcher(options: RegExpMatcherOptions): {
  getAllMatches(input: string): MatchPayload[];
} {
  const matcher = new RegExpMatcher(options);
  const internals = matcher as unknown as MatcherInternals;
  const patterns = internals.blacklistedTerms.map((term) => term.regExp);
  const flags = new Set(patterns.map((pattern) => pattern.flags.replace('g', '')));
  // A union of patterns with capturing groups would renumber their back-references; obscenity's have none.
  const screenable = flags.size === 1 && patterns.every((pattern) => !/\\[1-9]/.test(pattern.source));
  const union = screenable
    ? new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'), [...flags][0])
    : null;
  const mayMatch = (input: string): boolean => {
    if (!union) return true;
    const [, transformed] = internals.applyTransformers(input, internals.blacklistMatcherTransformers);
    return union.test(transformed);
  };
  return { getAllMatches: (input) => (mayMatch(input) ? matcher.getAllMatches(input, true) : []) };
}
