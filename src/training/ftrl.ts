import { createRandom } from '../moderation/hashing';
import { MAX_FEATURES, type Features } from '../moderation/models/features';

/** A row as the trainer sees it. */
export interface Example {
  features: Features;
  label: 0 | 1;
  /** How much the row counts: class and source balance. */
  weight: number;
}

/** FTRL-Proximal's settings (McMahan et al., "Ad Click Prediction: a View from the Trenches", 2013). */
export interface FtrlOptions {
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
  epochs: number;
  seed: number;
}

/** Weights of a logistic regression over hashed features, and its intercept. */
export interface LinearModel {
  weights: Float32Array;
  bias: number;
}

/** Fisher–Yates with the seeded generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Logistic regression by FTRL-Proximal, per-coordinate learning rates with L1 and L2: the L1 term
 * zeroes the features that do not earn their keep, which keeps the weights small to ship.
 * Deterministic for a given seed and example order.
 */
export function trainFtrl(
  examples: readonly Example[],
  dimensions: number,
  options: FtrlOptions,
): LinearModel {
  const { alpha, beta, l1, l2 } = options;
  // The intercept is one more coordinate, never regularised.
  const z = new Float64Array(dimensions + 1);
  const n = new Float64Array(dimensions + 1);
  const weightOf = (i: number, regularised: boolean) => {
    const zi = z[i]!;
    if (regularised && Math.abs(zi) <= l1) return 0;
    const shrink = regularised ? Math.sign(zi) * l1 : 0;
    return -(zi - shrink) / ((beta + Math.sqrt(n[i]!)) / alpha + (regularised ? l2 : 0));
  };
  const random = createRandom(options.seed);
  // The weights of the example's features, read once per example (features are at most MAX_FEATURES).
  const w = new Float64Array(MAX_FEATURES);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const example of shuffled(examples, random)) {
      const { indexes, values, size } = example.features;
      let margin = weightOf(dimensions, false);
      for (let k = 0; k < size; k++) {
        w[k] = weightOf(indexes[k]!, true);
        margin += w[k]! * values[k]!;
      }
      const p = sigmoid(Math.max(-35, Math.min(35, margin)));
      const g = (p - example.label) * example.weight;
      update(z, n, dimensions, g, weightOf(dimensions, false), alpha);
      for (let k = 0; k < size; k++) update(z, n, indexes[k]!, g * values[k]!, w[k]!, alpha);
    }
  }
  const weights = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) weights[i] = weightOf(i, true);
  return { weights, bias: weightOf(dimensions, false) };
}

function update(z: Float64Array, n: Float64Array, i: number, g: number, w: number, alpha: number): void {
  const ni = n[i]!;
  const sigma = (Math.sqrt(ni + g * g) - Math.sqrt(ni)) / alpha;
  z[i] = z[i]! + g - sigma * w;
  n[i] = ni + g * g;
}

/** The margin (log-odds before calibration) of features under a linear model. */
export function marginOf(model: LinearModel, features: Features): number {
  let margin = model.bias;
  for (let k = 0; k < features.size; k++)
    margin += model.weights[features.indexes[k]!]! * features.values[k]!;
  return margin;
}
