import { ago, h, humanize, when } from './dom';
import { scoreBadge } from './score';
import { claimText } from './item-view';
import type { AppContext } from './context';
import type { ReviewComment } from './types';

/**
 * One row of the queue: a checkbox for bulk decisions beside a link that opens the item (its URL),
 * so no control sits inside another and every row is reachable by Tab as well as by j and k.
 */
export function queueRow(
  item: ReviewComment,
  ctx: AppContext,
  state: { selected: boolean; checked: boolean; href: string },
  onCheck: (value: boolean) => void,
): HTMLElement {
  const claim =
    item.claimedBy && item.claimedBy.moderatorId !== ctx.me.id ? claimText(item.claimedBy, ctx) : null;
  const excerpt = item.content.slice(0, 240);
  return h(
    'li',
    {
      class: `row${state.selected ? ' selected' : ''}${state.checked ? ' checked' : ''}`,
      'data-id': item.id,
      'aria-current': state.selected ? 'true' : null,
    },
    h('input', {
      type: 'checkbox',
      checked: state.checked,
      'aria-label': `Select for a bulk decision: ${excerpt.slice(0, 60)}`,
      onchange: (event: Event) => onCheck((event.target as HTMLInputElement).checked),
    }),
    scoreBadge(item.score, ctx.site(item.siteId)),
    h(
      'a',
      { class: 'row-link', href: state.href },
      h('span', { class: 'excerpt' }, excerpt),
      h(
        'span',
        { class: 'meta' },
        h('span', null, ctx.siteName(item.siteId)),
        h('span', null, item.author.name ?? 'anonymous'),
        item.thread.title ? h('span', { class: 'clip' }, item.thread.title) : null,
        h('time', { datetime: item.receivedAt, title: when(item.receivedAt) }, ago(item.receivedAt)),
      ),
      h(
        'span',
        { class: 'codes' },
        item.signals
          .slice(0, 3)
          .map((signal) => h('span', { class: 'code', title: signal.code }, humanize(signal.code))),
        item.signals.length > 3 ? h('span', { class: 'muted' }, `+${item.signals.length - 3}`) : null,
        claim ? h('span', { class: 'pill claim', 'data-testid': 'row-claim' }, claim) : null,
      ),
    ),
  );
}
