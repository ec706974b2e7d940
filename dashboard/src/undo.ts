import { api, describe } from './api';
import { toast } from './dom';
import type { MyDecision, Page, ReviewComment } from './types';

/** Undoes one of my decisions (a new decision restoring the state before it); says what happened. */
export async function undoDecision(decisionId: string): Promise<ReviewComment | null> {
  try {
    const restored = await api<ReviewComment>('POST', `/v1/review/decisions/${decisionId}/undo`, {});
    toast('Undone: the comment is back as it was.');
    return restored;
  } catch (error) {
    toast(`Not undone: ${describe(error)}`, 'error');
    return null;
  }
}

/** Undoes my latest decision (on this comment, when given), if it can still be undone. */
export async function undoLatest(commentId?: string): Promise<ReviewComment | null> {
  const page = await api<Page<MyDecision>>('GET', '/v1/review/decisions/mine?limit=20');
  const latest = page.items.find((decision) => !commentId || decision.commentId === commentId);
  if (!latest || !latest.undoable) {
    toast('Nothing to undo: your latest decision was changed since, or there is none.', 'error');
    return null;
  }
  return undoDecision(latest.id);
}
