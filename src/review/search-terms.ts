/**
 * What a moderator types into search, as terms: words, or "quoted phrases", each matched anywhere
 * (case-insensitively) in a comment's searchable text. Every term must match.
 */

/** Trigram search needs three characters to narrow by the index; shorter terms only filter the rest. */
export const MIN_INDEXED_TERM = 3;
const MAX_TERMS = 8;

/** The terms of a query, at most eight, without blanks. */
export function parseSearchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(/"([^"]*)"|(\S+)/g)) {
    const term = (match[1] ?? match[2] ?? '').trim();
    if (term) terms.push(term);
  }
  return terms.slice(0, MAX_TERMS);
}

/** Whether the index can narrow the search: at least one term is long enough to have a trigram. */
export function isIndexable(terms: readonly string[]): boolean {
  return terms.some((term) => [...term].length >= MIN_INDEXED_TERM);
}
