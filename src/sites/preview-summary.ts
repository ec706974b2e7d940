import type { Action } from '../moderation/types';
import type { PublicReason } from '../moderation/reasons';

/** One re-scored comment: its stored verdict, the draft's, and what a person decided, if anyone did. */
export interface Rescored {
  id: string;
  externalId: string;
  receivedAt: string;
  content: string;
  current: { action: Action; score: number };
  draft: { action: Action; score: number; reason: PublicReason | null };
  /** The latest approve or reject of a moderator (or the site); null when nobody decided. */
  decided: 'approved' | 'rejected' | null;
}

/** How verdicts agree with what people decided: false positives held or rejected what they approved. */
export interface Agreement {
  agree: number;
  /** Held or rejected, but a person approved it. */
  falsePositives: number;
  /** Approved, but a person rejected it. */
  falseNegatives: number;
}

export interface PreviewSummary {
  scanned: number;
  /** Comments whose action the draft changes. */
  changed: number;
  /** Changes by kind, e.g. `approve→review`. */
  changes: Record<string, number>;
  /** Comments a person decided, and how the current and the draft verdicts agree with them. */
  decided: number;
  agreement: { current: Agreement; draft: Agreement };
  examples: Rescored[];
}

/** How much of a comment an example quotes. */
export const EXAMPLE_CHARS = 280;

function judge(agreement: Agreement, action: Action, decided: 'approved' | 'rejected'): void {
  if (decided === 'approved' && action !== 'approve') agreement.falsePositives++;
  else if (decided === 'rejected' && action === 'approve') agreement.falseNegatives++;
  else agreement.agree++;
}

/** Sums up one page of re-scored comments: what changes, examples of it, and agreement with people. */
export function summarise(rescored: readonly Rescored[], maxExamples: number): PreviewSummary {
  const empty = (): Agreement => ({ agree: 0, falsePositives: 0, falseNegatives: 0 });
  const summary: PreviewSummary = {
    scanned: rescored.length,
    changed: 0,
    changes: {},
    decided: 0,
    agreement: { current: empty(), draft: empty() },
    examples: [],
  };
  for (const one of rescored) {
    if (one.current.action !== one.draft.action) {
      summary.changed++;
      const kind = `${one.current.action}→${one.draft.action}`;
      summary.changes[kind] = (summary.changes[kind] ?? 0) + 1;
      if (summary.examples.length < maxExamples) {
        summary.examples.push({ ...one, content: one.content.slice(0, EXAMPLE_CHARS) });
      }
    }
    if (one.decided) {
      summary.decided++;
      judge(summary.agreement.current, one.current.action, one.decided);
      judge(summary.agreement.draft, one.draft.action, one.decided);
    }
  }
  return summary;
}
