import { ago, h, safeHref, statusPill, when, STATUS_LABEL, type Child } from './dom';
import { highlighted } from './highlight';
import type { AppContext } from './context';
import type { Claim, Decision, ReviewItem, Signal } from './types';

/** What the item view can ask of the page around it. */
export interface ItemViewHooks {
  onDecide(verdict: 'approve' | 'reject' | 'spam'): void;
  onFilter?(filter: { threadId?: string; authorId?: string }): void;
}

function scoreBadge(score: number | null): HTMLElement {
  const level = score === null ? 'none' : score >= 9 ? 'high' : score >= 3 ? 'mid' : 'low';
  return h(
    'span',
    { class: `score score-${level}`, title: 'Summed score of the signals' },
    score === null ? '–' : score.toFixed(1),
  );
}

function signalRows(signals: Signal[]): HTMLElement {
  if (signals.length === 0) return h('p', { class: 'muted' }, 'No signal fired.');
  return h(
    'table',
    { class: 'signals', 'data-testid': 'signals' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, 'Check'),
        h('th', null, 'Signal'),
        h('th', { class: 'num' }, 'Score'),
        h('th', null, 'Why'),
      ),
    ),
    h(
      'tbody',
      null,
      [...signals]
        .sort((a, b) => b.score - a.score)
        .map((signal) =>
          h(
            'tr',
            null,
            h('td', null, h('span', { class: 'check-dot', 'data-check': signal.check }), signal.check),
            h(
              'td',
              null,
              h('code', null, signal.code),
              signal.force ? h('span', { class: 'pill force' }, `forces ${signal.force}`) : null,
            ),
            h(
              'td',
              { class: `num ${signal.score < 0 ? 'neg' : ''}` },
              signal.score > 0 ? `+${signal.score}` : String(signal.score),
            ),
            h('td', null, signal.message),
          ),
        ),
    ),
  );
}

function threadBlock(item: ReviewItem, hooks: ItemViewHooks): Child {
  const { thread } = item;
  const href = safeHref(thread.url);
  const title = thread.title ?? thread.id ?? 'Untitled thread';
  return h(
    'dl',
    { class: 'facts' },
    h('dt', null, 'Thread'),
    h(
      'dd',
      null,
      href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, title) : title,
      thread.id && hooks.onFilter
        ? h(
            'button',
            { class: 'link', onclick: () => hooks.onFilter?.({ threadId: thread.id }) },
            'only this thread',
          )
        : null,
    ),
    h('dt', null, 'Author'),
    h(
      'dd',
      null,
      item.author.name ?? 'anonymous',
      item.author.id ? h('span', { class: 'muted' }, ` · id ${item.author.id}`) : null,
      item.author.id && hooks.onFilter
        ? h(
            'button',
            { class: 'link', onclick: () => hooks.onFilter?.({ authorId: item.author.id }) },
            'only this author',
          )
        : null,
    ),
    item.author.email ? [h('dt', null, 'E-mail'), h('dd', null, item.author.email)] : null,
    // The author's URL is theirs to choose: shown as text, never as a link.
    item.author.url ? [h('dt', null, 'Author URL'), h('dd', { class: 'break' }, item.author.url)] : null,
    h('dt', null, 'Comment id'),
    h('dd', null, h('code', null, item.externalId)),
  );
}

function historyBlock(item: ReviewItem): Child {
  const history = item.authorHistory;
  if (!history) return h('p', { class: 'muted' }, 'The site sent no author id or e-mail: no history.');
  const counts = Object.entries(history.counts).filter(([, count]) => count > 0);
  return [
    h(
      'p',
      { class: 'counts' },
      counts.map(([status, count]) =>
        h('span', { class: `pill status-${status}` }, `${count} ${STATUS_LABEL[status] ?? status}`),
      ),
    ),
    history.recent.length === 0
      ? h('p', { class: 'muted' }, 'No earlier comment.')
      : h(
          'ul',
          { class: 'history' },
          history.recent.map((other) =>
            h(
              'li',
              null,
              statusPill(other.status),
              h('span', { class: 'excerpt' }, other.content.slice(0, 200)),
              h('time', { class: 'muted', datetime: other.receivedAt }, ago(other.receivedAt)),
            ),
          ),
        ),
  ];
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
        decision.reason ? h('span', { class: 'muted' }, ` · ${decision.reason}`) : null,
        decision.note ? h('span', { class: 'muted' }, ` · ${decision.note}`) : null,
      ),
    ),
  );
}

export function claimText(claim: Claim | null | undefined, ctx: AppContext): string | null {
  if (!claim) return null;
  return claim.moderatorId === ctx.me.id ? 'Open by you' : `Open by ${claim.name}`;
}

/** The whole item: why it was held, the comment with its marks, context, history, and the action bar. */
export function renderItem(
  item: ReviewItem,
  ctx: AppContext,
  hooks: ItemViewHooks,
  banners: Child[],
): HTMLElement {
  const open = item.status === 'pending_review' || item.status === 'queued';
  return h(
    'article',
    {
      class: 'item',
      'data-testid': 'item',
      'data-id': item.id,
      'data-status': item.status,
      'data-version': String(item.version),
    },
    h(
      'header',
      { class: 'item-head' },
      statusPill(item.status),
      scoreBadge(item.score),
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
      { class: 'actions' },
      h(
        'button',
        { class: 'approve', onclick: () => hooks.onDecide('approve'), 'data-testid': 'approve' },
        h('kbd', null, 'a'),
        open ? ' Approve' : ' Approve instead',
      ),
      h(
        'button',
        { class: 'reject', onclick: () => hooks.onDecide('reject') },
        h('kbd', null, 'r'),
        ' Reject…',
      ),
      h('button', { class: 'spam', onclick: () => hooks.onDecide('spam') }, h('kbd', null, 's'), ' Spam'),
    ),
    h(
      'div',
      { class: 'columns' },
      h('section', null, h('h3', null, 'Why it was held'), signalRows(item.signals)),
      h('section', null, h('h3', null, 'Context'), threadBlock(item, hooks)),
    ),
    h(
      'div',
      { class: 'columns' },
      h('section', null, h('h3', null, "Author's earlier comments"), historyBlock(item)),
      h('section', null, h('h3', null, 'Decision history'), decisionsBlock(item.decisions, ctx)),
    ),
  );
}
