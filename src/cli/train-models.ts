import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runMain } from './run-main';
import {
  encodeTrainedTexts,
  encodeWeights,
  sha256,
  type ModelEntry,
  type ModelsManifest,
} from '../moderation/models/model-format';
import type { Hyperparameters } from '../training/fit';
import { SPLIT } from '../training/split';
import { MODEL_NAMES, TRAINING_SOURCES, type ModelName } from '../training/sources';
import { trainModel, type TrainedModel } from '../training/train-model';
import { figuresTable } from '../training/figures-table';
import { readManifest } from '../model-files';
import { parseWordTags } from '../moderation/models/word-tags';

const usage = `usage: npm run models:train -- [options]

Trains the shipped text models (spam, offensive) from the labeled files of the data directory and
writes their weights, trained-text lists and manifest. Deterministic: the same data and options
give the same files.

  --data DIR         the labeled data (default: ../shared/datasets)
  --out DIR          where to write (default: models)
  --only NAME        train only this model (spam or offensive); the other one in --out is kept
  --exclude PATH     leave a data file out (relative to --data; repeatable), e.g. to measure it unseen
  --no-loso          skip the leave-one-source-out figures (faster)
  --dry-run          print the figures, write nothing
  --bits N --char-min N --char-max N --no-bigrams --fact-value X
  --word-tags FILE|none  the word-tags file in --out the model reads (offensive: word-tags.txt)
  --alpha X --beta X --l1 X --l2 X --epochs N --seed N --source-balance X --class-balance X
  --quantize 8|16    bits per stored weight (default 8)`;

/**
 * The chosen hyperparameters, per model: tuned on the leave-one-source-out figures (spam: the three
 * YouTube videos above all) and the held-back part, never on trained rows. Both models share one
 * feature spec, so a comment's features are hashed once for both.
 */
const FEATURES = { bits: 18, charMin: 3, charMax: 5, wordBigrams: true };
/**
 * The offensive model also reads word tags from outside the labeled files (models/word-tags.txt:
 * clusters of pretrained word vectors, two lexicons): the files disagree on what is offensive, and
 * a word none of them holds still falls in a cluster some of them do. Its features differ from the
 * spam model's, so a comment is hashed once per model.
 */
const OFFENSIVE_FEATURES = { ...FEATURES, wordTags: 'word-tags.txt' };
export const DEFAULT_HYPERPARAMETERS: Record<ModelName, Hyperparameters> = {
  spam: {
    features: FEATURES,
    ftrl: { alpha: 1, beta: 1, l1: 0.1, l2: 1, epochs: 6, seed: 20240601 },
    sourceBalance: 1,
    classBalance: 1,
  },
  offensive: {
    features: OFFENSIVE_FEATURES,
    ftrl: { alpha: 0.3, beta: 1, l1: 0.1, l2: 1, epochs: 6, seed: 20240601 },
    sourceBalance: 0.5,
    classBalance: 1,
  },
};

const wordTags = (value: unknown, fallback: string | undefined) => {
  const file = value === undefined ? fallback : value === 'none' ? undefined : String(value);
  return file !== undefined ? { wordTags: file } : {};
};

function hyperparameters(
  name: ModelName,
  values: Record<string, string | boolean | string[] | undefined>,
): Hyperparameters {
  const number = (name: string, fallback: number) => {
    const value = values[name];
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number`);
    return parsed;
  };
  const d = DEFAULT_HYPERPARAMETERS[name];
  return {
    features: {
      bits: number('bits', d.features.bits),
      charMin: number('char-min', d.features.charMin),
      charMax: number('char-max', d.features.charMax),
      wordBigrams: values['no-bigrams'] ? false : d.features.wordBigrams,
      factValue: number('fact-value', d.features.factValue ?? 0.3),
      ...wordTags(values['word-tags'], d.features.wordTags),
    },
    ftrl: {
      alpha: number('alpha', d.ftrl.alpha),
      beta: number('beta', d.ftrl.beta),
      l1: number('l1', d.ftrl.l1),
      l2: number('l2', d.ftrl.l2),
      epochs: number('epochs', d.ftrl.epochs),
      seed: number('seed', d.ftrl.seed),
    },
    sourceBalance: number('source-balance', d.sourceBalance),
    classBalance: number('class-balance', d.classBalance),
  };
}

function write(out: string, trained: TrainedModel, hyper: Hyperparameters, bits: 8 | 16): ModelEntry {
  const { bytes, scale } = encodeWeights(trained.model.weights, bits);
  const weightsFile = `${trained.name}.weights`;
  const trainedTextsFile = `${trained.name}.trained-texts`;
  writeFileSync(join(out, weightsFile), bytes);
  writeFileSync(join(out, trainedTextsFile), encodeTrainedTexts(trained.trainedHashes));
  let nonZero = 0;
  for (const weight of trained.model.weights) if (weight !== 0) nonZero++;
  return {
    weightsFile,
    weightsSha256: sha256(bytes),
    quantization: { bits, scale },
    features: hyper.features,
    bias: trained.model.bias,
    platt: trained.model.platt,
    trainedTextsFile,
    trainedTexts: new Set(trained.trainedHashes).size,
    nonZeroWeights: nonZero,
    hyperparameters: {
      ftrl: hyper.ftrl,
      sourceBalance: hyper.sourceBalance,
      classBalance: hyper.classBalance,
    },
    sources: trained.sources,
    heldBack: trained.heldBack,
    leaveOneSourceOut: trained.leaveOneSourceOut,
  };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: '../shared/datasets' },
      out: { type: 'string', default: 'models' },
      only: { type: 'string' },
      exclude: { type: 'string', multiple: true, default: [] },
      'no-loso': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      bits: { type: 'string' },
      'char-min': { type: 'string' },
      'char-max': { type: 'string' },
      'fact-value': { type: 'string' },
      'word-tags': { type: 'string' },
      'no-bigrams': { type: 'boolean' },
      alpha: { type: 'string' },
      beta: { type: 'string' },
      l1: { type: 'string' },
      l2: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      'source-balance': { type: 'string' },
      'class-balance': { type: 'string' },
      quantize: { type: 'string', default: '8' },
      help: { type: 'boolean' },
    },
  });
  const only = values.only as ModelName | undefined;
  const bits = Number(values.quantize);
  if (values.help || (only && !MODEL_NAMES.includes(only)) || (bits !== 8 && bits !== 16)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const excluded = new Set(values.exclude);
  const out = resolve(values.out);
  // With --only, the other model already in the folder stays as it is.
  const kept = only && existsSync(join(out, 'manifest.json')) ? readManifest(out).models : {};
  const manifest: ModelsManifest = { format: 1, split: { ...SPLIT }, models: { ...kept } };
  if (!values['dry-run']) mkdirSync(out, { recursive: true });
  for (const name of MODEL_NAMES) {
    if (only && name !== only) continue;
    const hyper = hyperparameters(name, values);
    const trained = await trainModel({
      name,
      dataDir: resolve(values.data),
      sources: TRAINING_SOURCES.filter((source) => source.model === name && !excluded.has(source.path)),
      hyper,
      quantizationBits: bits,
      leaveOneSourceOut: !values['no-loso'],
      ...(hyper.features.wordTags !== undefined
        ? { wordTags: parseWordTags(readFileSync(join(out, hyper.features.wordTags), 'utf8')) }
        : {}),
      log: (line) => console.error(line),
    });
    console.log(`\n## ${name}\n\n${figuresTable(trained)}`);
    if (!values['dry-run']) manifest.models[name] = write(out, trained, hyper, bits);
  }
  if (!values['dry-run']) writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return 0;
}

runMain(() => main(process.argv.slice(2)));
