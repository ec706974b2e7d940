import { showRows } from './table';
import { api, describe } from './api';
import { ago, h, replace, statusPill, when } from './dom';
import { undoDecision } from './undo';
import type { AppContext, View } from './context';
import type { MyDecision, Page } from './types';

/** "My decisions": what I decided lately, newest first, each with Undo while nobody changed it since. */
export function mountRecent(container: HTMLElement, ctx: AppContext): View {
  const table = h('div', { 'data-testid': 'recent' });
  const more = h('div', { class: 'list-footer' });
  let cursor: string | null = null;

  const row = (d: MyDecision) =>
    h(
      'tr',
      { 'data-id': d.id },
      h('td', { title: when(d.createdAt) }, ago(d.createdAt)),
      h(
        'td',
        { class: 'excerpt-cell' },
        h('a', { href: `#/item/${d.commentId}` }, d.excerpt || '(empty)'),
        h('span', { class: 'muted small' }, ` ${ctx.siteName(d.siteId)} · ${d.externalId}`),
      ),
      h(
        'td',
        null,
        statusPill(d.fromStatus),
        ' → ',
        statusPill(d.toStatus),
        d.undoes ? h('span', { class: 'muted' }, ' (undo)') : null,
      ),
      h('td', null, [d.reason, d.note].filter(Boolean).join(' · ')),
      h(
        'td',
        null,
        d.undoable
          ? h(
              'button',
              {
                class: 'small',
                'aria-label': `Undo: ${d.excerpt.slice(0, 40)}`,
                onclick: async () => {
                  if (await undoDecision(d.id)) void load(false);
                },
              },
              'Undo',
            )
          : h(
              'span',
              { class: 'muted small' },
              d.current.version === d.version
                ? ''
                : `changed since (now ${d.current.status.replace('_', ' ')})`,
            ),
      ),
    );

  const load = async (append: boolean) => {
    try {
      const page = await api<Page<MyDecision>>(
        'GET',
        `/v1/review/decisions/mine?limit=50${append && cursor ? `&cursor=${cursor}` : ''}`,
      );
      cursor = page.nextCursor;
      showRows(table, {
        headers: ['When', 'Comment', 'Change', 'Reason and note', ''],
        rows: page.items.map(row),
        empty: 'You have not decided anything yet.',
        append,
      });
      replace(
        more,
        cursor ? h('button', { class: 'ghost', onclick: () => void load(true) }, 'Older decisions') : null,
      );
    } catch (error) {
      replace(table, h('p', { class: 'banner banner-error' }, describe(error)));
    }
  };
  container.append(
    h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'toolbar' },
        h('h1', null, 'My decisions'),
        h('p', { class: 'muted' }, 'Undo puts a comment back as it was, and tells its site.'),
      ),
      table,
      more,
    ),
  );
  void load(false);
  return {};
}
