import { h } from './dom';
import { createItemPanel } from './item-panel';
import type { AppContext, View } from './context';

/** One item on its own page (#/item/<id>), e.g. from the audit log; the same keys act on it. */
export function mountItemPage(container: HTMLElement, ctx: AppContext, id: string): View {
  const panel = createItemPanel(ctx);
  container.append(
    h('div', { class: 'item-page' }, h('a', { href: '#/queue', class: 'back' }, '← Queue'), panel.element),
  );
  void panel.show(id);
  const timer = window.setInterval(() => void panel.refresh(), 10_000);
  return {
    onKey(event) {
      const verdict = ({ a: 'approve', r: 'reject', s: 'spam' } as const)[event.key as 'a' | 'r' | 's'];
      if (!verdict) return false;
      void panel.decide(verdict);
      return true;
    },
    unmount() {
      window.clearInterval(timer);
      panel.close();
    },
  };
}
