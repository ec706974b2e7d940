import { tagHash, wordHash, type WordTags } from './features';

/**
 * Knowledge about words from outside the labeled files, as tags a model learns a weight for: which
 * cluster pretrained word vectors put a word in (so "moron" and "imbecile" share evidence though
 * only one of them was in the training data), which class a curated lexicon gives it. A word's
 * tags are features beside the word itself.
 *
 * The file is text: `#` lines are comments; every other line is a tag, a tab, and the words that
 * carry it separated by spaces (lower case, as in the canonical text). A tag may be followed by
 * `>` and parent tags (`c1024:17>c128:5`): its words carry those too.
 */
export type { WordTags };

interface Line {
  tags: number[];
  words: number[];
}

function readLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error(`word tags: a line without a tab: ${line.slice(0, 40)}`);
    const words = line
      .slice(tab + 1)
      .split(' ')
      .filter((word) => word !== '')
      .map(wordHash);
    lines.push({ tags: line.slice(0, tab).split('>').map(tagHash), words });
  }
  return lines;
}

/**
 * The tags of a word-tags file, keyed by the word's hash: an open-addressing table in typed arrays,
 * so 150,000 words load in a blink and take a few MB.
 */
export function parseWordTags(text: string): WordTags {
  const lines = readLines(text);
  let occurrences = 0;
  for (const line of lines) occurrences += line.words.length;
  let capacity = 1024;
  while (capacity < occurrences * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Uint32Array(capacity);
  const used = new Uint8Array(capacity);
  const find = (hash: number): number => {
    for (let slot = (Math.imul(hash, 0x9e3779b1) >>> 0) & mask; ; slot = (slot + 1) & mask) {
      if (!used[slot]) return -1 - slot;
      if (keys[slot] === hash) return slot;
    }
  };
  // Room per word: the tags of every line it is on; then each slot's tags, without repeats.
  const room = new Int32Array(capacity);
  let size = 0;
  for (const line of lines) {
    for (const hash of line.words) {
      let slot = find(hash);
      if (slot < 0) {
        slot = -1 - slot;
        used[slot] = 1;
        keys[slot] = hash;
        size++;
      }
      room[slot]! += line.tags.length;
    }
  }
  const start = new Int32Array(capacity);
  let total = 0;
  for (let slot = 0; slot < capacity; slot++) {
    start[slot] = total;
    total += room[slot]!;
  }
  const count = new Uint8Array(capacity);
  const tags = new Uint32Array(total);
  for (const line of lines) {
    for (const hash of line.words) {
      const slot = find(hash);
      const from = start[slot]!;
      for (const tag of line.tags) {
        let seen = false;
        for (let t = from; t < from + count[slot]! && !seen; t++) seen = tags[t] === tag;
        if (seen) continue;
        tags[from + count[slot]!] = tag;
        count[slot]!++;
      }
    }
  }
  return { find: (hash) => Math.max(find(hash), -1), start, count, tags, size };
}
