import { ago, h, when, type Child } from './dom';
import type { AppContext } from './context';
import type { Appeal, DiffPart, ReviewItem, Revision } from './types';

/** One revision's change, word by word: removed text struck through, added text marked. */
function diffView(parts: DiffPart[]): HTMLElement {
  return h(
    'p',
    { class: 'revision-diff', 'data-testid': 'revision-diff' },
    parts.map((part) =>
      part.op === 'same' ? part.text : h(part.op === 'added' ? 'ins' : 'del', null, part.text),
    ),
  );
}

function revisionEntry(revision: Revision): HTMLElement {
  return h(
    'li',
    { 'data-revision': String(revision.revision) },
    h(
      'p',
      { class: 'muted' },
      h('strong', null, `Revision ${revision.revision}`),
      ` · received ${ago(revision.receivedAt)}`,
      revision.verdict ? ` · worker: ${revision.verdict.action} (${revision.verdict.score.toFixed(1)})` : '',
    ),
    revision.diff ? diffView(revision.diff) : h('p', { class: 'revision-text' }, revision.content),
  );
}

/** The edit history: every revision the site sent, each with what it changed. Null when never edited. */
export function revisionsBlock(item: ReviewItem): Child {
  if (item.revisions.length === 0) return null;
  return h(
    'section',
    { 'data-testid': 'revisions' },
    h('h3', null, `Edit history (${item.revisions.length} revisions)`),
    h('ol', { class: 'revisions' }, item.revisions.map(revisionEntry)),
  );
}

const APPEAL_LABEL: Record<Appeal['status'], string> = {
  pending: 'Waiting for a decision',
  upheld: 'Upheld: the rejection stands',
  overturned: 'Overturned: approved',
  withdrawn: 'Withdrawn by an edit or deletion',
};

/** The commenter's appeals, with their own words as text. Null when never appealed. */
export function appealsBlock(item: ReviewItem, ctx: AppContext): Child {
  if (item.appeals.length === 0) return null;
  return h(
    'section',
    { 'data-testid': 'appeals' },
    h('h3', null, 'Appeals'),
    h(
      'ul',
      { class: 'appeals' },
      item.appeals.map((appeal) =>
        h(
          'li',
          { 'data-status': appeal.status },
          h(
            'p',
            { class: 'muted' },
            h('time', { datetime: appeal.createdAt, title: when(appeal.createdAt) }, ago(appeal.createdAt)),
            ` · ${APPEAL_LABEL[appeal.status]}`,
            appeal.decidedBy === 'moderator' ? ` by ${ctx.moderatorName(appeal.moderatorId)}` : '',
          ),
          h('blockquote', { class: 'appeal-text', lang: 'und' }, appeal.text),
        ),
      ),
    ),
  );
}

/**
 * What the commenter is told and what trial mode held back: the public reason of the current status,
 * and for a verdict only observed, what it would have done.
 */
export function reasonBanners(item: ReviewItem): Child[] {
  const banners: Child[] = [];
  if (item.observed && item.action && item.action !== 'approve') {
    banners.push(
      h(
        'div',
        { class: 'banner banner-info', 'data-testid': 'observed' },
        `Trial mode: the site is told this was approved. The policy would have ${item.action === 'reject' ? 'rejected' : 'held'} it.`,
      ),
    );
  }
  if (item.reason) {
    banners.push(
      h(
        'p',
        { class: 'public-reason', 'data-testid': 'public-reason' },
        h(
          'span',
          { class: 'muted' },
          item.observed ? 'Would tell the commenter: ' : 'The commenter is told: ',
        ),
        h('code', null, item.reason.code),
        ' ',
        item.reason.text,
      ),
    );
  }
  if (item.status === 'appealed') {
    banners.push(
      h(
        'div',
        { class: 'banner banner-info', role: 'status' },
        'The commenter appealed this rejection. Approve to overturn it, reject to uphold it: the site is told either way.',
      ),
    );
  }
  if (item.anonymisedAt) {
    banners.push(
      h(
        'div',
        { class: 'banner banner-info' },
        `Anonymised ${ago(item.anonymisedAt)} (retention or erasure): its text and author are gone.`,
      ),
    );
  }
  return banners;
}

/** Whether a person can still decide the item: not deleted by the site, not anonymised. */
export const isDecidable = (item: ReviewItem) => item.status !== 'deleted' && !item.anonymisedAt;

/** The status history line for an appeal or edit decision, which has no verdict pill of its own. */
export const decisionLabel = (action: string) =>
  ({ edit: 'edited by the site', delete: 'deleted by the site', appeal: 'appealed', erase: 'erased' })[
    action
  ] ?? null;
