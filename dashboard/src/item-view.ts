import { ago, h, statusPill, when, type Child } from './dom';
import { highlighted } from './highlight';
import { scoreBadge } from './score';
import { signalsBlock, signalsHeading } from './item-signals';
import { authorBlock, contextBlock } from './item-author';
import type { AppContext } from './context';
import type { Claim, Decision, ReviewItem } from './types';
import { decisionLabel, isDecidable } from './item-workflows';

/** What the item view can ask of the page around it. */
export interface ItemViewHooks {
  onDecide(verdict: 'approve' | 'reject' | 'spam'): void;
  onFilter?(filter: { threadId?: string; authorId?: string }): void;
  /** On a phone, where the item is a view of its own: back to the list. */
  onBack?(): void;
  /** Something of the item changed (a note): load it again. */
  onChanged(): void;
}

function decisionsBlock(decisions: Decision[], ctx: AppContext): Child {
  return h(
    'ol',
    { class: 'timeline', 'data-testid': 'decisions' },
    decisions.map((decision) =>
      h(
        'li',
        null,
        h('time', { datetime: decision.createdAt, title: when(decision.createdAt) }, ago(decision.createdAt)),
        ' ',
        statusPill(decision.fromStatus),
        ' → ',
        statusPill(decision.toStatus),
        ' by ',
        h(
          'strong',
          null,
          decision.decidedBy === 'moderator' ? ctx.moderatorName(decision.moderatorId) : decision.decidedBy,
        ),
        decision.undoes ? h('span', { class: 'muted' }, ' · undo') : null,
        decisionLabel(decision.action)
          ? h('span', { class: 'muted' }, ` · ${decisionLabel(decision.action)}`)
          : null,
        decision.reasonCode ? h('span', { class: 'muted' }, ` · reason ${decision.reasonCode}`) : null,
        decision.reason && !decision.undoes ? h('span', { class: 'muted' }, ` · ${decision.reason}`) : null,
        decision.note ? h('span', { class: 'note' }, ` · “${decision.note}”`) : null,
      ),
    ),
  );
}

export function claimText(claim: Claim | null | undefined, ctx: AppContext): string | null {
  if (!claim) return null;
  return claim.moderatorId === ctx.me.id ? 'Open by you' : `Open by ${claim.name}`;
}

/**
 * The whole item: the comment with its marks, the action bar (with a note for the decision), why it
 * was held against the site's thresholds, its context, the author's record and notes, the history;
 * `extras` (edit history, appeals, actions on the author) go last.
 */
export function renderItem(
  item: ReviewItem,
  ctx: AppContext,
  hooks: ItemViewHooks,
  banners: Child[],
  extras: Child[] = [],
): HTMLElement {
  const open = item.status === 'pending_review' || item.status === 'queued';
  const appealed = item.status === 'appealed';
  const site = ctx.site(item.siteId);
  return h(
    'article',
    {
      class: 'item',
      'data-testid': 'item',
      'data-id': item.id,
      'data-status': item.status,
      'data-version': String(item.version),
      'aria-labelledby': `item-title-${item.id}`,
    },
    hooks.onBack
      ? h('button', { class: 'ghost small back-to-list', onclick: hooks.onBack }, '← Back to the list')
      : null,
    h(
      'header',
      { class: 'item-head' },
      h('h2', { id: `item-title-${item.id}`, class: 'visually-hidden' }, `Comment ${item.externalId}`),
      statusPill(item.status),
      scoreBadge(item.score, site),
      h(
        'span',
        { class: 'muted' },
        `${ctx.siteName(item.siteId)} · received ${ago(item.receivedAt)} · version ${item.version}`,
      ),
      item.claimedBy && item.claimedBy.moderatorId !== ctx.me.id
        ? h('span', { class: 'pill claim', 'data-testid': 'claimed-by' }, claimText(item.claimedBy, ctx))
        : null,
    ),
    h('div', { class: 'banners' }, banners),
    h(
      'div',
      { class: 'comment-text', 'data-testid': 'comment-content', lang: 'und' },
      highlighted(item.content, item.signals),
    ),
    h(
      'div',
      { class: 'actions', hidden: !isDecidable(item) },
      h('input', {
        type: 'text',
        class: 'decision-note',
        maxlength: 2000,
        placeholder: 'Note with the decision (optional)',
        'aria-label': 'Note with the decision',
        'data-testid': 'decision-note',
      }),
      h(
        'button',
        { class: 'approve', onclick: () => hooks.onDecide('approve'), 'data-testid': 'approve' },
        h('kbd', null, 'a'),
        appealed ? ' Overturn (approve)' : open ? ' Approve' : ' Approve instead',
      ),
      h(
        'button',
        { class: 'reject', onclick: () => hooks.onDecide('reject'), 'data-testid': 'reject' },
        h('kbd', null, 'r'),
        appealed ? ' Uphold (reject)…' : ' Reject…',
      ),
      h('button', { class: 'spam', onclick: () => hooks.onDecide('spam') }, h('kbd', null, 's'), ' Spam'),
    ),
    h(
      'div',
      { class: 'columns' },
      h('section', null, h('h3', null, signalsHeading(item)), signalsBlock(item, site)),
      h('section', null, h('h3', null, 'Context'), contextBlock(item, hooks)),
    ),
    h(
      'div',
      { class: 'columns' },
      h('section', null, h('h3', null, 'The author'), authorBlock(item, ctx, hooks)),
      h('section', null, h('h3', null, 'Decision history'), decisionsBlock(item.decisions, ctx)),
    ),
    extras,
  );
}
