import { mix } from '../hashing';
import type { Cues } from './cues';

/**
 * Hashed features of a canonical text, shared by the shipped text models: word unigrams and
 * bigrams, character n-grams inside words (which see through what disguises the canonical text
 * does not take off), and a few facts about the text's shape. Each feature is a bucket of a hash
 * table; its value is 1 + ln(count), and the vector has unit length, so long texts do not weigh more.
 */

/** How the features of a model are made; recorded in its manifest, so training and use agree. */
export interface FeatureSpec {
  /** The table has 2^bits buckets. */
  bits: number;
  /** Shortest and longest character n-gram, boundaries included (" ab" is a 3-gram of "ab"). */
  charMin: number;
  charMax: number;
  wordBigrams: boolean;
  /**
   * The value of each cue fact (cues.ts). Facts then stand beside the unit-length vector of words
   * and n-grams rather than inside it, so a fact weighs the same in a long text as in a short one.
   * Absent: facts are normalised with the words (models trained before cues had a value of their own).
   */
  factValue?: number;
  /**
   * The word-tags file (word-tags.ts) whose tags each word adds as features of their own: a
   * cluster of words that pretrained vectors place together, a lexicon's class. Absent: no tags.
   */
  wordTags?: string;
}

/** A word-tags table (word-tags.ts reads its file). */
export interface WordTags {
  /** The slot of a word's hash (features.ts), or -1 when the word has no tags. */
  find(hash: number): number;
  /** A slot's tags, as feature hashes: tags[start[slot]] … tags[start[slot] + count[slot] - 1]. */
  start: Int32Array;
  count: Uint8Array;
  tags: Uint32Array;
  size: number;
}

/** A text's features: distinct bucket indexes and their values, in the order first seen. */
export interface Features {
  indexes: Int32Array;
  values: Float32Array;
  size: number;
}

/** One feature as a person reads it, for explanations: where it is in the canonical text. */
export interface FeatureSource {
  index: number;
  /** `word`, `pair`, `chars`, `tag` (a tag of the word at start..end) or `shape`. */
  kind: 'word' | 'pair' | 'chars' | 'tag' | 'shape';
  label: string;
  start: number;
  end: number;
  /** The word a character n-gram is part of (for words and pairs: their own range). */
  wordStart: number;
  wordEnd: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Each kind of feature hashes from its own seed, so "ab" the word and "ab" the n-gram differ.
const SEED = {
  word: fnvChar(FNV_OFFSET, 0x77),
  pair: fnvChar(FNV_OFFSET, 0x70),
  chars: fnvChar(FNV_OFFSET, 0x63),
  shape: fnvChar(FNV_OFFSET, 0x73),
  tag: fnvChar(FNV_OFFSET, 0x74),
};
const BOUNDARY = 0x20;
const NO_WORD = { start: 0, end: 0 };

function fnvChar(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

/** Word characters: letters, digits (all read as 0, so phone numbers and prices look alike), marks, `'`. */
function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 39;
  return code !== 0x2019 ? /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code)) : true;
}
const foldDigit = (code: number) => (code >= 48 && code <= 57 ? 48 : code === 0x2019 ? 39 : code);

const MAX_WORD = 30;

/** The hash a word's features start from: the same for a word of a text and of a word-tags file. */
export function wordHash(word: string): number {
  let hash = SEED.word;
  for (let i = 0; i < word.length && i < MAX_WORD; i++) hash = fnvChar(hash, foldDigit(word.charCodeAt(i)));
  return hash;
}

/** The hash of a tag's feature. */
export function tagHash(tag: string): number {
  let hash = SEED.tag;
  for (let k = 0; k < tag.length; k++) hash = fnvChar(hash, tag.charCodeAt(k));
  return hash;
}
/** Distinct features read per text; a very long comment adds nothing past them but time. */
export const MAX_FEATURES = 8192;

/** Reused buffers: extraction allocates nothing per text but the result. */
interface Scratch {
  indexes: Int32Array;
  counts: Float32Array;
  /** 1 where the feature is a cue fact. */
  facts: Uint8Array;
  /** The tags of the words of the text being read, in order, to add after its other features. */
  tags: number[];
  /** Per bucket, the generation in which it was last seen, and where in `indexes` it is. */
  stamp: Uint32Array;
  slot: Int32Array;
  generation: number;
}

/** Whether two specs read the same words, n-grams and facts (they may differ in word tags). */
export function sameBase(a: FeatureSpec, b: FeatureSpec): boolean {
  return (
    a.bits === b.bits &&
    a.charMin === b.charMin &&
    a.charMax === b.charMax &&
    a.wordBigrams === b.wordBigrams &&
    a.factValue === b.factValue
  );
}

/**
 * A feature extractor for one spec; `explain` also reports where each feature came from. A spec
 * that names a word-tags file needs its tags. `extractBoth` reads a text once for the features of
 * the spec without its tags and with them, for two models whose specs differ only there.
 */
export function createFeaturizer(spec: FeatureSpec, wordTags?: WordTags) {
  if (spec.wordTags !== undefined && !wordTags) throw new Error(`features need the word tags ${spec.wordTags}`);
  const tagsOf = spec.wordTags !== undefined ? wordTags : undefined;
  const mask = (1 << spec.bits) - 1;
  const factValue = spec.factValue;
  const scratch: Scratch = {
    indexes: new Int32Array(MAX_FEATURES),
    counts: new Float32Array(MAX_FEATURES),
    facts: new Uint8Array(MAX_FEATURES),
    tags: [],
    stamp: new Uint32Array(1 << spec.bits),
    slot: new Int32Array(1 << spec.bits),
    generation: 0,
  };

  function scan(
    text: string,
    cues: Cues,
    add: (
      hash: number,
      kind: FeatureSource['kind'],
      start: number,
      end: number,
      word: { start: number; end: number },
      fact?: string,
    ) => void,
    /** Where the words' tags go; absent, they are added with the other features. */
    onTag?: (hash: number) => void,
  ): void {
    let previousHash = 0;
    let previousStart = -1;
    let i = 0;
    let nextSkip = 0;
    const skip = cues.skip;
    while (i < text.length) {
      // A skipped range (a link) is no words; the words on either side are no pair either.
      if (nextSkip < skip.length && i >= skip[nextSkip]!.start) {
        i = Math.max(i, skip[nextSkip]!.end);
        nextSkip++;
        previousStart = -1;
        continue;
      }
      if (!isWordCode(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      let hash = SEED.word;
      const stop = nextSkip < skip.length ? Math.min(text.length, skip[nextSkip]!.start) : text.length;
      while (i < stop && isWordCode(text.charCodeAt(i))) {
        if (i - start < MAX_WORD) hash = fnvChar(hash, foldDigit(text.charCodeAt(i)));
        i++;
      }
      const end = Math.min(i, start + MAX_WORD);
      const word = { start, end };
      add(hash, 'word', start, end, word);
      const tagged = tagsOf ? tagsOf.find(hash) : -1;
      if (tagged >= 0) {
        const { tags, start: from, count } = tagsOf!;
        const to = from[tagged]! + count[tagged]!;
        if (onTag) for (let t = from[tagged]!; t < to; t++) onTag(tags[t]!);
        else for (let t = from[tagged]!; t < to; t++) add(tags[t]!, 'tag', start, end, word);
      }
      if (spec.wordBigrams && previousStart >= 0)
        add(mix(previousHash) ^ hash ^ SEED.pair, 'pair', previousStart, end, { start: previousStart, end });
      previousHash = hash;
      previousStart = start;
      // Character n-grams of the word between boundaries: " wo", "wor", "ord", "rd ".
      const length = end - start + 2;
      for (let from = 0; from < length; from++) {
        let gram = SEED.chars;
        for (let n = 1; n <= spec.charMax && from + n <= length; n++) {
          const at = from + n - 1;
          const code = at === 0 || at === length - 1 ? BOUNDARY : foldDigit(text.charCodeAt(start + at - 1));
          gram = fnvChar(gram, code);
          if (n >= spec.charMin)
            add(gram, 'chars', Math.max(start, start + from - 1), Math.min(end, start + from + n - 1), word);
        }
      }
    }
    for (const fact of cues.facts) {
      let hash = SEED.shape;
      for (let k = 0; k < fact.length; k++) hash = fnvChar(hash, fact.charCodeAt(k));
      add(hash, 'shape', 0, 0, NO_WORD, fact);
    }
  }

  /** The values of the features in the scratch: unit length but for the facts, which have their own. */
  function featuresOf(size: number): Features {
    const s = scratch;
    const indexes = s.indexes.slice(0, size);
    const values = new Float32Array(size);
    let norm = 0;
    for (let k = 0; k < size; k++) {
      if (s.facts[k]) continue;
      const value = 1 + Math.log(s.counts[k]!);
      values[k] = value;
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < size; k++) values[k] = s.facts[k] ? factValue! : values[k]! * scale;
    return { indexes, values, size };
  }

  /**
   * The features of a canonical text and its cues (cuesOf) without the words' tags, and (when the
   * spec names tags) with them. The tags are added after the facts, as if they had come before:
   * a fact's bucket that a tag also hashes to counts as a word's, so the features with tags are
   * the same as one pass that reads each word's tags beside it.
   */
  function extractBoth(text: string, cues: Cues): { plain: Features; tagged: Features | null } {
    const s = scratch;
    s.generation = (s.generation + 1) >>> 0;
    if (s.generation === 0) {
      s.stamp.fill(0);
      s.generation = 1;
    }
    let size = 0;
    const put = (hash: number, fact: boolean) => {
      const index = mix(hash) & mask;
      if (s.stamp[index] === s.generation) {
        const slot = s.slot[index]!;
        s.counts[slot]! += 1;
        if (!fact) s.facts[slot] = 0;
        return;
      }
      if (size >= MAX_FEATURES) return;
      s.stamp[index] = s.generation;
      s.slot[index] = size;
      s.indexes[size] = index;
      s.counts[size] = 1;
      s.facts[size] = fact ? 1 : 0;
      size++;
    };
    const tags = s.tags;
    tags.length = 0;
    scan(
      text,
      cues,
      (hash, kind) => put(hash, kind === 'shape' && factValue !== undefined),
      tagsOf ? (hash) => tags.push(hash) : undefined,
    );
    const plain = featuresOf(size);
    if (!tagsOf) return { plain, tagged: null };
    for (const hash of tags) put(hash, false);
    return { plain, tagged: featuresOf(size) };
  }

  /** The features of a canonical text and its cues (cuesOf), as the spec says. */
  function extract(text: string, cues: Cues): Features {
    const both = extractBoth(text, cues);
    return both.tagged ?? both.plain;
  }

  /** Every feature occurrence with where it is in the text, for explaining a score; `tags`: false leaves them out. */
  function explain(text: string, cues: Cues, tags = true): FeatureSource[] {
    const found: FeatureSource[] = [];
    scan(
      text,
      cues,
      (hash, kind, start, end, word, fact) => {
        const index = mix(hash) & mask;
        const label = fact ?? text.slice(start, end);
        found.push({ index, kind, label, start, end, wordStart: word.start, wordEnd: word.end });
      },
      tags ? undefined : () => {},
    );
    return found;
  }

  return { extract, extractBoth, explain };
}
