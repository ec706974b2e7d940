import type { Span } from '../types';
import type { CanonicalText } from './analysis';
import { foldCharacters, foldLookalikes } from './fold';
import { withWords } from './lexicon';
import { joinSpacedLetters, repairWords } from './repair';

export type { CanonicalText } from './analysis';

/**
 * The canonical form of a text (see CanonicalText). `words` adds to the words a disguise is taken
 * off only when it spells one (a site's own terms: "l0ans" reads "loans" for a site that flags loans).
 */
export function canonicalize(raw: string, words: readonly string[] = []): CanonicalText {
  const repaired = repairWords(joinSpacedLetters(foldLookalikes(foldCharacters(raw))), withWords(words));
  return { text: repaired.text, starts: repaired.starts, ends: repaired.ends };
}

/** The range of the original text that [start, end) of its canonical text came from. */
export function originalSpan(canonical: CanonicalText, start: number, end: number): Span {
  if (end <= start) {
    const at = canonical.starts[start] ?? canonical.ends.at(-1) ?? 0;
    return { start: at, end: at };
  }
  return { start: canonical.starts[start]!, end: canonical.ends[end - 1]! };
}
