import { encodeWeights, decodeWeights } from '../moderation/models/model-format';
import { cuesOf, hasAbusiveWord } from '../moderation/models/cues';
import { createFeaturizer } from '../moderation/models/features';
import type { WordTags } from '../moderation/models/word-tags';
import { MAX_CHECKED_CHARS } from '../moderation/checks';
import { canonicalize } from '../moderation/text/canonical';
import { groupBy } from '../group-by';
import { figuresOf, type Figures } from './figures';
import { fit, scoreRows, type FittedModel, type Hyperparameters } from './fit';
import type { ModelName, TrainingSource } from './sources';
import { readTrainingRows, type SourceSummary, type TrainingRow } from './training-rows';

/** A trained model with everything its manifest entry says about it. */
export interface TrainedModel {
  name: ModelName;
  model: FittedModel;
  sources: SourceSummary[];
  /** Key hashes of the rows it learned from or was calibrated on. */
  trainedHashes: number[];
  /** Per source and overall, on the held-back part, with the shipped (quantized) weights. */
  heldBack: Record<string, Figures>;
  /** Per source: trained on every other source, scored on all of this one's rows. */
  leaveOneSourceOut: Record<string, Figures>;
}

const bySource = (rows: readonly TrainingRow[]) => groupBy(rows, (row) => row.source);

/**
 * Trains one model: learns on the train part of every source, calibrates on the calibrate part,
 * measures on the held-back part with the weights as they will ship (quantized), and, unless
 * told not to, measures each source as unseen by training on all the others.
 */
export async function trainModel(input: {
  name: ModelName;
  dataDir: string;
  sources: readonly TrainingSource[];
  hyper: Hyperparameters;
  quantizationBits: 8 | 16;
  leaveOneSourceOut: boolean;
  /** The word tags hyper.features.wordTags names. */
  wordTags?: WordTags;
  log: (line: string) => void;
}): Promise<TrainedModel> {
  const { hyper, log } = input;
  const featurizer = createFeaturizer(hyper.features, input.wordTags);
  const featurize = (text: string) => {
    const capped = text.slice(0, MAX_CHECKED_CHARS);
    const canonical = canonicalize(capped).text;
    return {
      features: featurizer.extract(canonical, cuesOf(capped, canonical)),
      abusive: hasAbusiveWord(canonical),
    };
  };
  const { rows, summaries } = await readTrainingRows(input.dataDir, input.sources, featurize);
  log(`${input.name}: ${rows.length} distinct texts from ${summaries.length} files`);
  const train = rows.filter((row) => row.part === 'train' && row.learn);
  const calibration = rows.filter((row) => row.part === 'calibrate' && row.learn);
  const fitted = fit(train, calibration, hyper);
  // Figures are of what ships: the weights after quantization.
  const { bytes, scale } = encodeWeights(fitted.weights, input.quantizationBits);
  const shipped = { ...fitted, weights: decodeWeights(bytes, input.quantizationBits, scale) };

  const heldBack: Record<string, Figures> = {};
  const test = rows.filter((row) => row.part === 'test');
  heldBack.all = figuresOf(scoreRows(shipped, test));
  for (const [source, group] of bySource(test)) heldBack[source] = figuresOf(scoreRows(shipped, group));

  const leaveOneSourceOut: Record<string, Figures> = {};
  if (input.leaveOneSourceOut) {
    for (const [source, group] of bySource(rows)) {
      const others = (part: TrainingRow['part']) =>
        rows.filter((row) => row.source !== source && row.part === part && row.learn);
      const model = fit(others('train'), others('calibrate'), hyper);
      leaveOneSourceOut[source] = figuresOf(scoreRows(model, group));
      log(`  without ${source}: AUC ${leaveOneSourceOut[source].auc}`);
    }
  }
  return {
    name: input.name,
    model: shipped,
    sources: summaries,
    trainedHashes: [...train, ...calibration].map((row) => row.hash),
    heldBack,
    leaveOneSourceOut,
  };
}
