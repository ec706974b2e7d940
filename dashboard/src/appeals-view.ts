import { ago, h } from './dom';
import { createItemPanel, type ItemPanel } from './item-panel';
import { mountMasterDetail } from './master-detail';
import type { AppContext, View } from './context';
import type { ReviewComment } from './types';

/**
 * The Appeals tab: comments whose rejection the commenter contests, oldest first, each opening the
 * item with the commenter's appeal text; approving overturns the rejection, rejecting upholds it,
 * and the site hears the outcome.
 */
export function mountAppeals(container: HTMLElement, ctx: AppContext): View {
  let open: ItemPanel | null = null;
  const page = mountMasterDetail<ReviewComment>(container, {
    title: 'Appeals',
    empty: 'No appeal is waiting. Choose one to read the commenter’s words.',
    path: '/v1/review/queue?status=appealed&sort=oldest&limit=200',
    label: (item) => [
      h('span', { class: 'excerpt' }, item.content.slice(0, 120)),
      h(
        'span',
        { class: 'muted small-print' },
        `${ctx.siteName(item.siteId)} · ${item.reason?.code ?? 'no reason'} · ${ago(item.receivedAt)}`,
      ),
    ],
    panel: (item, actions) => {
      open?.close();
      open = createItemPanel(ctx, { onDecided: () => actions.reload() });
      void open.show(item.id);
      return open.element;
    },
    aside: [],
    selectFirst: true,
  });
  void page;
  return {
    onKey(event) {
      const verdict = ({ a: 'approve', r: 'reject' } as const)[event.key as 'a' | 'r'];
      if (!verdict || !open) return false;
      void open.decide(verdict);
      return true;
    },
    unmount() {
      open?.close();
    },
  };
}
