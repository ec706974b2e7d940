import { build, createBuilder, push, type Units, type UnitsBuilder } from './fold';
import { DISGUISED, unmask, type Lexicon } from './lexicon';

/**
 * The second pass: words written to slip past filters are put back together — letters spaced or
 * dotted apart, digits and symbols for letters, masks, stretched letters. Each repair keeps every
 * kept character's range of the original.
 */

// Single letters split the same way each time by spaces, dots, dashes or stars: "f u c k",
// "s.h.i.t", "f - u - c - k". Three at least; "e.g. u.s." splits two ways and stays as it is.
const SPACED = /(?<![\p{L}\p{N}])\p{L}([\s.\-_*+·•|]{1,3})\p{L}(?:\1\p{L})+(?![\p{L}\p{N}])/gu;
const MIGHT_BE_SPACED = new RegExp(SPACED.source, 'u');
const SEPARATOR = /[\s.\-_*+·•|]/;

/** Joins runs of single letters into the word they spell. */
export function joinSpacedLetters(units: Units): Units {
  const { text } = units;
  // matchAll starts from the pattern's lastIndex, so test with a copy that keeps none.
  if (!MIGHT_BE_SPACED.test(text)) return units;
  const drop = new Uint8Array(text.length);
  for (const match of text.matchAll(SPACED)) {
    for (let i = match.index; i < match.index + match[0].length; i++) {
      if (SEPARATOR.test(text[i]!)) drop[i] = 1;
    }
  }
  return keep(units, (i) => drop[i] === 0);
}

/** A copy of the units with only those `keepIt` accepts. */
function keep(units: Units, keepIt: (index: number) => boolean): Units {
  const out = createBuilder();
  for (let i = 0; i < units.text.length; i++) if (keepIt(i)) copy(units, out, i);
  return build(out);
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'g',
  '7': 't',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '€': 'e',
};
const MASK_CHARS = new Set(['*', '#', '%', '_', '-', '.', '•', '·', '?', '+']);
const isMask = (char: string) => MASK_CHARS.has(char);
const isLetter = (char: string) => (char >= 'a' && char <= 'z') || (char > '\x7f' && /\p{L}/u.test(char));
// What may stand around a word without being part of it.
const EDGE = /[^\p{L}\p{N}*$@#%_?!-]/u;
// A link, a time, a decimal number, an abbreviation: not a word to repair.
const NOT_A_WORD = /[/:\\]|[\p{L}\p{N}]\.[\p{L}\p{N}]/u;
const MIGHT_NEED_REPAIR = /[0-9@$!€*#%_?\-.•·+]|([a-z])\1\1/;

/**
 * Leetspeak inside a word: symbols and digits between letters ("sh1t", "b!tch", "f@g"), a dollar
 * sign before or after letters ("$hit", "a$$"). Only when the result is a disguised word: digits
 * in words are more often what they are ("sub4sub", "mp3", "b2b").
 */
function deLeet(word: string[], lexicon: Lexicon): boolean {
  const letters = [...word];
  if (!spellLeet(letters) || !lexicon.has(letters.join(''))) return false;
  for (let i = 0; i < word.length; i++) word[i] = letters[i]!;
  return true;
}

/** Replaces the leet characters that sit between letters (or a dollar sign at an edge); true when any was. */
function spellLeet(word: string[]): boolean {
  if (!word.some(isLetter)) return false;
  let changed = false;
  for (let i = 0; i < word.length; i++) {
    const char = word[i]!;
    const letter = LEET[char];
    if (!letter) continue;
    // The run of leet characters this one is in must touch letters on both sides, or be `$` at an edge.
    let before = i - 1;
    while (before >= 0 && LEET[word[before]!]) before--;
    let after = i + 1;
    while (after < word.length && LEET[word[after]!]) after++;
    const letterBefore = before >= 0 && isLetter(word[before]!);
    const letterAfter = after < word.length && isLetter(word[after]!);
    if ((letterBefore && letterAfter) || (char === '$' && (letterBefore || letterAfter))) {
      word[i] = letter;
      changed = true;
    }
  }
  return changed;
}

/**
 * Stretched letters ("fuuuuck", "reeeetard", "niggggaaa"): each run of three or more becomes one or
 * two letters, whichever spells a disguised word; two when none does ("goooood" → "good").
 * Returns the indexes to keep.
 */
function squeeze(word: string[], lexicon: Lexicon): number[] | null {
  const runs: Array<{ start: number; length: number }> = [];
  for (let i = 0; i < word.length;) {
    let j = i + 1;
    while (j < word.length && word[j] === word[i]) j++;
    if (j - i >= 3 && isLetter(word[i]!)) runs.push({ start: i, length: j - i });
    i = j;
  }
  if (runs.length === 0) return null;
  const spell = (lengths: number[]) => {
    const kept: number[] = [];
    let run = 0;
    for (let i = 0; i < word.length; i++) {
      const current = runs[run];
      if (current && i === current.start) {
        for (let k = 0; k < lengths[run]!; k++) kept.push(i + k);
        i += current.length - 1;
        run++;
      } else kept.push(i);
    }
    return kept;
  };
  // At most 2^4 ways to try; longer stretches simply keep two letters each.
  if (runs.length <= 4) {
    for (let mask = 0; mask < 1 << runs.length; mask++) {
      const kept = spell(runs.map((_, r) => (mask & (1 << r) ? 2 : 1)));
      if (lexicon.has(kept.map((i) => word[i]).join(''))) return kept;
    }
  }
  return spell(runs.map(() => 2));
}

// A word with a symbol or digit next to a letter, or a letter three times in a row: worth a closer look.
const SUSPECT = /[a-z][0-9@$!€*#%_?\-•·+.]|[0-9@$!€*#%_?\-•·+.][a-z]|([a-z])\1\1/;
const WORDS = /\S+/g;

/** Repairs the words of the text (leet, masks, stretched letters), each between white space. */
export function repairWords(units: Units, lexicon: Lexicon = DISGUISED): Units {
  const { text } = units;
  if (!MIGHT_NEED_REPAIR.test(text)) return units;
  let out: UnitsBuilder | null = null;
  let copied = 0;
  for (const match of text.matchAll(WORDS)) {
    if (!SUSPECT.test(match[0])) continue;
    const chars = text;
    const end = match.index + match[0].length;
    // The word proper, without the punctuation around it.
    let from = match.index;
    let to = end;
    while (from < to && EDGE.test(chars[from]!)) from++;
    // A hashtag's "#" and a mention's "@" mark the word; they do not disguise a letter.
    while (from < to && (chars[from] === '#' || chars[from] === '@')) from++;
    while (to > from && EDGE.test(chars[to - 1]!)) to--;
    // A trailing "!" or "?" ends a sentence; it disguises nothing.
    while (to > from && (chars[to - 1] === '!' || chars[to - 1] === '?')) to--;
    const repaired = repairWord(text.slice(from, to).split(''), lexicon);
    if (!repaired) continue;
    out ??= createBuilder();
    for (let k = copied; k < from; k++) copy(units, out, k);
    // A kept character that ends a stretch covers the whole stretch of the original.
    for (let n = 0; n < repaired.kept.length; n++) {
      const k = repaired.kept[n]!;
      const next = repaired.kept[n + 1] ?? to - from;
      copy(units, out, from + k, repaired.word[k]);
      out.ends[out.ends.length - 1] = units.ends[from + next - 1]!;
    }
    copied = to;
  }
  if (!out) return units;
  for (let k = copied; k < text.length; k++) copy(units, out, k);
  return build(out);
}

function copy(from: Units, to: UnitsBuilder, index: number, char = from.text[index]!): void {
  push(to, char, from.starts[index]!, from.ends[index]!);
}

/** The word with its disguise taken off and the indexes of its characters that stay; null when it is fine as it is. */
function repairWord(word: string[], lexicon: Lexicon): { word: string[]; kept: number[] } | null {
  if (word.length < 2 || NOT_A_WORD.test(word.join('')) || !word.some(isLetter)) return null;
  let changed = deLeet(word, lexicon);
  if (word.some(isMask)) {
    const spelled = unmask(word.join(''), isMask, lexicon);
    if (spelled) {
      for (let k = 0; k < word.length; k++) word[k] = spelled[k]!;
      changed = true;
    }
  }
  const kept = squeeze(word, lexicon);
  if (kept) return { word, kept };
  return changed ? { word, kept: word.map((_, k) => k) } : null;
}
