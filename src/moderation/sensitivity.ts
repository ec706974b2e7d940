import { SENSITIVITIES, type CheckName, type Sensitivity } from './policy';

/** What a preset sets: both thresholds and the weights of the checks that give weak signals. */
export interface Preset {
  reviewThreshold: number;
  rejectThreshold: number;
  weights: Partial<Record<CheckName, number>>;
}

/**
 * The presets. `balanced` is the default policy: a single weak signal (one link, one shortener,
 * one mild swear word) does not hold a comment. `strict` holds on one (a link and a shortener,
 * a mild swear word) and rejects sooner; `lenient` holds only on clearer evidence.
 */
export const PRESETS: Record<Sensitivity, Preset> = {
  strict: { reviewThreshold: 2, rejectThreshold: 7, weights: { links: 1.5 } },
  balanced: { reviewThreshold: 3, rejectThreshold: 9, weights: { links: 1, profanity: 1 } },
  lenient: { reviewThreshold: 5, rejectThreshold: 12, weights: { links: 0.75, profanity: 0.75 } },
};

type CheckSettings = { enabled?: boolean; weight?: number };

/**
 * A policy change with its preset spelled out: choosing `sensitivity` sets both thresholds and
 * the preset's check weights, unless the same change sets them itself. The stored policy keeps
 * plain thresholds and weights, so everything that reads a policy reads it the same way.
 */
export function applySensitivity(
  current: { checks?: Partial<Record<CheckName, CheckSettings>> },
  change: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!change) return change;
  const chosen = change.sensitivity;
  if (typeof chosen !== 'string' || !(SENSITIVITIES as readonly string[]).includes(chosen)) return change;
  const preset = PRESETS[chosen as Sensitivity];
  const checks: Record<string, CheckSettings> = { ...current.checks };
  for (const [name, weight] of Object.entries(preset.weights)) checks[name] = { ...checks[name], weight };
  const asked = (change.checks ?? {}) as Record<string, CheckSettings>;
  for (const [name, settings] of Object.entries(asked)) checks[name] = { ...checks[name], ...settings };
  return {
    reviewThreshold: preset.reviewThreshold,
    rejectThreshold: preset.rejectThreshold,
    ...change,
    checks,
  };
}
