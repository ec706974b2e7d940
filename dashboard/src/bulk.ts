import { h, toast } from './dom';
import { askRejection, confirmAction } from './dialog';
import { DONE, sendDecision, type Verdict } from './decide';
import type { AppContext } from './context';
import type { ReviewComment } from './types';

/** Bulk decisions over more items than this ask first. */
export const BULK_CONFIRM_OVER = 1;

const VERB: Record<Verdict, string> = { approve: 'Approve', reject: 'Reject', spam: 'Mark as spam' };

/** What a moderator should know before deciding many at once: the scores, and colleagues on them. */
function summary(targets: ReviewComment[], ctx: AppContext): string {
  const scores = targets.map((item) => item.score).filter((score): score is number => score !== null);
  const held = scores.length
    ? `Scores ${Math.min(...scores).toFixed(1)} to ${Math.max(...scores).toFixed(1)}.`
    : '';
  const open = targets.filter((item) => item.claimedBy && item.claimedBy.moderatorId !== ctx.me.id);
  const colleagues = open.length
    ? ` ${open.length} ${open.length === 1 ? 'is' : 'are'} open by ${[...new Set(open.map((item) => item.claimedBy!.name))].join(', ')}.`
    : '';
  return `${held}${colleagues}`;
}

/**
 * Decides many items, each on the version shown, after a confirmation (a reason and note for a
 * rejection); reports those a colleague decided first. Returns the ids that were saved.
 */
export async function decideMany(
  targets: ReviewComment[],
  verdict: Verdict,
  ctx: AppContext,
): Promise<string[]> {
  if (targets.length === 0) return [];
  const title = `${VERB[verdict]} ${targets.length} comment${targets.length === 1 ? '' : 's'}?`;
  let extra: { reason?: string; note?: string } = {};
  if (verdict === 'reject') {
    const answer = await askRejection(title, '', h('p', null, summary(targets, ctx)));
    if (answer === null) return [];
    extra = answer;
  } else if (targets.length > BULK_CONFIRM_OVER) {
    if (
      !(await confirmAction(
        title,
        summary(targets, ctx),
        VERB[verdict],
        verdict === 'approve' ? 'primary' : 'danger',
      ))
    )
      return [];
  }
  const results = await Promise.all(targets.map((item) => sendDecision(item, verdict, extra)));
  const saved = targets.filter((_, index) => results[index]!.ok).map((item) => item.id);
  const conflicts = results.filter((result) => !result.ok && result.conflict).length;
  const failed = results.length - saved.length - conflicts;
  toast(
    [
      `${saved.length} ${DONE[verdict]}`,
      conflicts ? `${conflicts} not saved: decided by someone else first` : '',
      failed ? `${failed} failed` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    conflicts || failed ? 'error' : 'ok',
  );
  return saved;
}
