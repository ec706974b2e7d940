import { api, describe } from './api';
import { h, replace, type Child } from './dom';

/** What a record's panel may ask of the page: reload the list, or take a saved record in place. */
export interface PanelActions<T> {
  reload(): void;
  saved(record: T): void;
}

/**
 * The admin pages' shape: records listed on the side with a form to create one below, and the
 * chosen record's panel beside them. Returns `select`, which a create form calls with the new id.
 */
export function mountMasterDetail<T extends { id: string }>(
  container: HTMLElement,
  options: {
    title: string;
    /** What the panel says when nothing is chosen. */
    empty: string;
    path: string;
    label: (record: T) => Child[];
    panel: (record: T, actions: PanelActions<T>) => Node;
    /** Below the list: the create form and where its result shows. */
    aside: Node[];
    selectFirst?: boolean;
  },
): { select(id: string): Promise<void> } {
  let records: T[] = [];
  let selected: string | null = null;
  const list = h('ul', { class: 'side-list' });
  const detail = h('div', { class: 'side-detail' });

  const draw = () => {
    replace(
      list,
      records.map((record) =>
        h(
          'li',
          null,
          h(
            'button',
            {
              class: record.id === selected ? 'side active' : 'side',
              onclick: () => ((selected = record.id), draw()),
            },
            ...options.label(record),
          ),
        ),
      ),
    );
    const record = records.find((one) => one.id === selected);
    replace(
      detail,
      record
        ? options.panel(record, {
            reload: () => void load(),
            saved: (saved) => ((records = records.map((one) => (one.id === saved.id ? saved : one))), draw()),
          })
        : h('p', { class: 'muted pad' }, options.empty),
    );
  };
  const load = async () => {
    try {
      records = (await api<{ items: T[] }>('GET', options.path)).items;
      if (options.selectFirst) selected ??= records[0]?.id ?? null;
      draw();
    } catch (error) {
      replace(detail, h('p', { class: 'banner banner-error' }, describe(error)));
    }
  };
  container.append(
    h(
      'div',
      { class: 'page' },
      h('div', { class: 'toolbar' }, h('h1', null, options.title)),
      h('div', { class: 'side-layout' }, h('aside', null, list, ...options.aside), detail),
    ),
  );
  void load();
  return {
    select: async (id) => {
      selected = id;
      await load();
    },
  };
}
