/** What a model's probabilities are worth on rows it did not learn from. */
export interface Figures {
  n: number;
  positives: number;
  /** Area under the ROC curve: the chance a random positive outranks a random negative. */
  auc: number;
  /** At P >= 0.5: precision, recall, false-positive rate, MCC. */
  precision: number;
  recall: number;
  falsePositiveRate: number;
  mcc: number;
  /** The recall at the highest threshold that flags at most 5% and 1% of negatives. */
  recallAt5: number;
  recallAt1: number;
  /**
   * The lowest probability that, as a threshold (P >= it), flags at most 5% of negatives: on a
   * source left out of training, what a policy's threshold must be to hold so few clean texts.
   */
  thresholdAt5: number;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Figures of scored rows (probability, label). */
export function figuresOf(scored: ReadonlyArray<{ p: number; label: 0 | 1 }>): Figures {
  const positives = scored.filter((row) => row.label === 1).length;
  const negatives = scored.length - positives;
  let tp = 0;
  let fp = 0;
  for (const row of scored) {
    if (row.p < 0.5) continue;
    if (row.label === 1) tp++;
    else fp++;
  }
  const fn = positives - tp;
  const tn = negatives - fp;
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  const sorted = [...scored].sort((a, b) => b.p - a.p);
  // AUC by ranks (ties share), and recall at fixed false-positive rates.
  let rankSum = 0;
  let seenNegatives = 0;
  let seenPositives = 0;
  let recallAt5 = 0;
  let recallAt1 = 0;
  let thresholdAt5 = 1;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    let tiePositives = 0;
    let tieNegatives = 0;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) {
      if (sorted[j]!.label === 1) tiePositives++;
      else tieNegatives++;
      j++;
    }
    rankSum += tiePositives * (negatives - seenNegatives - tieNegatives / 2);
    seenNegatives += tieNegatives;
    seenPositives += tiePositives;
    const recall = positives ? seenPositives / positives : 0;
    if (seenNegatives <= 0.05 * negatives) {
      recallAt5 = recall;
      thresholdAt5 = sorted[i]!.p;
    }
    if (seenNegatives <= 0.01 * negatives) recallAt1 = recall;
    i = j;
  }
  return {
    n: scored.length,
    positives,
    auc: round(positives && negatives ? rankSum / (positives * negatives) : 0),
    precision: round(tp + fp ? tp / (tp + fp) : 0),
    recall: round(positives ? tp / positives : 0),
    falsePositiveRate: round(negatives ? fp / negatives : 0),
    mcc: round(denominator ? (tp * tn - fp * fn) / denominator : 0),
    recallAt5: round(recallAt5),
    recallAt1: round(recallAt1),
    thresholdAt5: round(thresholdAt5),
  };
}
