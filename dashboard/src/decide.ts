import { api, ApiError } from './api';
import type { ReviewComment } from './types';

export type Verdict = 'approve' | 'reject' | 'spam';

export type DecisionResult =
  | { ok: true; item: ReviewComment; changed: boolean }
  | { ok: false; conflict: ReviewComment | null; message: string };

/** Past tense, for messages: "approved", "rejected", "marked as spam". */
export const DONE: Record<Verdict, string> = {
  approve: 'approved',
  reject: 'rejected',
  spam: 'marked as spam',
};

/**
 * Sends a decision on the version the moderator saw. Spam is a rejection with the reason "spam".
 * A 409 version_conflict means a colleague decided first: nothing was changed, and `conflict`
 * is the item as it is now. `changed: false` means it already had that status: nothing recorded.
 */
export async function sendDecision(
  item: Pick<ReviewComment, 'id' | 'version'>,
  verdict: Verdict,
  extra: { reason?: string; note?: string } = {},
): Promise<DecisionResult> {
  const body = {
    action: verdict === 'approve' ? 'approve' : 'reject',
    version: item.version,
    reason: verdict === 'spam' ? 'spam' : extra.reason?.trim() || undefined,
    note: extra.note?.trim() || undefined,
  };
  try {
    const answer = await api<ReviewComment & { changed: boolean }>(
      'POST',
      `/v1/review/items/${item.id}/decision`,
      body,
    );
    return { ok: true, item: answer, changed: answer.changed };
  } catch (error) {
    if (error instanceof ApiError && error.problem.code === 'version_conflict') {
      return { ok: false, conflict: error.problem.current ?? null, message: error.message };
    }
    return { ok: false, conflict: null, message: error instanceof Error ? error.message : String(error) };
  }
}

/** What to say after a decision was saved, or found nothing to change. */
export function decisionMessage(verdict: Verdict, changed: boolean): string {
  return changed
    ? `Comment ${DONE[verdict]}.`
    : `Already ${DONE[verdict]}: nothing changed, nothing recorded.`;
}
