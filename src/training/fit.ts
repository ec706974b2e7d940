import type { FeatureSpec } from '../moderation/models/features';
import { calibrate, fitPlatt, type Platt } from './calibration';
import { marginOf, trainFtrl, type Example, type FtrlOptions, type LinearModel } from './ftrl';
import type { TrainingRow } from './training-rows';

/** Everything that decides a model besides its data; recorded in the manifest. */
export interface Hyperparameters {
  features: FeatureSpec;
  ftrl: FtrlOptions;
  /**
   * 0: every row counts 1. 1: every source counts as much as the others in total. Between: a
   * row of a source of n rows counts (median source size / n) ^ sourceBalance.
   */
  sourceBalance: number;
  /** 0: as the data is. 1: positives and negatives weigh the same in total. */
  classBalance: number;
}

/** A fitted model: weights, intercept and calibration. */
export interface FittedModel extends LinearModel {
  platt: Platt;
}

/** The rows as weighted examples. */
export function weigh(rows: readonly TrainingRow[], hyper: Hyperparameters): Example[] {
  const perSource = new Map<string, number>();
  for (const row of rows) perSource.set(row.source, (perSource.get(row.source) ?? 0) + 1);
  const sizes = [...perSource.values()].sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)] ?? 1;
  const sourceWeight = (source: string) => (median / perSource.get(source)!) ** hyper.sourceBalance;
  let positive = 0;
  let negative = 0;
  for (const row of rows) {
    if (row.label) positive += sourceWeight(row.source);
    else negative += sourceWeight(row.source);
  }
  const positiveWeight = positive > 0 ? (negative / positive) ** hyper.classBalance : 1;
  return rows.map((row) => ({
    features: row.features,
    label: row.label,
    weight: sourceWeight(row.source) * (row.label ? positiveWeight : 1),
  }));
}

/** Learns weights from `train` and calibrates them on `calibration`. */
export function fit(
  train: readonly TrainingRow[],
  calibration: readonly TrainingRow[],
  hyper: Hyperparameters,
): FittedModel {
  const linear = trainFtrl(weigh(train, hyper), 1 << hyper.features.bits, hyper.ftrl);
  const platt = fitPlatt(
    calibration.map((row) => marginOf(linear, row.features)),
    calibration.map((row) => row.label),
  );
  return { ...linear, platt };
}

/** Calibrated probabilities of rows, with their labels. */
export function scoreRows(model: FittedModel, rows: readonly TrainingRow[]) {
  return rows.map((row) => ({ p: calibrate(model.platt, marginOf(model, row.features)), label: row.label }));
}
