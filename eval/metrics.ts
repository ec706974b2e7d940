/** Counts of a binary decision against labels: positive = the label says spam/offensive. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, tn: 0, fn: 0 });

/** Adds one row: `predicted` is what the system flagged, `actual` what the label says. */
export function count(confusion: Confusion, predicted: boolean, actual: boolean): void {
  if (predicted && actual) confusion.tp++;
  else if (predicted) confusion.fp++;
  else if (actual) confusion.fn++;
  else confusion.tn++;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Precision, recall, F1 and the Matthews correlation coefficient of a confusion matrix. */
export function scores({ tp, fp, tn, fn }: Confusion) {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  const mcc = ratio(tp * tn - fp * fn, denominator);
  return { precision, recall, f1, mcc, falsePositiveRate: ratio(fp, fp + tn) };
}

export const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
