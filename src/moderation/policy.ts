import { z } from 'zod';
import type { Action, Signal, Verdict } from './types';

const term = z.string().trim().min(1).max(100);

/** A site's moderation policy; every key has a default, so a new site needs no tuning. */
export const policySchema = z
  .object({
    /** A summed score at or above this holds the comment for review. */
    reviewThreshold: z.number().min(0).max(1000).default(3),
    /** A summed score at or above this rejects the comment. */
    rejectThreshold: z.number().min(0).max(1000).default(9),
    /** More links than this in one comment add to its score. */
    maxLinks: z.number().int().min(0).max(100).default(2),
    /** Words or phrases that reject a comment outright (matched as whole words, any case). */
    blockedTerms: z.array(term).max(1000).default([]),
  })
  .strict()
  .refine((policy) => policy.rejectThreshold >= policy.reviewThreshold, {
    path: ['rejectThreshold'],
    message: 'must be at or above reviewThreshold',
  });

export type Policy = z.infer<typeof policySchema>;

/** The policy of a site that set nothing. */
export const defaultPolicy: Policy = policySchema.parse({});

const severity: Record<Action, number> = { approve: 0, review: 1, reject: 2 };

/** Sums the signals' scores and maps the sum to an action; a forcing signal sets a floor. */
export function decide(signals: Signal[], policy: Policy): Verdict {
  const score = Math.round(signals.reduce((sum, signal) => sum + signal.score, 0) * 100) / 100;
  let action: Action =
    score >= policy.rejectThreshold ? 'reject' : score >= policy.reviewThreshold ? 'review' : 'approve';
  for (const signal of signals) {
    if (signal.force && severity[signal.force] > severity[action]) action = signal.force;
  }
  return { action, score, signals };
}
