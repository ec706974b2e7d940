import { decodeEntities } from '../classifier/tokenizer';
import { LATIN_LOOKALIKES, SCRIPT_LOOKALIKES, enclosedLetter } from './confusables';

/**
 * A text being canonicalized: each of its UTF-16 units has the range [start, end) of the original
 * text it came from, so spans found later point into the original.
 */
export interface Units {
  text: string;
  starts: number[];
  ends: number[];
  /** Indexes of letters of another script that pass for Latin ones, and the letter they pass for. */
  lookalikes: Map<number, string>;
}

/** Units under construction: characters pushed one at a time, joined once. */
export interface UnitsBuilder {
  chars: string[];
  starts: number[];
  ends: number[];
  lookalikes: Map<number, string>;
}

export const createBuilder = (): UnitsBuilder => ({ chars: [], starts: [], ends: [], lookalikes: new Map() });
export const build = (b: UnitsBuilder): Units => ({
  text: b.chars.join(''),
  starts: b.starts,
  ends: b.ends,
  lookalikes: b.lookalikes,
});

/**
 * Invisible and format characters: zero-width space, joiners and non-joiners, bidi marks,
 * embeddings and isolates, soft hyphen, word joiner and invisible operators, variation selectors,
 * the byte-order mark, tag characters, Hangul fillers and the Mongolian vowel separator.
 */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

const MARK = /^\p{M}$/u;
// Anything but ASCII without `&`: entities, accents, look-alikes, invisible characters.
const NEEDS_FOLDING = /[&\u0080-\u{10ffff}]/u;
const ENTITY = /&(?:#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/iy;
const NON_ASCII = /[\u0080-\u{10ffff}]/u;
const LATIN_BASE = /^[a-z]/;
const MARKS = /\p{M}+/gu;

export function push(units: UnitsBuilder, char: string, start: number, end: number): void {
  units.chars.push(char);
  units.starts.push(start);
  units.ends.push(end);
}

/**
 * Appends one segment of the original (a character with its combining marks, or an entity) as
 * canonical characters: NFKC, lower case, accents and stacked marks dropped from Latin letters
 * ("fück", "z̸a̸l̸g̸o̸"), Latin look-alikes read as the letter, invisible characters gone.
 */
function appendSegment(units: UnitsBuilder, segment: string, start: number, end: number): void {
  let folded = segment.normalize('NFKC').toLowerCase();
  if (NON_ASCII.test(folded)) {
    const decomposed = folded.normalize('NFD');
    if (LATIN_BASE.test(decomposed)) folded = decomposed.replace(MARKS, '');
  }
  for (const char of folded) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) {
      push(units, char, start, end);
      continue;
    }
    if (isInvisible(cp)) continue;
    const latin = LATIN_LOOKALIKES.get(char) ?? enclosedLetter(cp);
    if (latin !== null && latin !== undefined) {
      for (const letter of latin) push(units, letter, start, end);
      continue;
    }
    const lookalike = SCRIPT_LOOKALIKES.get(char);
    if (lookalike) units.lookalikes.set(units.chars.length, lookalike);
    // An astral character is two units; both keep the segment's range.
    for (let i = 0; i < char.length; i++) push(units, char[i]!, start, end);
  }
}

/** The first pass: character by character, entities decoded, every character folded. */
export function foldCharacters(raw: string): Units {
  if (!NEEDS_FOLDING.test(raw)) {
    // Plain ASCII: only the case changes, and every character stays where it was.
    const lower = raw.toLowerCase();
    const starts = new Array<number>(raw.length);
    const ends = new Array<number>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      starts[i] = i;
      ends[i] = i + 1;
    }
    return { text: lower, starts, ends, lookalikes: new Map() };
  }
  const units = createBuilder();
  let i = 0;
  while (i < raw.length) {
    const cp = raw.codePointAt(i)!;
    // ASCII needs no folding but lower case, unless a combining mark follows it ("z̸a̸l̸g̸o̸").
    if (cp < 0x80 && !(raw.charCodeAt(i + 1) >= 0x300 && MARK.test(raw[i + 1]!))) {
      if (cp === 0x26) {
        ENTITY.lastIndex = i;
        const entity = ENTITY.exec(raw);
        const decoded = entity ? decodeEntities(entity[0]) : null;
        if (entity && decoded !== entity[0]) {
          appendSegment(units, decoded!, i, i + entity[0].length);
          i += entity[0].length;
          continue;
        }
      }
      push(units, cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : raw[i]!, i, i + 1);
      i++;
      continue;
    }
    const size = cp > 0xffff ? 2 : 1;
    if (isInvisible(cp)) {
      i += size;
      continue;
    }
    // A base character and the combining marks that follow it fold together.
    let end = i + size;
    while (end < raw.length) {
      const next = raw.codePointAt(end)!;
      const nextSize = next > 0xffff ? 2 : 1;
      if (isInvisible(next)) {
        // Invisible characters between marks (zalgo with joiners) are skipped, not segment ends.
        end += nextSize;
        continue;
      }
      if (!MARK.test(String.fromCodePoint(next))) break;
      end += nextSize;
    }
    appendSegment(units, raw.slice(i, end), i, end);
    i = end;
  }
  return build(units);
}

/**
 * Folds look-alike letters of other scripts to Latin inside words that have a Latin letter, and
 * everywhere when most of the text's letters are Latin: "fuсk" is a disguise, "сок" in Russian is not.
 */
export function foldLookalikes(units: Units): Units {
  if (units.lookalikes.size === 0) return units;
  const chars = units.text.split('');
  let latin = 0;
  let other = 0;
  for (const char of chars) {
    if (char >= 'a' && char <= 'z') latin++;
    else if (char > '\x7f' && char.toLowerCase() !== char.toUpperCase()) other++;
  }
  const mostlyLatin = latin > other;
  let start = 0;
  while (start < chars.length) {
    if (!isWordChar(chars[start]!)) {
      start++;
      continue;
    }
    let end = start;
    let hasLatin = false;
    while (end < chars.length && isWordChar(chars[end]!)) {
      if (chars[end]! >= 'a' && chars[end]! <= 'z') hasLatin = true;
      end++;
    }
    if (hasLatin || mostlyLatin) {
      for (let i = start; i < end; i++) {
        const letter = units.lookalikes.get(i);
        if (letter) chars[i] = letter;
      }
    }
    start = end;
  }
  return { text: chars.join(''), starts: units.starts, ends: units.ends, lookalikes: new Map() };
}

/** A letter, digit or mark of any script (one UTF-16 unit). */
export function isWordChar(char: string): boolean {
  if (char < '\x80') return (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9');
  return char.toLowerCase() !== char.toUpperCase() || /[\p{L}\p{N}\p{M}]/u.test(char);
}
