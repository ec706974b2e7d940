import { h, replace } from './dom';

/**
 * Shows a page of rows in `box`: a table with a header row, or `empty` when there is nothing; with
 * `append`, the rows go below those of the table already shown (the next page of a list).
 */
export function showRows(
  box: HTMLElement,
  page: { headers: string[]; rows: HTMLElement[]; empty: string; append?: boolean },
): void {
  const tbody = box.querySelector('tbody');
  if (page.append && tbody) return void tbody.append(...page.rows);
  replace(
    box,
    page.rows.length === 0
      ? h('p', { class: 'muted pad' }, page.empty)
      : h(
          'table',
          { class: 'grid-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              page.headers.map((label) => h('th', { scope: 'col' }, label)),
            ),
          ),
          h('tbody', null, page.rows),
        ),
  );
}
