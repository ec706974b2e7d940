import type { Span } from '../types';
import { foldCharacters, foldLookalikes } from './fold';
import { joinSpacedLetters, repairWords } from './repair';

/**
 * The one text every content check reads: what a person sees, with the disguises taken off.
 * Lower case; NFKC; invisible and format characters gone; accents and look-alike letters read as
 * plain Latin; spaced, dotted, masked, leet and stretched words put back together. Each of its
 * characters knows the range of the original it came from, so spans found in it mark the original.
 */
export interface CanonicalText {
  text: string;
  /** Per character of `text`: where its range of the original starts and ends. */
  starts: readonly number[];
  ends: readonly number[];
}

/** The canonical form of a text (see CanonicalText). */
export function canonicalize(raw: string): CanonicalText {
  const repaired = repairWords(joinSpacedLetters(foldLookalikes(foldCharacters(raw))));
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
