import type { Span } from '../types';
import { cutText } from '../text/safe-text';

/** Stretches of a text that look typed to catch the eye rather than to be read. */
export interface ShapeFinding {
  spans: Span[];
  quotes: string[];
}

const span = (match: RegExpMatchArray): Span => ({
  start: match.index!,
  end: match.index! + match[0].length,
});
const quote = (text: string, at: Span, max = 40) => cutText(text.slice(at.start, at.end), max);

/** Fewer cased letters than this never count as shouting: "OMG LOL" is not a rant. */
const SHOUTING_MIN_LETTERS = 20;
const SHOUTING_MIN_SHARE = 0.7;
// From one capital to the last capital before a lower-case letter: a run of shouted words.
const UPPER_RUN = /\p{Lu}[^\p{Ll}]*\p{Lu}/gu;

/** Mostly capital letters in a text long enough for that to mean something. */
export function findShouting(text: string): ShapeFinding | null {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) upper++;
    else if (code >= 97 && code <= 122) lower++;
    else if (code > 127) {
      const char = text[i]!;
      if (char !== char.toLowerCase()) upper++;
      else if (char !== char.toUpperCase()) lower++;
    }
  }
  const cased = upper + lower;
  if (cased < SHOUTING_MIN_LETTERS || upper / cased < SHOUTING_MIN_SHARE) return null;
  const spans = [...text.matchAll(UPPER_RUN)].map(span).filter((at) => at.end - at.start >= 8);
  return { spans, quotes: spans.slice(0, 3).map((at) => quote(text, at)) };
}

// The same letter five times or the same symbol six times ("soooooo", "!!!!!!"); digits and dots
// are left alone (1000000, an ellipsis that trails on).
const REPEATED_CHARACTER = /(\p{L})\1{4,}|([^\p{L}\p{N}\s.])\2{5,}/gu;
// Any unit or surrogate pair five times in a row: what every run above contains.
const MIGHT_REPEAT = /([^\ud800-\udfff])\1{4}|([\ud800-\udbff][\udc00-\udfff])\2{4}/;

/** Runs of one repeated character. */
export function findRepeatedCharacters(text: string): ShapeFinding | null {
  if (!MIGHT_REPEAT.test(text)) return null;
  const spans = [...text.matchAll(REPEATED_CHARACTER)].map(span);
  if (spans.length === 0) return null;
  return { spans, quotes: spans.slice(0, 3).map((at) => quote(text, at, 20)) };
}

// One word three times in a row, "so so so" or "free, free, free"; the repeats must be whole words.
const REPEATED_WORD = /(?<![a-z0-9])([a-z0-9]{2,30})(?:[\s,.!]+\1(?![a-z0-9])){2,}/gi;
const LAUGHTER = /^(?:ha|he|hi|ho|lol|lmao|xd|no|la)$/i;

/** A word repeated at least three times in a row (laughter excepted). */
export function findRepeatedWords(text: string): ShapeFinding | null {
  const spans = [...text.matchAll(REPEATED_WORD)].filter((match) => !LAUGHTER.test(match[1]!)).map(span);
  if (spans.length === 0) return null;
  return { spans, quotes: spans.slice(0, 3).map((at) => quote(text, at)) };
}

// Pictographs with their modifiers (variation selector, skin tone, joiner); whitespace may separate them.
const EMOJI_RUN = /(?:\p{Extended_Pictographic}(?:\u{FE0F}|\u{200D}|\p{Emoji_Modifier})*\s?){5,}/gu;
const MIGHT_BE_EMOJI = /[\u00a9\u00ae\u2000-\u3300\ud83c-\ud83e]/;

/** Five or more emoji in a row. */
export function findEmojiRuns(text: string): ShapeFinding | null {
  if (!MIGHT_BE_EMOJI.test(text)) return null;
  const spans = [...text.matchAll(EMOJI_RUN)].map((match) => {
    const at = span(match);
    return { start: at.start, end: at.start + match[0].trimEnd().length };
  });
  if (spans.length === 0) return null;
  return { spans, quotes: spans.slice(0, 3).map((at) => quote(text, at, 24)) };
}
