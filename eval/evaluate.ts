import { createMemoryCrowdIndex } from '../src/crowd/memory-crowd-index';
import type { NamedCheck } from '../src/moderation/checks';
import { createMemoryLearning } from '../src/learning/memory-learning';
import type { AuthorStanding, ContextSources } from '../src/moderation/check-context';
import { loadCheckContext } from '../src/moderation/load-check-context';
import { isTrustedAuthor, moderate } from '../src/moderation/moderate';
import type { Policy } from '../src/moderation/policy';
import type { Action, Verdict } from '../src/moderation/types';
import { count, emptyConfusion, type Confusion } from './metrics';
import type { ReplayRow } from './rows';

const SITE = 'evaluation';

/** Which rows of a replay teach (as moderators' decisions) and which are scored; the rest only pass by. */
export interface ReplayPlan {
  learn(row: ReplayRow, index: number): boolean;
  score(row: ReplayRow, index: number): boolean;
  /** Told of every scored row's verdict (e.g. to write the signals out for fitting the policy). */
  scored?(row: ReplayRow, verdict: Verdict, trustedAuthor: boolean): void;
}

/** A scored row the system got wrong, for the report. */
export interface ErrorRow {
  text: string;
  label: boolean;
  action: Action;
  score: number;
  signals: string[];
}

/** What an evaluation run counts over the rows it scores (not the ones it learned from). */
export interface EvaluationTally {
  n: number;
  positives: number;
  /** Not approved (review or reject) against the label. */
  flagged: Confusion;
  actions: Record<Action, { positive: number; negative: number }>;
  /** Per signal code: on how many positive and negative rows it fired. */
  fired: Map<string, { positive: number; negative: number }>;
  /** Positives approved and negatives held or rejected. */
  errors: ErrorRow[];
}

/**
 * Replays labeled rows, in the order and at the times given, through the real checks and policy,
 * in process, with fresh learned state. Rows the plan says to learn are taught to the classifier
 * (and count toward author standing) as moderators' decisions would be; rows it says to score are
 * scored and counted; every row is seen by the crowd index, as traffic is.
 */
export async function evaluate(
  rows: readonly ReplayRow[],
  policy: Policy,
  checks: NamedCheck[],
  plan: ReplayPlan,
): Promise<EvaluationTally> {
  const crowd = createMemoryCrowdIndex();
  const classifier = createMemoryLearning();
  const standings = new Map<string, AuthorStanding>();
  const tally: EvaluationTally = {
    n: 0,
    positives: 0,
    flagged: emptyConfusion(),
    actions: {
      approve: { positive: 0, negative: 0 },
      review: { positive: 0, negative: 0 },
      reject: { positive: 0, negative: 0 },
    },
    fired: new Map(),
    errors: [],
  };
  const standingOf = (author: string) => {
    const standing = standings.get(author) ?? { approved: 0, rejected: 0, recentRejected: 0 };
    standings.set(author, standing);
    return standing;
  };
  // The worker's context, from memory: the standing as it is now, before this row counts.
  const sources: ContextSources = {
    authorStanding: async (_siteId, authorKey) => ({ ...standingOf(authorKey) }),
    classifierCounts: (siteId, tokens) => classifier.stats(siteId, tokens),
    crowd,
  };

  for (const [index, row] of rows.entries()) {
    const at = row.at;
    const commentId = `row-${index}`;
    const authorKey = row.author ? `id:${row.author}` : null;
    const receivedAt = new Date(at).toISOString();
    const context = await loadCheckContext(
      sources,
      { id: commentId, siteId: SITE, authorKey, author: {}, content: row.text, receivedAt },
      { policy },
    );
    if (plan.learn(row, index)) {
      const tokens = context.classifier?.tokens ?? [];
      await classifier.learn({ siteId: SITE, key: commentId, label: row.label ? 'spam' : 'ham', tokens });
      if (authorKey) record(standingOf(authorKey), row.label ? 'reject' : 'approve');
      continue;
    }
    if (!plan.score(row, index)) continue;
    const verdict = moderate(
      checks,
      {
        content: row.text,
        author: row.author ? { id: row.author } : {},
        receivedAt,
      },
      context,
    );
    if (authorKey) record(standingOf(authorKey), verdict.action);
    plan.scored?.(row, verdict, isTrustedAuthor(context));
    tally.n++;
    if (row.label) tally.positives++;
    count(tally.flagged, verdict.action !== 'approve', row.label);
    if ((verdict.action === 'approve') === row.label) {
      tally.errors.push({
        text: row.text,
        label: row.label,
        action: verdict.action,
        score: verdict.score,
        signals: verdict.signals
          .filter((signal) => signal.score !== 0)
          .map((signal) => `${signal.check}/${signal.code} ${signal.score}`),
      });
    }
    tally.actions[verdict.action][row.label ? 'positive' : 'negative']++;
    for (const code of new Set(verdict.signals.map((signal) => `${signal.check}/${signal.code}`))) {
      const fired = tally.fired.get(code) ?? { positive: 0, negative: 0 };
      fired[row.label ? 'positive' : 'negative']++;
      tally.fired.set(code, fired);
    }
  }
  return tally;
}

/** An automatic verdict counts toward the author's standing as a moderator's decision would. */
function record(standing: AuthorStanding, action: Action): void {
  if (action === 'approve') standing.approved++;
  if (action === 'reject') {
    standing.rejected++;
    standing.recentRejected++;
  }
}
