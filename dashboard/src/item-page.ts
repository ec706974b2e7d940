import { h } from './dom';
import { createItemPanel } from './item-panel';
import { undoLatest } from './undo';
import type { AppContext, View } from './context';

/** One item on its own page (#/item/<id>), e.g. from the audit log; the same keys act on it. */
export function mountItemPage(container: HTMLElement, ctx: AppContext, id: string): View {
  const panel = createItemPanel(ctx);
  container.append(
    h(
      'div',
      { class: 'item-page' },
      h('h1', { class: 'visually-hidden' }, 'Comment'),
      h('a', { href: '#/queue', class: 'back' }, '← Queue'),
      panel.element,
    ),
  );
  void panel.show(id);
  // A colleague's decision on this item shows at once; the timer is the fallback.
  const unsubscribe = ctx.live.subscribe((event) => {
    if (event.type === 'decided' && event.id === id) void panel.refresh();
  });
  const timer = window.setInterval(() => void panel.refresh(), 10_000);
  return {
    onKey(event) {
      if (event.key === 'z') {
        void undoLatest(id).then(() => panel.refresh());
        return true;
      }
      const verdict = ({ a: 'approve', r: 'reject', s: 'spam' } as const)[event.key as 'a' | 'r' | 's'];
      if (!verdict) return false;
      void panel.decide(verdict);
      return true;
    },
    unmount() {
      window.clearInterval(timer);
      unsubscribe();
      panel.close();
    },
  };
}
