import { sigmoid } from './ftrl';

/** Platt scaling: P(positive) = σ(a·margin + b). */
export interface Platt {
  a: number;
  b: number;
}

/**
 * Fits Platt scaling to margins and labels by Newton's method, with Platt's smoothed targets
 * (so a perfectly separated calibration set does not push a to infinity).
 */
export function fitPlatt(margins: readonly number[], labels: readonly (0 | 1)[]): Platt {
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    // Gradient and Hessian of the cross-entropy in (a, b), with a little ridge for stability.
    let ga = 0;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    for (let i = 0; i < margins.length; i++) {
      const m = margins[i]!;
      const p = sigmoid(a * m + b);
      const t = labels[i] === 1 ? hi : lo;
      const d = p - t;
      const v = p * (1 - p);
      ga += d * m;
      gb += d;
      haa += v * m * m;
      hab += v * m;
      hbb += v;
    }
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

export const calibrate = (platt: Platt, margin: number) => sigmoid(platt.a * margin + platt.b);
