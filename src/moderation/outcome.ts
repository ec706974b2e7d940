import type { Policy } from './policy';
import { publicReason, verdictReasonCode, type PublicReason } from './reasons';
import type { Action, Verdict } from './types';

/** The status each action leads to. */
export const STATUS_OF = {
  approve: 'approved',
  review: 'pending_review',
  reject: 'rejected',
} as const satisfies Record<Action, string>;

export type VerdictStatus = (typeof STATUS_OF)[Action];

/** What a worker's verdict does to a comment under a site's policy. */
export interface VerdictOutcome {
  /** The status the comment takes. */
  status: VerdictStatus;
  /** Trial mode: the verdict is only observed, and the comment approved whatever it says. */
  observed: boolean;
  /** The public reason of a review or reject (of the would-be one in trial mode); null for an approval. */
  reason: PublicReason | null;
}

/** The status and public reason a verdict gives a comment; in trial mode (`observe`) the comment is approved. */
export function verdictOutcome(verdict: Verdict, policy: Pick<Policy, 'mode' | 'reasons'>): VerdictOutcome {
  const code = verdictReasonCode(verdict);
  const observed = policy.mode === 'observe';
  return {
    status: observed ? 'approved' : STATUS_OF[verdict.action],
    observed,
    reason: code === null ? null : publicReason(policy, code),
  };
}
