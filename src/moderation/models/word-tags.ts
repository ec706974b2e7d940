import { tagHash, wordHash } from './features';

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
export type WordTags = Map<number, Uint32Array>;

/** The tags of a word-tags file, keyed by the word's hash (features.ts), as feature hashes. */
export function parseWordTags(text: string): WordTags {
  const lists = new Map<number, number[]>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error(`word tags: a line without a tab: ${line.slice(0, 40)}`);
    const hashes = line.slice(0, tab).split('>').map(tagHash);
    for (const word of line.slice(tab + 1).split(' ')) {
      if (word === '') continue;
      const key = wordHash(word);
      const list = lists.get(key) ?? [];
      for (const hash of hashes) if (!list.includes(hash)) list.push(hash);
      lists.set(key, list);
    }
  }
  const tags: WordTags = new Map();
  for (const [key, list] of lists) tags.set(key, Uint32Array.from(list));
  return tags;
}
